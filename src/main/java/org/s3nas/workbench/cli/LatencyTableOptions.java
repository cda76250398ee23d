package org.s3nas.workbench.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.npu.LatencyTable;
import picocli.CommandLine.Option;

/** The latency table a command estimates with (estimate, random-search): a given file, else the project's sidecar. */
final class LatencyTableOptions {
    @Option(names = "--table", paramLabel = "FILE", description = "Latency table file (default: the project's sidecar, profiled when missing or stale).")
    Path file;

    /** The table (see {@link LatencyCli#table}); a fresh profile reports where it comes from and its progress on {@code err}. */
    LatencyTable table(Project p, Path projectFile, PrintStream err, boolean quiet) throws IOException {
        return LatencyCli.table(p, projectFile, file, err, quiet);
    }
}
