package io.braid.api;

import jakarta.ws.rs.core.Response;

/** An API error with its HTTP status; rendered as {@code {"status":…, "error":"…"}} by {@link ErrorMapper}. */
public class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public ApiException(Response.Status status, String message) {
        super(message);
        this.status = status.getStatusCode();
    }

    public int status() {
        return status;
    }

    static ApiException notFound(String what) {
        return new ApiException(Response.Status.NOT_FOUND, what + " not found");
    }

    static ApiException badRequest(String message) {
        return new ApiException(Response.Status.BAD_REQUEST, message);
    }

    static ApiException conflict(String message) {
        return new ApiException(Response.Status.CONFLICT, message);
    }
}
