package org.s3nas.workbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a command writes a Python package for PyTorch (export-search, export-training), and how that package is run. */
final class PythonPackageOptions {
    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Package folder (created when missing).")
    Path out;

    /** The line that says how to start the package's {@code script} on N processes (through its launch.py). */
    void printRunLine(PrintWriter o, String script) {
        o.println("run: python3 " + out.resolve("launch.py") + " --standalone --nproc_per_node=N " + out.resolve(script)
                + "   (launch.py starts torchrun, also where Debian's own torchrun fails; see " + out.resolve("README.md") + ")");
    }
}
