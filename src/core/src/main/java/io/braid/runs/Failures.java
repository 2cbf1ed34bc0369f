package io.braid.runs;

import java.util.function.UnaryOperator;

/** Error text for run records: the exception and its root cause, which is what an operator needs. */
public final class Failures {
    private Failures() {
    }

    public static String describe(Throwable t) {
        if (t == null) {
            return null;
        }
        if (t instanceof TaskFailure f) {
            return f.getMessage();
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = t.getClass().getSimpleName() + ": " + t.getMessage();
        return root == t ? top : top + " (root cause " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    /**
     * The failure as it may leave a task: its description with secrets masked, and its stack trace, but no cause
     * chain, whose messages (resolved URLs, bodies, driver messages) could carry a secret into the batch runtime's
     * own log lines and job logs.
     */
    public static TaskFailure masked(Throwable t, UnaryOperator<String> mask) {
        if (t instanceof TaskFailure f) {
            return f;
        }
        TaskFailure f = new TaskFailure(mask.apply(describe(t)));
        f.setStackTrace(t.getStackTrace());
        return f;
    }

    /** A task's failure, described and masked (see {@link #masked}). */
    public static final class TaskFailure extends Exception {
        private static final long serialVersionUID = 1L;

        TaskFailure(String description) {
            super(description);
        }
    }
}
