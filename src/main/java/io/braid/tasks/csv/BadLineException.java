package io.braid.tasks.csv;

/** A CSV record that cannot be imported; skippable up to the task's {@code skipLimit}. */
public class BadLineException extends Exception {
    private static final long serialVersionUID = 1L;
    private final long line;

    public BadLineException(long line, String reason) {
        super("line " + line + ": " + reason);
        this.line = line;
    }

    public long line() {
        return line;
    }

    public String reason() {
        String m = getMessage();
        return m.substring(m.indexOf(": ") + 2);
    }
}
