package io.braid.api;

import io.braid.log.Messages;
import jakarta.batch.operations.JobExecutionAlreadyCompleteException;
import jakarta.batch.operations.JobExecutionIsRunningException;
import jakarta.batch.operations.JobExecutionNotRunningException;
import jakarta.batch.operations.JobRestartException;
import jakarta.batch.operations.JobSecurityException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.logging.Logger;

import static io.braid.json.JsonP.JSON;

/** Every error leaves the API as JSON with a message, never as an HTML page or a stack trace. */
@Provider
public class ErrorMapper implements ExceptionMapper<Exception> {
    private static final Logger LOG = Logger.getLogger(ErrorMapper.class.getName());

    @Override
    public Response toResponse(Exception e) {
        int status;
        String message;
        if (e instanceof ApiException a) {
            status = a.status();
            message = a.getMessage();
        } else if (e instanceof JobSecurityException) {
            // Liberty's batch security: e.g. a batchSubmitter acting on someone else's job
            status = 403;
            message = "not allowed: " + e.getMessage();
        } else if (e instanceof JobRestartException || e instanceof JobExecutionNotRunningException
                || e instanceof JobExecutionAlreadyCompleteException || e instanceof JobExecutionIsRunningException) {
            status = 409;
            message = e.getMessage();
        } else if (e instanceof WebApplicationException w) {
            status = w.getResponse().getStatus();
            message = w.getMessage();
        } else {
            status = 500;
            message = "internal error: " + e.getClass().getSimpleName();
            Messages.API_FAILED.log(LOG, e, e.getClass().getName());
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(JSON.createObjectBuilder().add("status", status).add("error", String.valueOf(message)).build())
                .build();
    }
}
