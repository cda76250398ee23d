package org.s3nas.workbench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where and how a command gives its report (scale, se-rank, simulate): a format, and a file instead of the standard output. */
final class ReportOptions {
    enum Format { table, json, csv }

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT", description = "table, json or csv (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report here instead of the standard output.")
    Path output;

    /** The report into the --output file (its folder created when missing), else on {@code out}. */
    void emit(String report, PrintWriter out) throws IOException {
        if (output != null) {
            Path abs = output.toAbsolutePath();
            if (abs.getParent() != null) Files.createDirectories(abs.getParent());
            Files.writeString(output, report, StandardCharsets.UTF_8);
        } else {
            out.print(report);
            out.flush();
        }
    }
}
