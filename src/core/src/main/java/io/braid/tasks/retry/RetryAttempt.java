package io.braid.tasks.retry;

/** An attempt failed and the task's policy allows another: MicroProfile Fault Tolerance retries. */
public class RetryAttempt extends Exception {
    private static final long serialVersionUID = 1L;

    public RetryAttempt(Throwable cause) {
        super(cause);
    }
}
