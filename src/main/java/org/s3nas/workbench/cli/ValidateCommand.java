package org.s3nas.workbench.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.s3nas.workbench.io.ProjectFiles;
import org.s3nas.workbench.model.Problem;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.Validator;
import picocli.CommandLine.Command;

/**
 * {@code validate <project>}: reads and checks a project file. Exit 0 with {@code ok: <name>} on stdout (warnings
 * on stderr), or 2 with one {@code path: message} line per problem on stderr.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a project file: JSON syntax, format version, field types and the supernet, NPU and search settings.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the project is valid (warnings may be printed)", "2:the project has problems, one per line on stderr"})
final class ValidateCommand extends ProjectCommand {
    @Override
    int run(Project p, PrintWriter out, PrintWriter err) {
        List<Problem> warnings = new ArrayList<>(Validator.validate(p).stream().filter(w -> !w.isError()).toList());
        Path data = ProjectFiles.resolveDataPath(p, project);
        if (!Files.isDirectory(data)) {
            warnings.add(Problem.warning("search.dataset.path", "folder " + data + " does not exist; a search cannot start until it does"));
        }
        out.println("ok: " + p.name());
        out.flush();
        for (Problem w : warnings) err.println("warning: " + w.path() + ": " + w.message());
        err.flush();
        return 0;
    }
}
