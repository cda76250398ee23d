package org.s3nas.workbench.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.Head;
import org.s3nas.workbench.model.InputShape;
import org.s3nas.workbench.model.Limits;
import org.s3nas.workbench.model.Problem;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Stem;
import org.s3nas.workbench.model.Supernet;
import org.s3nas.workbench.model.Validator;

/**
 * Reads the authors' network files (SPEC §2.7: {@code img_size}, {@code img_c}, {@code n_classes},
 * {@code first_conv}, {@code stages_args} block strings, {@code feature_mix_layer}). A supergraph (searchable
 * c12/c102 stages) becomes a {@link Supernet} named after the file; a file of fixed c0/c100 blocks (a searched
 * network) becomes an {@link Architecture}. Stem and head use ReLU, as the authors' default activation.
 * Every problem found is reported at once, with its path in the file and its line and column.
 */
public final class SupergraphImporter {
    private static final List<String> KNOWN = List.of("img_size", "img_c", "n_classes", "first_conv", "stages_args", "feature_mix_layer");

    private SupergraphImporter() {}

    /** A supergraph file as a supernet, named after the file (without {@code .json}). */
    public static Supernet importSupernet(Path file) throws ProjectFileException {
        return importSupernet(JsonProblems.readText(file), nameOf(file), file.toString());
    }

    /** A supergraph text as a supernet named {@code name}; {@code label} names the source in messages. */
    public static Supernet importSupernet(String text, String name, String label) throws ProjectFileException {
        Reader r = new Reader(text, label);
        Common c = r.common();
        List<Stage> stages = parseStages(r, c, true, (s, i) -> List.of(BlockString.parseStage(s)));
        r.throwIfAny();
        Supernet sn = new Supernet(name, c.input(), c.stem(), stages, c.head());
        return valid(sn, Validator.validateSupernet(sn, "supernet"), label);
    }

    /** A file of fixed blocks (c0/c100, e.g. a searched network) as an architecture named after the file. */
    public static Architecture importArchitecture(Path file) throws ProjectFileException {
        return importArchitecture(JsonProblems.readText(file), nameOf(file), file.toString());
    }

    public static Architecture importArchitecture(String text, String name, String label) throws ProjectFileException {
        Reader r = new Reader(text, label);
        Common c = r.common();
        List<Block> blocks = parseStages(r, c, false, BlockString::parseBlocks);
        r.throwIfAny();
        Architecture a = new Architecture(name, c.input(), c.stem(), blocks, c.head());
        return valid(a, Validator.validateArchitecture(a, "architecture"), label);
    }

    /** Parses one stage string (the {@code index}-th of the file). */
    @FunctionalInterface
    private interface StageParser<T> {
        List<T> parse(String stage, int index) throws BlockStringException;
    }

    /**
     * The file's stage strings through {@code parser}, each checked first: its blocks must be searchable (a supernet)
     * or fixed (an architecture), and its input width must match the previous output. Problems are collected in
     * {@code r}, one per stage.
     */
    private static <T> List<T> parseStages(Reader r, Common c, boolean searchable, StageParser<T> parser) {
        List<T> out = new ArrayList<>();
        int prevOut = c.stemChannels;
        for (int i = 0; i < c.stages.size(); i++) {
            String s = c.stages.get(i);
            if (s == null) continue;
            try {
                BlockString.Parsed p = BlockString.parse(s);
                if (p.type().searchable != searchable) {
                    r.stageError(i, "c" + p.type().code + (searchable
                            ? " is a fixed block; a supergraph's stages are searchable (c12, c102)"
                            : " is a searchable block; import the file as a supernet"));
                    continue;
                }
                if (prevOut > 0 && p.in() != prevOut) {
                    String previous = !searchable ? "previous output " : i == 0 ? "first conv's output " : "previous stage's output ";
                    r.stageError(i, "input width i" + p.in() + " does not match the " + previous + prevOut);
                }
                prevOut = p.out();
                out.addAll(parser.parse(s, i));
            } catch (BlockStringException e) {
                r.stageError(i, e.getMessage());
                prevOut = -1;
            }
        }
        return out;
    }

    private static String nameOf(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(".json") ? n.substring(0, n.length() - 5) : n;
    }

    /** {@code imported} when {@code problems} holds no error; otherwise the errors, naming the file {@code label}. */
    private static <T> T valid(T imported, List<Problem> problems, String label) throws ProjectFileException {
        List<Problem> errors = problems.stream().filter(Problem::isError).toList();
        if (!errors.isEmpty()) throw new ProjectFileException(label, errors);
        return imported;
    }

    /** What both kinds of file share. Stem and head use ReLU, the authors' default activation. */
    private record Common(int imgSize, int imgC, int classes, int stemChannels, int stemKernel, int stemStride,
                          int headChannels, List<String> stages) {
        InputShape input() { return InputShape.square(imgSize, imgC); }

        Stem stem() { return new Stem(stemChannels, stemKernel, stemStride, Activation.RELU); }

        Head head() { return new Head(headChannels, classes, Activation.RELU); }
    }

    /** Collects problems while reading the tree; each gets its line and column from the text. */
    private static final class Reader {
        final String text;
        final String label;
        final List<Problem> problems = new ArrayList<>();
        final JsonNode root;

        Reader(String text, String label) throws ProjectFileException {
            this.text = text;
            this.label = label;
            Problem syntax = JsonProblems.syntax(text, label);
            if (syntax != null) throw new ProjectFileException(label, List.of(syntax));
            try {
                root = Json.mapper().readTree(text);
            } catch (IOException e) {
                throw JsonProblems.fail(label, "cannot be parsed: " + JsonProblems.plain(e.getMessage()));
            }
            if (!root.isObject()) throw JsonProblems.fail(label, "a supergraph file is a JSON object");
        }

