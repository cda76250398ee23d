package org.s3nas.workbench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.s3nas.workbench.io.export.SearchPackageExporter;
import org.s3nas.workbench.model.Project;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code export-search <project> --out DIR}: the project's search as a Python package for PyTorch (one process, or
 * DDP under torchrun on one or several machines) that writes the workbench's run-folder format.
 */
@Command(name = "export-search", mixinStandardHelpOptions = true,
        description = "Write the project's search (supernet, latency table, configuration, a PyTorch implementation with DDP) "
                + "as a self-contained Python package.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:written", "2:bad project, table or folder"})
final class ExportSearchCommand extends ProjectCommand {
    @Mixin
    PythonPackageOptions pkg;

    @Option(names = "--initial-state", description = "Also write the ND4J engine's initial supernet state (initial-state/), "
            + "which search.py --initial-state starts from.")
    boolean initialState;

    @Override
    int run(Project p, PrintWriter o, PrintWriter err) {
        try {
            List<Path> files = SearchPackageExporter.export(p, LatencyCli.table(p, project, null, System.err, false),
                    projectFolder(), pkg.out, initialState);
            o.println("exported the search of " + p.name() + " to " + pkg.out + " (" + files.size() + " files)");
            pkg.printRunLine(o, "search.py");
            o.flush();
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            return fail(err, 2, "export-search: " + e.getMessage());
        }
    }
}
