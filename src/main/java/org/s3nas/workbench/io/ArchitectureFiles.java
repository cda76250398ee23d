package org.s3nas.workbench.io;

import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Problem;
import org.s3nas.workbench.model.Validator;

/**
 * Architecture and NPU files, read as strictly as projects: every problem at once, each with its JSON path and line,
 * then validated against the {@link org.s3nas.workbench.model.Limits}. An architecture file is either the bare
 * record or what a search or training run writes, {@code {"format": 1, "architecture": {...}}}.
 */
public final class ArchitectureFiles {
    private ArchitectureFiles() {}

    /** Reads and validates an architecture file (bare, or a run's {@code architecture.json}). */
    public static Architecture readArchitecture(Path file) throws ProjectFileException {
        String label = file.toString();
        String text = JsonProblems.readText(file);
        JsonNode root = tree(text, label);
        List<String> prefix = List.of();
        JsonNode node = root;
        if (root.isObject() && root.has("architecture") && !root.has("blocks")) {
            List<Problem> wrapper = new ArrayList<>();
            JsonNode f = root.get("format");
            if (f != null && !(f.isInt() && f.asInt() == 1)) {
                wrapper.add(Problem.error("format", "unsupported format " + f + ": this workbench reads format 1"));
            }
            root.fieldNames().forEachRemaining(n -> {
                if (!n.equals("format") && !n.equals("architecture")) {
                    wrapper.add(Problem.error(n, "unknown field \"" + n + "\"; a run's architecture file has format, architecture"));
                }
            });
            if (!wrapper.isEmpty()) throw new ProjectFileException(label, wrapper);
            node = root.get("architecture");
            prefix = List.of("architecture");
        }
        Architecture a = bind(text, node, Architecture.class, label, prefix, prefix.isEmpty() ? "architecture" : "");
        List<Problem> errors = Validator.validateArchitecture(a, "architecture")
                .stream().filter(Problem::isError).toList();
        if (!errors.isEmpty()) throw new ProjectFileException(label, errors);
        return a;
    }

    /** Reads and validates an NPU configuration file (the NpuConfig record). */
    public static NpuConfig readNpu(Path file) throws ProjectFileException {
        String label = file.toString();
        String text = JsonProblems.readText(file);
        NpuConfig n = bind(text, tree(text, label), NpuConfig.class, label, List.of(), "npu");
        List<Problem> errors = Validator.validateNpu(n, "npu").stream().filter(Problem::isError).toList();
        if (!errors.isEmpty()) throw new ProjectFileException(label, errors);
        return n;
    }

    private static JsonNode tree(String text, String label) throws ProjectFileException {
        Problem syntax = JsonProblems.syntax(text, label);
        if (syntax != null) throw new ProjectFileException(label, List.of(syntax));
        try {
            JsonNode root = Json.mapper().readTree(text);
            if (root == null || root.isNull()) throw JsonProblems.fail(label, "holds null instead of an object");
            return root;
        } catch (IOException e) {
            throw JsonProblems.fail(label, "cannot be parsed: " + JsonProblems.plain(e.getMessage()));
        }
    }

    /** Binds {@code node} (at {@code prefix} in the text) after checking its shape; problems name full paths. */
    private static <T> T bind(String text, JsonNode node, Class<T> type, String label, List<String> prefix, String shownRoot)
            throws ProjectFileException {
        List<Problem> shape = JsonShape.check(text, node, type, List.of(), new ArrayList<>(prefix), shownRoot);
        if (!shape.isEmpty()) throw new ProjectFileException(label, shape);
        try {
            return Json.mapper().treeToValue(node, type);
        } catch (DatabindException e) {
            throw new ProjectFileException(label, List.of(JsonProblems.binding(e, text, label, List.of())));
        } catch (IOException e) {
            throw JsonProblems.fail(label, "cannot be read: " + JsonProblems.plain(e.getMessage()));
        }
    }
}
