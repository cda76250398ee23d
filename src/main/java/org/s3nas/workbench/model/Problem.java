package org.s3nas.workbench.model;

/** One validation finding: the JSON path of the field, what is wrong, and whether it blocks use. */
public record Problem(String path, String message, Severity severity) {
    public enum Severity { ERROR, WARNING }

    /** Longest path or message kept; a longer one (a huge value quoted back) is cut with "...". */
    static final int MAX_LENGTH = 500;

    /** One problem is one line: control characters (a newline in a quoted value) are shown escaped. */
    public Problem {
        path = oneLine(path);
        message = oneLine(message);
    }

    /** {@code s} with control characters escaped (a newline as backslash-n) and cut to {@link #MAX_LENGTH}. */
    public static String oneLine(String s) {
        if (s == null) return null;
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_LENGTH + 8));
        for (int i = 0; i < s.length() && b.length() < MAX_LENGTH; i++) {
            char c = s.charAt(i);
            if (c == '\n') b.append("\\n");
            else if (c == '\r') b.append("\\r");
            else if (c == '\t') b.append("\\t");
            else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        if (b.length() >= MAX_LENGTH) {
            b.setLength(MAX_LENGTH - 3);
            b.append("...");
        }
        return b.toString();
    }

    public static Problem error(String path, String message) { return new Problem(path, message, Severity.ERROR); }

    public static Problem warning(String path, String message) { return new Problem(path, message, Severity.WARNING); }

    public boolean isError() { return severity == Severity.ERROR; }

    @Override
    public String toString() { return path + ": " + message + (isError() ? "" : " (warning)"); }
}
