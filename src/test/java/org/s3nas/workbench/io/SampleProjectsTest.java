package org.s3nas.workbench.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.BlockKind;
import org.s3nas.workbench.model.DatasetFormat;
import org.s3nas.workbench.model.Head;
import org.s3nas.workbench.model.InputShape;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Stem;
import org.s3nas.workbench.model.Superkernel;
import org.s3nas.workbench.model.Validator;

/** The samples are what the paper (SPEC §2.5, Table 4) and the brief say they are. */
class SampleProjectsTest {
    static final List<Superkernel> PAPER_SUPERKERNELS = List.of(
            new Superkernel(List.of(3, 5), List.of(0, 2), false),
            new Superkernel(List.of(3, 5), List.of(0, 2), false),
            new Superkernel(List.of(3, 5, 7), List.of(0, 2), true));

    @Test
    void imagenetSampleIsThePapersSpace() throws IOException {
        Project p = ProjectFiles.load(Samples.IMAGENET);
        assertEquals(InputShape.square(224, 3), p.supernet().input());
        assertEquals(new Stem(32, 7, 2, Activation.RELU), p.supernet().stem());
        assertEquals(new Head(1280, 1000, Activation.RELU), p.supernet().head());
        assertStages(p, new int[][]{{32, 3, 2}, {64, 4, 2}, {128, 7, 2}, {160, 4, 1}, {256, 11, 2}});
        assertEquals(NpuConfig.midap(), p.npu());
        assertEquals(2.5, p.search().targetLatencyMs());
        assertTrue(p.description().contains("2.5 ms"), "the description says why the target is what it is");
    }

    @Test
    void constantDepthSampleDiffersOnlyInDepths() throws IOException {
        Project lin = ProjectFiles.load(Samples.IMAGENET);
        Project con = ProjectFiles.load(Samples.CONSTANT);
        assertStages(con, new int[][]{{32, 6, 2}, {64, 6, 2}, {128, 6, 2}, {160, 6, 1}, {256, 5, 2}});
        assertEquals(lin.supernet().totalBlocks(), con.supernet().totalBlocks());
        List<Stage> relinearised = new ArrayList<>();
        for (int i = 0; i < con.supernet().stages().size(); i++) {
            relinearised.add(con.supernet().stages().get(i).withDepth(lin.supernet().stages().get(i).depth()));
        }
        assertEquals(lin.supernet().withName("x"), con.supernet().withStages(relinearised).withName("x"));
        assertEquals(lin.npu(), con.npu());
        assertEquals(lin.search(), con.search());
        assertTrue(con.description().contains("Table 4"));
    }

    @Test
    void fashionSampleHasLinearDepthAndIsSmall() throws IOException {
        Project p = ProjectFiles.load(Samples.FASHION);
        assertEquals(InputShape.square(28, 1), p.supernet().input());
        assertEquals(10, p.supernet().head().classes());
        int cumulative = 0;
        List<Double> ratio = new ArrayList<>();
        for (Stage st : p.supernet().stages()) {
            cumulative += st.depth();
            ratio.add((double) cumulative / st.width());
            assertEquals(BlockKind.MIXCONV, st.kind());
        }
        for (double r : ratio) assertEquals(ratio.get(0), r, 1e-12, "cumulative depth proportional to width: " + ratio);
        assertTrue(p.supernet().totalBlocks() <= 12, "small enough for a CPU");
        assertEquals(DatasetFormat.IDX, p.search().dataset().format());
        assertEquals("data", p.search().dataset().path());
        assertEquals(28, p.search().trainingResolution());
        assertTrue(Files.isDirectory(ProjectFiles.resolveDataPath(p, Samples.FASHION)));
        // the description's figures are the simulator's: the target well inside the space, about 37 % of its largest network
        var costs = org.s3nas.workbench.npu.SpaceCosts.compute(p.supernet(), p.npu(), () -> false);
        assertEquals(0.219, costs.largestLatencyMs(), 0.0005, "largest network, as the description says");
        assertEquals(0.014, costs.smallestLatencyMs(), 0.0005, "smallest network, as the description says");
        assertEquals(0.37, p.search().targetLatencyMs() / costs.largestLatencyMs(), 0.005, "the target's share of the largest");
    }

    @Test
    void samplesHaveNoProblemsAtAll() throws IOException {
        for (String s : ProjectFiles.BUNDLED_SAMPLES) {
            assertEquals(List.of(), Validator.validate(ProjectFiles.load(Samples.DIR.resolve(s))), s);
        }
    }

    private static void assertStages(Project p, int[][] widthDepthStride) {
        List<Stage> stages = p.supernet().stages();
        assertEquals(widthDepthStride.length, stages.size());
        for (int i = 0; i < stages.size(); i++) {
            Stage st = stages.get(i);
            assertEquals(widthDepthStride[i][0], st.width(), "width of stage " + i);
            assertEquals(widthDepthStride[i][1], st.depth(), "depth of stage " + i);
            assertEquals(widthDepthStride[i][2], st.stride(), "stride of stage " + i);
            assertEquals(BlockKind.MIXCONV, st.kind());
            assertEquals(PAPER_SUPERKERNELS, st.superkernels());
            assertTrue(st.residual());
            assertEquals(0.0, st.seRatio());
        }
    }
}
