package org.s3nas.workbench.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What the commands on one architecture of a project share (scale, se-rank): the project, the architecture, the report's format. */
final class ArchitectureOptions {
    enum Format { table, json, csv }

    @Parameters(index = "0", paramLabel = "PROJECT", description = "Project file (.json).")
    Path project;

    @Option(names = "--architecture", required = true, paramLabel = "NAME",
            description = "A saved architecture of the project, or 'largest' / 'smallest' of its supernet.")
    String architecture;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT", description = "table, json or csv (default: ${DEFAULT-VALUE}).")
    Format format;
}
