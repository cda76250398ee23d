package org.s3nas.workbench.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.BlockKind;
import org.s3nas.workbench.model.Branch;
import org.s3nas.workbench.model.Problem;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Superkernel;
import org.s3nas.workbench.model.Supernet;

class SupergraphImporterTest {
    @TempDir
    Path dir;

    static final String MBCONV_2_3_5_2_8 = """
            {
              "img_size": 224,
              "img_c": 3,
              "n_classes": 1000,
              "first_conv": {
                "cls": "Conv2D",
                "output_filters": 32,
                "kernel_size": 7,
                "strides": 2
              },
              "stages_args": [
                "r2_k5_s22_e6_i32_o32_c12",
                "r3_k5_s22_e6_i32_o64_c12",
                "r5_k5_s22_e6_i64_o128_c12",
                "r2_k5_s11_e6_i128_o160_c12",
                "r8_k5_s22_e6_i160_o256_c12"
              ],
              "feature_mix_layer": {
                "cls": "Conv2D",
                "output_filters": 1280,
                "kernel_size": 1
              }
            }
            """;

    @Test
    void thePapersSupergraphImportsToTheImagenetSample() throws IOException, URISyntaxException {
        Path file = Path.of(getClass().getResource("mixconv_super_3_4_7_4_11.json").toURI());
        Supernet imported = SupergraphImporter.importSupernet(file);
        assertEquals(ProjectFiles.load(Samples.IMAGENET).supernet(), imported);
        assertEquals("mixconv_super_3_4_7_4_11", imported.name());
        assertEquals(29, imported.totalBlocks());
    }

    @Test
    void mbConvSupergraphHasOneSuperkernelPerBlock() throws IOException {
        Path file = dir.resolve("mbconv_super_2_3_5_2_8.json");
        Files.writeString(file, MBCONV_2_3_5_2_8);
        Supernet s = SupergraphImporter.importSupernet(file);
        assertEquals("mbconv_super_2_3_5_2_8", s.name());
        assertEquals(List.of(2, 3, 5, 2, 8), s.stages().stream().map(Stage::depth).toList());
        assertEquals(List.of(32, 64, 128, 160, 256), s.stages().stream().map(Stage::width).toList());
        assertEquals(List.of(2, 2, 2, 1, 2), s.stages().stream().map(Stage::stride).toList());
        for (Stage st : s.stages()) {
            assertEquals(BlockKind.MBCONV, st.kind());
            assertEquals(List.of(new Superkernel(List.of(3, 5), List.of(0, 2, 4, 6), true)), st.superkernels());
            assertEquals(Activation.RELU, st.activation());
        }
        assertEquals(Activation.RELU, s.stem().activation());
        assertEquals(Activation.RELU, s.head().activation());
        assertEquals(1280, s.head().featureChannels());
        // SPEC §2.5's MBConv variant: where no residual exists the expansion cannot be 0
        assertEquals(List.of(2, 4, 6), s.blockPositions().get(0).expansionsOf(0));
        assertEquals(List.of(0, 2, 4, 6), s.blockPositions().get(1).expansionsOf(0));
    }

    @Test
    void supernetPrintsBackToTheAuthorsStrings() throws IOException {
        Supernet s = SupergraphImporter.importSupernet(MBCONV_2_3_5_2_8, "m", "m.json");
        int in = s.stem().channels();
        StringBuilder sb = new StringBuilder();
        for (Stage st : s.stages()) {
            sb.append(BlockString.print(st, in)).append('\n');
            in = st.width();
        }
        assertEquals("r2_k5_s22_e6_i32_o32_c12\nr3_k5_s22_e6_i32_o64_c12\nr5_k5_s22_e6_i64_o128_c12\nr2_k5_s11_e6_i128_o160_c12\n"
                + "r8_k5_s22_e6_i160_o256_c12\n", sb.toString());
    }

    @Test
    void aSearchedNetworkImportsAsAnArchitecture() throws IOException {
        String text = MBCONV_2_3_5_2_8.replaceAll("\"stages_args\": \\[[^]]*]",
                "\"stages_args\": [\"r1_k3_s22_e2_i32_o32_c0\", \"r2_k3,5_s22_e2,4_i32_o64_c100_hsw\", \"r1_k7_s11_e6_i64_o64_c0_se0.25_noskip\"]");
        Architecture a = SupergraphImporter.importArchitecture(text, "ours", "ours.json");
        assertEquals(4, a.blocks().size());
        assertEquals(List.of(new Branch(3, 2), new Branch(5, 4)), a.blocks().get(2).branches());
        assertEquals(64, a.blocks().get(2).inChannels());
        assertEquals(Activation.HSWISH, a.blocks().get(1).activation());
        assertEquals(0.25, a.blocks().get(3).seRatio());
        assertTrue(!a.blocks().get(3).residual());
    }

