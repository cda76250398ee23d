package org.s3nas.workbench.npu;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.io.ProjectFiles;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.ModelCost;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Supernet;

class SpaceCostsTest {
    private static Project paper() throws Exception { return ProjectFiles.load(Path.of("sample-projects/s3nas-imagenet.json")); }

    @Test
    void thePapersSpaceCostsAreTheSimulatorsAndModelCostsFigures() throws Exception {
        Project p = paper();
        Supernet s = p.supernet();
        NpuConfig npu = p.npu();
        SpaceCosts c = SpaceCosts.compute(s, npu, () -> false);

        assertEquals(Math.log10(s.spaceSize()), c.log10Size(), 1e-9);
        assertEquals(44, (int) Math.floor(c.log10Size()), "about 3 x 10^44 architectures");
        MidapSimulator sim = new MidapSimulator(npu);
        assertEquals(sim.latencyMs(s.smallest()), c.smallestLatencyMs(), 1e-12);
        assertEquals(sim.simulate(s.largest()).latencyMs(), c.largestLatencyMs(), 1e-12);
        assertEquals(ModelCost.totals(s.smallest()), new ModelCost.Totals(c.smallest().parameters(), c.smallest().macs()));
        assertEquals(ModelCost.totals(s.largest()), new ModelCost.Totals(c.largest().parameters(), c.largest().macs()));
        assertTrue(c.smallestLatencyMs() < 2.5 && 2.5 < c.largestLatencyMs(), "the project's 2.5 ms target lies inside the space");
        assertTrue(c.reachable(2.5));
        assertFalse(c.reachable(c.smallestLatencyMs() * 0.99));
        assertTrue(c.reachable(c.smallestLatencyMs()));

        // the stages' shares and the stem and head add up to the whole simulation
        assertEquals(5, c.stageShares().size());
        long stages = c.stageShares().stream().mapToLong(SpaceCosts.StageShare::cycles).sum();
        assertEquals(c.largest().totalCycles(), stages + c.largest().stemCycles() + c.largest().headCycles());
        double fractions = c.stageShares().stream().mapToDouble(SpaceCosts.StageShare::fraction).sum();
        assertEquals((double) stages / c.largest().totalCycles(), fractions, 1e-12);
        for (SpaceCosts.StageShare sh : c.stageShares()) assertTrue(sh.cycles() > 0 && sh.fraction() > 0);
    }

    @Test
    void blockCyclesComeFromTheLayersOfEachBlock() throws Exception {
        Project p = paper();
        Architecture smallest = p.supernet().smallest();
        SpaceCosts.ArchitectureCosts c = SpaceCosts.of(smallest, p.npu());
        SimulationResult r = new MidapSimulator(p.npu()).simulate(smallest);
        assertEquals(smallest.blocks().size(), c.blocks());
        long[] expected = new long[smallest.blocks().size()];
        for (LayerResult l : r.layers()) if (l.segment() == Segment.BLOCK) expected[l.block()] += l.cycles();
        assertArrayEquals(expected, c.blockCycles());
        int skips = 0;
        for (int i = 0; i < smallest.blocks().size(); i++) {
            Block b = smallest.blocks().get(i);
            if (b.isSkip()) {
                skips++;
                assertEquals(0, c.blockCycles(i), "a skip costs nothing");
            } else {
                assertTrue(c.blockCycles(i) > 0);
            }
        }
        assertTrue(skips > 0, "the smallest architecture skips every block that has a residual");
        assertEquals(r.totalCycles(), c.totalCycles());
    }

    @Test
    void aDeeperStageCostsMoreAndShiftsTheShares() throws Exception {
        Project p = paper();
        SpaceCosts base = SpaceCosts.compute(p.supernet(), p.npu(), null);
        Supernet deeper = p.supernet().withStage(2, p.supernet().stages().get(2).withDepth(14));
        SpaceCosts more = SpaceCosts.compute(deeper, p.npu(), null);
        assertTrue(more.largestLatencyMs() > base.largestLatencyMs());
        assertTrue(more.stageShares().get(2).fraction() > base.stageShares().get(2).fraction());
        assertTrue(more.log10Size() > base.log10Size());
        assertEquals(base.smallestLatencyMs(), more.smallestLatencyMs(), 1e-12,
                "the added blocks have residuals: the smallest architecture skips them");
    }

    @Test
    void theSizeOfAHugeSpaceIsStillANumber() throws Exception {
        Supernet s = paper().supernet();
        List<Stage> stages = new ArrayList<>(s.stages());
        stages.set(4, stages.get(4).withDepth(300));
        Supernet huge = s.withStages(stages);
        assertEquals(Double.POSITIVE_INFINITY, huge.spaceSize());
        double log = SpaceCosts.log10Size(huge);
        assertTrue(Double.isFinite(log) && log > 400, "log10 " + log);
    }

    @Test
    void aCancelledComputationStops() throws Exception {
        Project p = paper();
        int[] polls = {0};
        assertThrows(CancellationException.class, () -> SpaceCosts.compute(p.supernet(), p.npu(), () -> ++polls[0] > 1));
        assertEquals(2, polls[0], "it stopped at the first check after the cancellation");
    }
}
