package io.braid.parse;

/**
 * One thing wrong with a workflow file, located precisely enough to fix it without searching.
 *
 * @param line   1-based
 * @param column 1-based
 * @param field  path of the offending field, e.g. {@code tasks[load].needs}
 * @param check  which of the parser's checks found it
 */
public record Problem(String file, int line, int column, String field, String message, Check check) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + field + ": " + message;
    }
}