        Common common() throws ProjectFileException {
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!KNOWN.contains(f)) error(List.of(f), true, "unknown field \"" + f + "\"; known fields: " + String.join(", ", KNOWN));
            }
            int imgSize = integer(List.of("img_size"), 1);
            int imgC = integer(List.of("img_c"), 1);
            int classes = integer(List.of("n_classes"), 2);
            conv(List.of("first_conv"), List.of("cls", "output_filters", "kernel_size", "strides"));
            int stemChannels = integer(List.of("first_conv", "output_filters"), 1);
            int stemKernel = square(List.of("first_conv", "kernel_size"));
            int stemStride = square(List.of("first_conv", "strides"));
            conv(List.of("feature_mix_layer"), List.of("cls", "output_filters", "kernel_size", "strides"));
            int headChannels = integer(List.of("feature_mix_layer", "output_filters"), 1);
            if (root.path("feature_mix_layer").has("kernel_size")) {
                int k = square(List.of("feature_mix_layer", "kernel_size"));
                if (k != 1 && k > 0) error(List.of("feature_mix_layer", "kernel_size"), false, "the feature-mix layer is a 1x1 conv, found " + k);
            }
            List<String> stages = new ArrayList<>();
            JsonNode sa = root.get("stages_args");
            if (sa == null) {
                error(List.of(), false, "stages_args is missing");
            } else if (!sa.isArray()) {
                error(List.of("stages_args"), false, "expected a list of block strings, found " + kind(sa));
            } else if (sa.isEmpty()) {
                error(List.of("stages_args"), false, "must have at least one stage");
            } else if (sa.size() > Limits.MAX_BLOCKS) {
                error(List.of("stages_args"), false, "has " + sa.size() + " block strings, at most " + Limits.MAX_BLOCKS + " are allowed");
            } else {
                for (int i = 0; i < sa.size(); i++) {
                    JsonNode n = sa.get(i);
                    if (n.isTextual()) {
                        stages.add(n.asText());
                    } else {
                        error(List.of("stages_args", i), false, "expected a block string such as \"r3_k5,5,7_s22_e2,2,2_i32_o32_c102\", found "
                                + kind(n) + " (only the string form of the authors' stages is supported)");
                        stages.add(null);
                    }
                }
            }
            return new Common(imgSize, imgC, classes, stemChannels, stemKernel, stemStride, headChannels, stages);
        }

        void conv(List<Object> path, List<String> known) {
            JsonNode n = node(path);
            if (n == null) {
                error(path.subList(0, path.size() - 1), false, path.get(path.size() - 1) + " is missing");
                return;
            }
            if (!n.isObject()) {
                error(path, false, "expected an object, found " + kind(n));
                return;
            }
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                List<Object> fp = new ArrayList<>(path);
                fp.add(f);
                if (!known.contains(f)) error(fp, true, "unknown field \"" + f + "\"; known fields: " + String.join(", ", known));
            }
            JsonNode cls = n.get("cls");
            if (cls != null && !"Conv2D".equals(cls.asText(null))) {
                List<Object> fp = new ArrayList<>(path);
                fp.add("cls");
                error(fp, false, "only \"Conv2D\" is supported, found " + kind(cls));
            }
        }

        int integer(List<Object> path, int min) {
            JsonNode n = node(path);
            if (n == null) {
                error(path.subList(0, path.size() - 1), false, path.get(path.size() - 1) + " is missing");
                return -1;
            }
            if (!n.isInt()) {
                error(path, false, "expected an integer, found " + kind(n));
                return -1;
            }
            if (n.intValue() < min) {
                error(path, false, "must be at least " + min + ", was " + n.intValue());
                return -1;
            }
            return n.intValue();
        }

        /** A kernel size or stride: an integer, or a pair of equal integers. */
        int square(List<Object> path) {
            JsonNode n = node(path);
            if (n != null && n.isArray() && n.size() == 2 && n.get(0).isInt() && n.get(0).equals(n.get(1))) n = n.get(0);
            else if (n != null && n.isArray()) {
                error(path, false, "expected one integer or two equal ones, found " + n);
                return -1;
            }
            if (n == null) {
                error(path.subList(0, path.size() - 1), false, path.get(path.size() - 1) + " is missing");
                return -1;
            }
            if (!n.isInt() || n.intValue() < 1) {
                error(path, false, "expected a positive integer, found " + kind(n));
                return -1;
            }
            return n.intValue();
        }

        JsonNode node(List<Object> path) {
            JsonNode n = root;
            for (Object p : path) {
                if (n == null) return null;
                n = p instanceof Integer i ? n.get(i) : n.get((String) p);
            }
            return n;
        }

        static String kind(JsonNode n) {
            if (n.isTextual()) return "\"" + n.asText() + "\"";
            if (n.isObject()) return "an object";
            if (n.isArray()) return "a list";
            return n.toString();
        }

        void stageError(int index, String message) {
            error(List.of("stages_args", index), false, message);
        }

        void error(List<Object> path, boolean atField, String message) {
            if (problems.size() >= 100) return;
            JsonProblems.Located loc = JsonProblems.locate(text, path);
            String where = loc == null ? "" : JsonProblems.at(atField && loc.field() != null ? loc.field() : loc.value());
            problems.add(Problem.error(path.isEmpty() ? label : JsonProblems.path(path), message + where));
        }

        void throwIfAny() throws ProjectFileException {
            if (!problems.isEmpty()) throw new ProjectFileException(label, problems);
        }
    }
}
