package io.braid.tasks.retry;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;

import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;

/**
 * The one MicroProfile Fault Tolerance guard on Braid's task execution path. Annotation values are fixed per
 * method, so this method allows the most any task may ask for; each task's own policy steers it through the
 * two exceptions it reacts to: {@link RetryAttempt} (try again) and {@link FinalFailure} (abort now). See
 * {@link TaskAttempts} and docs/architecture.md, "Retry and timeout".
 */
@ApplicationScoped
public class RetryGuard {
    /** The ceiling; the parser allows retry.maxRetries up to this. */
    public static final int MAX_RETRIES = 100;

    @Retry(maxRetries = MAX_RETRIES, delay = 0, jitter = 0, maxDuration = 7, durationUnit = ChronoUnit.DAYS,
            retryOn = RetryAttempt.class, abortOn = FinalFailure.class)
    public <T> T call(Callable<T> attempt) throws Exception {
        return attempt.call();
    }
}
