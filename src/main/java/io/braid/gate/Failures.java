package io.braid.gate;

/** Error text for run records: the exception and its root cause, which is what an operator needs. */
public final class Failures {
    private Failures() {
    }

    public static String describe(Throwable t) {
        if (t == null) {
            return null;
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = t.getClass().getSimpleName() + ": " + t.getMessage();
        return root == t ? top : top + " (root cause " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
}
