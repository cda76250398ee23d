package org.s3nas.workbench.cli;

import org.s3nas.workbench.engine.BackgroundRun;
import picocli.CommandLine.Option;

/** How often the search or training a command runs reports its progress (search, train): a line per report. */
final class ProgressOptions {
    @Option(names = "--progress-ms", paramLabel = "MS", defaultValue = "2000", description = "Minimum time between progress lines (default: ${DEFAULT-VALUE}).")
    long ms;

    void applyTo(BackgroundRun<?, ?, ?> run) {
        run.setEventIntervalMs(ms);
    }
}
