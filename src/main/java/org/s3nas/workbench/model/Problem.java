package org.s3nas.workbench.model;

/** One validation finding: the JSON path of the field, what is wrong, and whether it blocks use. */
public record Problem(String path, String message, Severity severity) {
    public enum Severity { ERROR, WARNING }

    public static Problem error(String path, String message) { return new Problem(path, message, Severity.ERROR); }

    public static Problem warning(String path, String message) { return new Problem(path, message, Severity.WARNING); }

    public boolean isError() { return severity == Severity.ERROR; }

    @Override
    public String toString() { return path + ": " + message + (isError() ? "" : " (warning)"); }
}
