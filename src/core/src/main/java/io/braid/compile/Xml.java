package io.braid.compile;

/** A minimal indenting XML writer: byte-stable output for golden files. */
final class Xml {
    private final StringBuilder out = new StringBuilder();
    private int depth;

    Xml raw(String line) {
        indent();
        out.append(line).append('\n');
        return this;
    }

    /** Opens an element; attrs are name/value pairs, null values are omitted. */
    Xml open(String name, String... attrs) {
        indent();
        out.append('<').append(name);
        attributes(attrs);
        out.append(">\n");
        depth++;
        return this;
    }

    Xml empty(String name, String... attrs) {
        indent();
        out.append('<').append(name);
        attributes(attrs);
        out.append("/>\n");
        return this;
    }

    Xml close(String name) {
        depth--;
        indent();
        out.append("</").append(name).append(">\n");
        return this;
    }

    Xml comment(String text) {
        indent();
        out.append("<!-- ").append(text.replace("--", "- -")).append(" -->\n");
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void attributes(String... attrs) {
        for (int i = 0; i < attrs.length; i += 2) {
            if (attrs[i + 1] != null) {
                out.append(' ').append(attrs[i]).append("=\"").append(escape(attrs[i + 1])).append('"');
            }
        }
    }

    private void indent() {
        out.append("    ".repeat(depth));
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\n' -> b.append("&#10;");
                case '\r' -> b.append("&#13;");
                case '\t' -> b.append("&#9;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
