package io.braid.tasks.retry;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.util.concurrent.Callable;

/**
 * MicroProfile Fault Tolerance around one attempt of a task, one method per task type: {@code @Timeout} bounds one
 * attempt, {@code @Bulkhead} the attempts of that type running at once on this server. Annotation values are fixed per
 * method, so both are set per type through MicroProfile Config, and both are off until an operator turns them on
 * (braid-core's {@code META-INF/microprofile-config.properties}), e.g. for the {@code http} type:
 *
 * <pre>
 * io.braid.tasks.retry.AttemptGuard/http/Timeout/enabled=true
 * io.braid.tasks.retry.AttemptGuard/http/Timeout/value=30000          (milliseconds)
 * io.braid.tasks.retry.AttemptGuard/http/Bulkhead/enabled=true
 * io.braid.tasks.retry.AttemptGuard/http/Bulkhead/value=8
 * </pre>
 *
 * An attempt that runs past its timeout is interrupted by Fault Tolerance and fails with its {@code TimeoutException};
 * an attempt the bulkhead has no place for fails at once with {@code BulkheadException}. Either failure is then retried
 * under the task's {@code retry:} policy like any other. Braid's own {@code timeout:} (all attempts together) and its
 * groups (shared by runs and servers, with waiting) stay Braid's: Fault Tolerance cannot express them.
 * docs/workflow-format.md, "Retry and timeout".
 */
@ApplicationScoped
public class AttemptGuard {
    /** The annotations' own timeout, in milliseconds (a day), used when only {@code enabled} is set. */
    private static final long DAY = 86_400_000;
    /** The bulkhead's own value, used when only {@code enabled} is set: attempts of a type at once on a server. */
    private static final int MANY = 1_000;

    /**
     * Runs one attempt of a task of the given type, under that type's Fault Tolerance policies. Called on the injected
     * bean: the policies are interceptors, which a call from inside this class would not pass through.
     */
    public static <T> T attempt(AttemptGuard guard, String type, Callable<T> attempt) throws Exception {
        return switch (type) {
            case "wait" -> guard.waitType(attempt);
            case "sql" -> guard.sql(attempt);
            case "http" -> guard.http(attempt);
            case "csv-import" -> guard.csvImport(attempt);
            default -> guard.custom(attempt);
        };
    }

    @Timeout(DAY)
    @Bulkhead(MANY)
    public <T> T waitType(Callable<T> attempt) throws Exception {
        return attempt.call();
    }

    @Timeout(DAY)
    @Bulkhead(MANY)
    public <T> T sql(Callable<T> attempt) throws Exception {
        return attempt.call();
    }

    @Timeout(DAY)
    @Bulkhead(MANY)
    public <T> T http(Callable<T> attempt) throws Exception {
        return attempt.call();
    }

    @Timeout(DAY)
    @Bulkhead(MANY)
    public <T> T csvImport(Callable<T> attempt) throws Exception {
        return attempt.call();
    }

    /** Every type of your own. */
    @Timeout(DAY)
    @Bulkhead(MANY)
    public <T> T custom(Callable<T> attempt) throws Exception {
        return attempt.call();
    }
}
