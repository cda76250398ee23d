package org.s3nas.workbench;

import org.s3nas.workbench.cli.S3nasCli;

/**
 * Entry point. Deliberately not a JavaFX {@code Application}: command-line modes must run without a display.
 * No argument, or {@code gui [project]}, opens the workbench; any other subcommand runs headless.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = S3nasCli.run(args);
        if (code >= 0) System.exit(code);
        // a negative code means the workbench window was opened and owns the process from here
    }
}