    @Test
    void everyProblemIsReportedWithItsPathAndLine() {
        String text = MBCONV_2_3_5_2_8
                .replace("\"img_c\": 3", "\"img_c\": \"3\"")
                .replace("\"r3_k5_s22_e6_i32_o64_c12\"", "\"r3_k5_s22_e6_i48_o64_c12\"")
                .replace("\"r5_k5_s22_e6_i64_o128_c12\"", "\"r5_k4_s22_e6_i64_o128_c12\"")
                .replace("\"r2_k5_s11_e6_i128_o160_c12\"", "\"r2_k5_s11_e6_i128_o160_c0\"")
                .replace("\"n_classes\": 1000,", "\"n_classes\": 1000,\n  \"dropout\": 0.2,")
                .replace("\"cls\": \"Conv2D\",\n    \"output_filters\": 32", "\"cls\": \"SepConv\",\n    \"output_filters\": 32");
        ProjectFileException e = assertThrows(ProjectFileException.class, () -> SupergraphImporter.importSupernet(text, "x", "x.json"));
        String all = e.problems().stream().map(Problem::toString).collect(Collectors.joining("\n"));
        assertHas(e, "dropout", "unknown field \"dropout\"", "(line 5, column 3)");
        assertHas(e, "img_c", "expected an integer, found \"3\"", "(line 3");
        assertHas(e, "first_conv.cls", "only \"Conv2D\"", "found \"SepConv\"");
        assertHas(e, "stages_args[1]", "input width i48 does not match the previous stage's output 32");
        assertHas(e, "stages_args[2]", "token \"k4\" at column 4", "must be odd", "(line 15");
        assertHas(e, "stages_args[3]", "c0 is a fixed block");
        assertEquals(6, e.problems().size(), all);
    }

    @Test
    void theFileIsCheckedAsASupernet() {
        String text = MBCONV_2_3_5_2_8.replace("\"img_size\": 224", "\"img_size\": 8");
        ProjectFileException e = assertThrows(ProjectFileException.class, () -> SupergraphImporter.importSupernet(text, "x", "x.json"));
        assertTrue(e.problems().stream().anyMatch(p -> p.path().startsWith("supernet.stages[") && p.message().contains("shrinks below 1x1")),
                e.getMessage());
    }

    @Test
    void brokenOrMissingFiles() throws IOException {
        assertHas(assertThrows(ProjectFileException.class, () -> SupergraphImporter.importSupernet(dir.resolve("none.json"))),
                dir.resolve("none.json").toString(), "no such file");
        assertHas(assertThrows(ProjectFileException.class,
                () -> SupergraphImporter.importSupernet(MBCONV_2_3_5_2_8.substring(0, 200), "x", "x.json")), "stages_args[0]", "unexpected end of file");
        assertHas(assertThrows(ProjectFileException.class,
                () -> SupergraphImporter.importSupernet(MBCONV_2_3_5_2_8.replaceAll("\"stages_args\": \\[[^]]*],", ""), "x", "x.json")),
                "x.json", "stages_args is missing");
        assertHas(assertThrows(ProjectFileException.class,
                () -> SupergraphImporter.importSupernet(MBCONV_2_3_5_2_8.replace("\"r2_k5_s22_e6_i32_o32_c12\"", "{\"cls\": \"BasicStage\"}"), "x", "x.json")),
                "stages_args[0]", "only the string form");
    }

    @Test
    void aProjectFileIsNotASupergraphAndViceVersa() throws IOException {
        Path sg = dir.resolve("sg.json");
        Files.writeString(sg, MBCONV_2_3_5_2_8);
        ProjectFileException e = assertThrows(ProjectFileException.class, () -> ProjectFiles.load(sg));
        assertHas(e, "format", "is missing", "authors' supergraph file");
        ProjectFileException e2 = assertThrows(ProjectFileException.class, () -> SupergraphImporter.importSupernet(Samples.FASHION));
        assertHas(e2, "format", "unknown field \"format\"");
    }

    private static void assertHas(ProjectFileException e, String path, String... words) {
        String all = e.problems().stream().map(Problem::toString).collect(Collectors.joining("\n"));
        assertTrue(e.problems().stream().anyMatch(p -> p.path().equals(path) && List.of(words).stream().allMatch(p.message()::contains)),
                "no problem at " + path + " with " + List.of(words) + " in:\n" + all);
    }
}
