package org.s3nas.workbench.app;

import java.nio.file.Path;
import java.util.List;
import org.s3nas.workbench.model.Problem;

/** A file cannot be opened, imported or saved; {@link #problems()} lists every problem found, each with its path. */
public final class ProjectProblemException extends Exception {
    private final Path file;
    private final List<Problem> problems;

    public ProjectProblemException(Path file, List<Problem> problems, Throwable cause) {
        super(summary(file, problems), cause);
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    public Path file() { return file; }

    public List<Problem> problems() { return problems; }

    private static String summary(Path file, List<Problem> problems) {
        String n = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
        return file + ": " + n + (problems.isEmpty() ? "" : " (first: " + problems.get(0) + ")");
    }
}
