package org.s3nas.workbench.io;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import org.s3nas.workbench.model.Problem;

/**
 * A file the workbench reads (a project, an authors' supergraph) cannot be used. Carries every problem found,
 * each with the JSON path of the field and, where the text has one, the line and column inside the message
 * ({@code supernet.stages[2].depth: expected an integer, found "three" (line 14, column 20)}).
 */
public class ProjectFileException extends IOException {
    private final transient List<Problem> problems;

    public ProjectFileException(String file, List<Problem> problems) {
        super(describe(file, problems));
        this.problems = List.copyOf(problems);
    }

    /** What is wrong, one entry per problem, in the order found. */
    public List<Problem> problems() { return problems; }

    private static String describe(String file, List<Problem> problems) {
        String head = file + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems");
        return head + problems.stream().map(p -> "\n  " + p).collect(Collectors.joining());
    }
}
