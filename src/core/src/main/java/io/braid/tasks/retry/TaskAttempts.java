package io.braid.tasks.retry;

import io.braid.model.Retry;
import io.braid.tasks.PolicyException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;

/**
 * One task's retry policy applied to its work through {@link RetryGuard}: decides after each failed attempt
 * whether MicroProfile Fault Tolerance should try again, waits the policy's delay (doubling up to maxDelay,
 * with jitter) before it does, and in the end rethrows the last attempt's own exception, so the root cause is
 * kept.
 */
public final class TaskAttempts {
    private final Retry policy;
    private final BiConsumer<Integer, Exception> onRetry;
    private int attempt;

    /** @param onRetry called with the attempt number and error of each attempt that will be retried */
    public TaskAttempts(Retry policy, BiConsumer<Integer, Exception> onRetry) {
        this.policy = policy;
        this.onRetry = onRetry;
    }

    public <T> T run(RetryGuard guard, Callable<T> work) throws Exception {
        try {
            return guard.call(() -> once(work));
        } catch (FinalFailure | RetryAttempt e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw new IllegalStateException(cause);
        }
    }

    private <T> T once(Callable<T> work) throws Exception {
        attempt++;
        try {
            return work.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FinalFailure(e);
        } catch (Exception e) {
            if (attempt > policy.maxRetries() || e instanceof PolicyException || matches(e, policy.abortOn())
                    || !policy.retryOn().isEmpty() && !matches(e, policy.retryOn())) {
                throw new FinalFailure(e);
            }
            onRetry.accept(attempt, e);
            sleep(delayBefore(attempt + 1));
            throw new RetryAttempt(e);
        }
    }

    /** Attempts made so far. */
    public int attempts() {
        return attempt;
    }

    /** The wait before the given attempt (2 = first retry): delay × 2^(n-2), capped by maxDelay, ± jitter. */
    Duration delayBefore(int nextAttempt) {
        long base = policy.delay().toMillis();
        if (base == 0) {
            return Duration.ZERO;
        }
        long grown = policy.maxDelay().isEmpty() ? base
                : Math.min(policy.maxDelay().get().toMillis(), base << Math.min(30, nextAttempt - 2));
        long jitter = policy.jitter().toMillis();
        long j = jitter == 0 ? 0 : ThreadLocalRandom.current().nextLong(-jitter, jitter + 1);
        return Duration.ofMillis(Math.max(0, grown + j));
    }

    private static void sleep(Duration d) throws FinalFailure {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FinalFailure(e);
        }
    }

    /** Whether the exception (or a cause of it) is an instance of one of the named classes. */
    static boolean matches(Throwable e, List<String> classNames) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
                if (classNames.contains(c.getName())) {
                    return true;
                }
            }
        }
        return false;
    }
}
