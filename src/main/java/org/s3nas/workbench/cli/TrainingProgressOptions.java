package org.s3nas.workbench.cli;

import java.io.PrintWriter;
import org.s3nas.workbench.train.TrainEvent;
import org.s3nas.workbench.train.TrainListener;
import picocli.CommandLine.Option;

/**
 * How often the trainings inside a longer run (random-search, report) print their progress. Each command gives its
 * own default.
 */
final class TrainingProgressOptions {
    @Option(names = "--progress-ms", paramLabel = "MS", description = "Minimum time between training progress lines (default: ${DEFAULT-VALUE}).")
    long ms;

    /** With {@code defaultMs} as the default (picocli shows a field's initial value as its default). */
    TrainingProgressOptions(long defaultMs) {
        ms = defaultMs;
    }

    /** The trainings' progress lines at most one per --progress-ms, and always the last; no status lines (the run prints its own). */
    TrainListener printer(PrintWriter o) {
        TrainListener printer = ProjectCommand.trainPrinter(o);
        return new TrainListener() {
            private long last;

            @Override
            public void onProgress(TrainEvent e) {
                long now = System.currentTimeMillis();
                if (now - last >= ms || e.progress() >= 1) {
                    last = now;
                    printer.onProgress(e);
                }
            }
        };
    }
}
