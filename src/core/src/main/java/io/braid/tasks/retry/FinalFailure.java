package io.braid.tasks.retry;

/** The task gives up (retries used up, or an abortOn exception): MicroProfile Fault Tolerance aborts at once. */
public class FinalFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public FinalFailure(Throwable cause) {
        super(cause);
    }
}
