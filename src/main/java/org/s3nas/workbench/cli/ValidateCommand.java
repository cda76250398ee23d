package org.s3nas.workbench.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.s3nas.workbench.io.ProjectFileException;
import org.s3nas.workbench.io.ProjectFiles;
import org.s3nas.workbench.model.Problem;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.Validator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code validate <project>}: reads and checks a project file. Exit 0 with {@code ok: <name>} on stdout (warnings
 * on stderr), or 2 with one {@code path: message} line per problem on stderr.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a project file: JSON syntax, format version, field types and the supernet, NPU and search settings.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the project is valid (warnings may be printed)", "2:the project has problems, one per line on stderr"})
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROJECT", description = "Project file (.json) to check.")
    Path project;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Project p;
        try {
            p = ProjectFiles.load(project);
        } catch (ProjectFileException e) {
            for (Problem problem : e.problems()) err.println(problem.path() + ": " + problem.message());
            err.flush();
            return 2;
        }
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
