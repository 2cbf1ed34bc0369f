package io.braid.tasks;

/** A task asked for something the server's policies do not allow (a file outside the roots, a host not allowed). */
public class PolicyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PolicyException(String message) {
        super(message);
    }
}
