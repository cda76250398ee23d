package org.s3nas.workbench.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.s3nas.workbench.io.Samples.FASHION;
import static org.s3nas.workbench.io.Samples.IMAGENET;
import static org.s3nas.workbench.io.Samples.edited;
import static org.s3nas.workbench.io.Samples.lineCol;
import static org.s3nas.workbench.io.Samples.stage;
import static org.s3nas.workbench.io.Samples.superkernel;
import static org.s3nas.workbench.io.Samples.text;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.s3nas.workbench.model.Problem;

/**
 * Every way a project file can be wrong gives a problem with the exact JSON path and a message that says what is
 * wrong (and, for text problems, where). Each case is a distinct defect.
 */
class InvalidProjectFilesTest {
    @TempDir
    Path dir;

    /** One broken file: its text, the path the problem must name, words its message must contain. */
    record Case(String name, String text, String path, List<String> words) {
        @Override
        public String toString() { return name; }
    }

    static Case c(String name, String text, String path, String... words) {
        return new Case(name, text, path, Arrays.asList(words));
    }

    static Stream<Case> cases() {
        List<Case> cs = new ArrayList<>();
        String fashion = text(FASHION);

        // ---- JSON text
        cs.add(c("truncated JSON", "{\n  \"format\": 1,\n  \"name\": \"x\",\n  \"supernet\": {\n    \"stages\": [",
                "supernet.stages[0]", "unexpected end of file", "(line 5, column 16)"));
        cs.add(c("truncated in the middle of a sample", fashion.substring(0, fashion.indexOf("\"npu\"") + 20),
                "npu", "unexpected end of file"));
        cs.add(c("empty file", "   \n", "FILE", "the file is empty"));
        cs.add(c("top level is a list", "[1, 2]", "FILE", "a project file is a JSON object", "found a list"));
        cs.add(c("duplicate key", fashion.replaceFirst("\"name\": \"fashion-mnist\",", "\"name\": \"a\",\n  \"name\": \"b\","),
                "name", "duplicate field \"name\"", "(line 4"));
        cs.add(c("not JSON at all", "format: 1", "FILE", "not valid JSON", "Unrecognized token 'format'", "(line 1, column 7)"));

        // ---- format version
        cs.add(c("missing format", edited(FASHION, r -> r.remove("format")), "format", "is missing", "\"format\": 1"));
        cs.add(c("unsupported format version", edited(FASHION, r -> r.put("format", 2)), "format",
                "unsupported format version 2", "reads format 1", "(line 2, column 13)"));
        cs.add(c("format as a string", edited(FASHION, r -> r.put("format", "1")), "format", "expected an integer", "found \"1\""));

        // ---- wrong types (line and column of the value)
        String three = edited(FASHION, r -> stage(r, 2).put("depth", "three"));
        cs.add(c("string for an integer", three, "supernet.stages[2].depth",
                "expected an integer, found \"three\" " + lineCol(three, "\"three\"")));
        String obj = edited(FASHION, r -> superkernel(r, 1, 0).putObject("kernelSizes"));
        cs.add(c("object for a list", obj, "supernet.stages[1].superkernels[0].kernelSizes", "expected a list", "found an object", "(line"));
        String half = edited(FASHION, r -> stage(r, 3).put("depth", 2.5));
        cs.add(c("fraction for an integer", half, "supernet.stages[3].depth", "expected an integer, found 2.5 " + lineCol(half, "2.5")));
        cs.add(c("number for a boolean", edited(FASHION, r -> ((ObjectNode) r.get("npu")).put("wmemDoubleBuffered", 1)),
                "npu.wmemDoubleBuffered", "expected true or false", "found 1"));
        cs.add(c("unknown enum value", edited(FASHION, r -> stage(r, 0).put("kind", "CONV")), "supernet.stages[0].kind",
                "expected one of MBCONV, MIXCONV", "found \"CONV\""));
        cs.add(c("number for an enum", edited(FASHION, r -> stage(r, 0).put("kind", 1)), "supernet.stages[0].kind",
                "expected one of MBCONV, MIXCONV", "found 1"));
        cs.add(c("integer out of range", fashion.replace("\"fmemBanks\": 4", "\"fmemBanks\": 99999999999"), "npu.fmemBanks",
                "out of range", "99999999999"));
        cs.add(c("null for a required object", edited(FASHION, r -> r.putNull("npu")), "npu", "must not be null"));
        cs.add(c("null inside a candidate list", edited(FASHION, r -> ((ArrayNode) superkernel(r, 0, 0).get("expansions")).addNull()),
                "supernet.stages[0].superkernels[0].expansions[2]", "must not be null"));
        cs.add(c("missing required field", edited(FASHION, r -> stage(r, 0).remove("stride")), "supernet.stages[0].stride",
                "is missing", "from the object at line"));
        cs.add(c("block index key is not a number", edited(FASHION, r -> ((ObjectNode) stage(r, 0).get("overrides")).putArray("first")),
                "supernet.stages[0].overrides.first", "expected an integer as key", "found \"first\""));

        // ---- unknown fields at several depths
        cs.add(c("unknown top-level field", edited(FASHION, r -> r.put("colour", "red")), "colour",
                "unknown field \"colour\"", "known fields: format, name, description, supernet"));
        String widht = edited(FASHION, r -> stage(r, 1).put("widht", 24));
        cs.add(c("unknown stage field", widht, "supernet.stages[1].widht", "unknown field \"widht\"", "width, depth, stride",
                lineCol(widht, "\"widht\"")));
        cs.add(c("unknown superkernel field", edited(FASHION, r -> superkernel(r, 0, 2).put("kernelSize", 3)),
                "supernet.stages[0].superkernels[2].kernelSize", "unknown field", "kernelSizes, expansions, zeroOnlyWithResidual"));
        cs.add(c("unknown NPU field", edited(FASHION, r -> ((ObjectNode) r.get("npu")).put("clockMHz", 1000)), "npu.clockMHz",
                "unknown field \"clockMHz\""));
        cs.add(c("unknown dataset field", edited(FASHION, r -> ((ObjectNode) r.get("search").get("dataset")).put("folder", "x")),
                "search.dataset.folder", "unknown field \"folder\""));

        // ---- impossible shapes (the validator, through the loader)
        cs.add(c("feature map shrinks below 1x1", edited(FASHION, r -> {
            ObjectNode in = (ObjectNode) r.get("supernet").get("input");
            in.put("height", 2);
            in.put("width", 2);
        }), "supernet.stages[2].stride", "shrinks below 1x1"));
        cs.add(c("kernel larger than its feature map", edited(FASHION, r -> {
            ArrayNode ks = superkernel(r, 3, 2).putArray("kernelSizes");
            for (int k = 3; k <= 11; k += 2) ks.add(k);
        }), "supernet.stages[3].superkernels[2].kernelSizes", "kernel 11 is larger than the 4x4 feature map"));
        cs.add(c("empty candidate set", edited(FASHION, r -> superkernel(r, 1, 0).putArray("expansions")),
                "supernet.stages[1].superkernels[0].expansions", "must not be empty"));
        cs.add(c("duplicate candidates", edited(FASHION, r -> superkernel(r, 1, 2).putArray("kernelSizes").add(3).add(3).add(5)),
                "supernet.stages[1].superkernels[2].kernelSizes[1]", "duplicate candidate 3"));
        cs.add(c("descending candidates", edited(FASHION, r -> superkernel(r, 2, 0).putArray("kernelSizes").add(5).add(3)),
                "supernet.stages[2].superkernels[0].kernelSizes[1]", "ascending", "3 follows 5"));
        cs.add(c("even kernel", edited(FASHION, r -> superkernel(r, 2, 1).putArray("kernelSizes").add(3).add(4)),
                "supernet.stages[2].superkernels[1].kernelSizes[1]", "odd kernel size", "was 4"));
        cs.add(c("zero width", edited(FASHION, r -> stage(r, 1).put("width", 0)), "supernet.stages[1].width", "at least 1", "was 0"));
        cs.add(c("negative width", edited(FASHION, r -> stage(r, 2).put("width", -40)), "supernet.stages[2].width", "at least 1", "was -40"));
        cs.add(c("depth 0", edited(FASHION, r -> stage(r, 0).put("depth", 0)), "supernet.stages[0].depth", "at least 1", "was 0"));
        cs.add(c("stride 3", edited(FASHION, r -> stage(r, 1).put("stride", 3)), "supernet.stages[1].stride", "must be 1 or 2", "was 3"));
        cs.add(c("skip where no residual can exist", edited(FASHION, r -> superkernel(r, 1, 2).put("zeroOnlyWithResidual", false)),
                "supernet.stages[1].superkernels", "may become a skip but has no residual", "stride 2"));
        cs.add(c("MBConv with 2 superkernels", edited(FASHION, r -> {
            stage(r, 0).put("kind", "MBCONV");
            ((ArrayNode) stage(r, 0).get("superkernels")).remove(0);
        }), "supernet.stages[0].superkernels", "exactly one superkernel", "found 2"));
        cs.add(c("override outside the stage", edited(FASHION, r -> ((ObjectNode) stage(r, 1).get("overrides"))
                .set("3", stage(r, 1).get("superkernels").deepCopy())), "supernet.stages[1].overrides.3", "outside the stage"));
        cs.add(c("stem kernel larger than the input", edited(FASHION, r -> {
                    ((ObjectNode) r.get("supernet").get("stem")).put("kernel", 15);
                    ((ObjectNode) r.get("supernet").get("input")).put("height", 8).put("width", 8);
                }), "supernet.stem.kernel", "larger than the 8x8 input"));
        cs.add(c("stem kernel above the limit", edited(FASHION, r -> ((ObjectNode) r.get("supernet").get("stem")).put("kernel", 31)),
                "supernet.stem.kernel", "must be at most 15, was 31"));
        cs.add(c("one class", edited(FASHION, r -> ((ObjectNode) r.get("supernet").get("head")).put("classes", 1)),
                "supernet.head.classes", "at least 2"));

        // ---- NPU
        cs.add(c("NPU with one FMEM bank", edited(FASHION, r -> ((ObjectNode) r.get("npu")).put("fmemBanks", 1)),
                "npu.fmemBanks", "at least 2", "was 1"));
        cs.add(c("NPU with zero clock", edited(FASHION, r -> ((ObjectNode) r.get("npu")).put("clockGHz", 0.0)),
                "npu.clockGHz", "must be positive"));
        cs.add(c("NPU with no DRAM bandwidth", edited(FASHION, r -> ((ObjectNode) r.get("npu")).put("dramBytesPerCycle", 0)),
                "npu.dramBytesPerCycle", "at least 1"));

        // ---- search configuration
        cs.add(c("negative lambda", edited(FASHION, r -> ((ObjectNode) r.get("search")).put("lambda1", -1.0)),
                "search.lambda1", "at least 0", "was -1"));
        cs.add(c("validation fraction 1.0", edited(FASHION, r -> ((ObjectNode) r.get("search").get("dataset")).put("validationFraction", 1.0)),
                "search.dataset.validationFraction", "must be in [0, 1)", "was 1.0"));
        cs.add(c("zero target latency", edited(FASHION, r -> ((ObjectNode) r.get("search")).put("targetLatencyMs", 0.0)),
                "search.targetLatencyMs", "must be positive"));
        cs.add(c("threshold momentum 1", edited(FASHION, r -> ((ObjectNode) r.get("search")).put("thresholdMomentum", 1.0)),
                "search.thresholdMomentum", "must be in [0, 1)", "was 1.0"));
        cs.add(c("zero threshold learning-rate scale", edited(FASHION, r -> ((ObjectNode) r.get("search")).put("thresholdLearningRateScale", 0.0)),
                "search.thresholdLearningRateScale", "must be positive", "was 0.0"));
        cs.add(c("empty dataset path", edited(FASHION, r -> ((ObjectNode) r.get("search").get("dataset")).put("path", " ")),
                "search.dataset.path", "must name a folder"));

        // ---- saved architectures
        String arch = "{\"name\": \"a\", \"source\": \"manual\", \"accuracy\": \"NaN\", \"architecture\": {\"name\": \"a\", "
                + "\"input\": {\"height\": 28, \"width\": 28, \"channels\": 1}, \"stem\": {\"channels\": 16, \"kernel\": 3, \"stride\": 1, "
                + "\"activation\": \"RELU\"}, \"blocks\": [{\"stage\": 0, \"inChannels\": 16, \"outChannels\": 16, \"stride\": 1, "
                + "\"residualAllowed\": true, \"branches\": [{\"kernel\": 3, \"expansion\": 2}], \"seRatio\": 0.0, \"activation\": \"RELU\"}], "
                + "\"head\": {\"featureChannels\": 256, \"classes\": 10, \"activation\": \"RELU\"}}}";
        cs.add(c("duplicate architecture names", fashion.replace("\"architectures\": [ ]", "\"architectures\": [" + arch + ", " + arch + "]"),
                "architectures[1].name", "duplicate architecture name 'a'"));
        cs.add(c("architecture block chain broken", fashion.replace("\"architectures\": [ ]", "\"architectures\": ["
                        + arch.replace("\"inChannels\": 16", "\"inChannels\": 8") + "]"),
                "architectures[0].architecture.blocks[0].inChannels", "previous block's output channels 16"));
        return cs.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void invalidFileIsRejectedWithPathAndReason(Case c) throws IOException {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, c.text());
        FileTime before = Files.getLastModifiedTime(file);
        ProjectFileException e = assertThrows(ProjectFileException.class, () -> ProjectFiles.load(file));
        String expectedPath = c.path().equals("FILE") ? file.toString() : c.path();
        String all = e.problems().stream().map(Problem::toString).collect(Collectors.joining("\n"));
        assertTrue(e.problems().stream().anyMatch(p -> p.path().equals(expectedPath)
                        && c.words().stream().allMatch(w -> p.message().contains(w))),
                "no problem at " + expectedPath + " containing " + c.words() + "; got:\n" + all);
        assertTrue(e.problems().stream().allMatch(Problem::isError));
        assertTrue(e.getMessage().contains(expectedPath), e.getMessage());
        // reading never touches the file
        assertEquals(c.text(), Files.readString(file));
        assertEquals(before, Files.getLastModifiedTime(file));
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(file), listing.toList());
        }
    }

    @Test
    void atLeastTwentyDistinctCases() {
        List<Case> all = cases().toList();
        assertTrue(all.size() >= 20, "only " + all.size() + " cases");
        assertEquals(all.size(), all.stream().map(Case::text).distinct().count(), "two cases share the same text");
    }

    @Test
    void severalMissingFieldsAreAllReportedAtOnce() throws IOException {
        Path file = dir.resolve("missing.json");
        Files.writeString(file, edited(FASHION, r -> {
            stage(r, 0).remove("stride");
            stage(r, 2).remove("width");
            ((ObjectNode) r.get("npu")).remove("cims");
            ((ObjectNode) r.get("search")).remove("batchSize");
        }));
        ProjectFileException e = assertThrows(ProjectFileException.class, () -> ProjectFiles.load(file));
        assertEquals(List.of("supernet.stages[0].stride", "supernet.stages[2].width", "npu.cims", "search.batchSize"),
                e.problems().stream().map(Problem::path).toList(), e.getMessage());
        assertTrue(e.problems().stream().allMatch(p -> p.message().startsWith("is missing from the object at line ")), e.problems().toString());
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("nowhere.json");
        ProjectFileException e = assertThrows(ProjectFileException.class, () -> ProjectFiles.load(file));
        assertEquals(file.toString(), e.problems().get(0).path());
        assertEquals("no such file", e.problems().get(0).message());
    }

    @Test
    void folderInsteadOfFile() {
        ProjectFileException e = assertThrows(ProjectFileException.class, () -> ProjectFiles.load(dir));
        assertTrue(e.problems().get(0).message().contains("is a folder"));
    }

    @Test
    void binaryFile() throws IOException {
        Path file = dir.resolve("binary.json");
        Files.write(file, new byte[]{(byte) 0x1f, (byte) 0x8b, 8, 0, (byte) 0xff, (byte) 0xfe});
        ProjectFileException e = assertThrows(ProjectFileException.class, () -> ProjectFiles.load(file));
        assertTrue(e.problems().get(0).message().contains("not UTF-8"), e.getMessage());
    }

    @Test
    void unreadableFile() throws IOException {
        Path file = dir.resolve("secret.json");
        Files.writeString(file, text(FASHION));
        boolean denied = file.toFile().setReadable(false, false) && !Files.isReadable(file);
        org.junit.jupiter.api.Assumptions.assumeTrue(denied, "running as a user who can read any file (root)");
        ProjectFileException e = assertThrows(ProjectFileException.class, () -> ProjectFiles.load(file));
        assertTrue(e.problems().get(0).message().contains("permission denied"), e.getMessage());
    }

    @Test
    void everyValidationErrorIsReportedAtOnce() throws IOException {
        String text = edited(IMAGENET, r -> {
            stage(r, 0).put("depth", 0);
            stage(r, 3).put("stride", 3);
            ((ObjectNode) r.get("search")).put("lambda2", -5.0);
        });
        Path file = dir.resolve("many.json");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        ProjectFileException e = assertThrows(ProjectFileException.class, () -> ProjectFiles.load(file));
        List<String> paths = e.problems().stream().map(Problem::path).toList();
        assertTrue(paths.containsAll(List.of("supernet.stages[0].depth", "supernet.stages[3].stride", "search.lambda2")), paths.toString());
        for (String p : List.of("supernet.stages[0].depth", "supernet.stages[3].stride", "search.lambda2")) {
            assertTrue(e.getMessage().contains(p), e.getMessage());
        }
    }
}
