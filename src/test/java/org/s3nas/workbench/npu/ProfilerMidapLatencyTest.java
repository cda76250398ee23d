package org.s3nas.workbench.npu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.BlockKind;
import org.s3nas.workbench.model.Branch;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Supernet;

/** The latency table profiled on the MIDAP simulator, against whole-network simulations. */
class ProfilerMidapLatencyTest {
    private static final NpuConfig NPU = NpuConfig.midap();
    private static Supernet paper;
    private static LatencyTable table;
    private static MidapSimulator sim;

    @BeforeAll
    static void profilePaperSpace() {
        paper = LatencyFixtures.paperSupernet();
        table = LatencyTable.profile(paper, NPU, null, null);
        sim = new MidapSimulator(NPU);
    }

    @Test
    void aSingleBlockNetworkIsEstimatedExactlyInEveryConfiguration() {
        // stem -> one searchable block -> head: the block's context is the network itself
        Supernet one = paper.withStages(List.of(paper.stages().get(1).withDepth(1)));
        LatencyTable t = LatencyTable.profile(one, NPU, null, null);
        LatencyEstimator est = new LatencyEstimator(t);
        BlockChoices bc = t.choices(0);
        assertEquals(15, bc.configurations().size());
        for (int tuple = 0; tuple < bc.tupleCount(); tuple++) {
            List<Branch> br = bc.branches(tuple);
            Architecture a = one.architecture("one", (p, j) -> br.get(j));
            assertEquals(sim.cycles(a), est.latencyCycles(a), "configuration " + BlockConfiguration.merge(br));
        }
    }

    @Test
    void theLargestArchitectureIsEstimatedExactly() {
        // every neighbour at its largest configuration: the contexts the profile used
        LatencyEstimator est = new LatencyEstimator(table);
        assertEquals(sim.cycles(paper.largest()), est.latencyCycles(paper.largest()));
    }

    @Test
    void bothOrdersOfFigure8AreOneEntryAndOneSimulatedLatency() {
        Architecture base = paper.largest();
        List<Block> a = new ArrayList<>(base.blocks()), b = new ArrayList<>(base.blocks());
        a.set(10, a.get(10).withBranches(List.of(new Branch(5, 2), new Branch(5, 2), new Branch(3, 0))));
        b.set(10, b.get(10).withBranches(List.of(new Branch(3, 0), new Branch(5, 2), new Branch(5, 2))));
        Architecture left = base.withBlocks(a), right = base.withBlocks(b);
        LatencyEstimator est = new LatencyEstimator(table);
        assertEquals(est.latencyCycles(left), est.latencyCycles(right));
        assertEquals(sim.cycles(left), sim.cycles(right));
        // merged k5e4 is not the same block as k5e2 + k3e2
        List<Block> c = new ArrayList<>(base.blocks());
        c.set(10, c.get(10).withBranches(List.of(new Branch(5, 2), new Branch(3, 2), new Branch(3, 0))));
        assertNotEquals(est.latencyCycles(left), est.latencyCycles(base.withBlocks(c)));
    }

    @Test
    void skipsCostNothing() {
        Architecture base = paper.largest();
        List<Block> blocks = new ArrayList<>(base.blocks());
        for (int i : new int[]{2, 6, 12, 13, 27}) {
            assertTrue(blocks.get(i).residual());
            blocks.set(i, blocks.get(i).withBranches(List.of(new Branch(3, 0), new Branch(3, 0), new Branch(3, 0))));
        }
        Architecture skipped = base.withBlocks(blocks);
        LatencyEstimator est = new LatencyEstimator(table);
        long[] perBlock = est.blockCycles(skipped);
        for (int i : new int[]{2, 6, 12, 13, 27}) assertEquals(0, perBlock[i]);
        long sum = table.stemCycles() + table.headCycles();
        for (long c : perBlock) sum += c;
        assertEquals(sum, est.latencyCycles(skipped));
        assertEquals(est.latencyCycles(skipped), est.latencyCycles(skipped.withoutSkips()));
        assertEquals(sim.cycles(skipped), sim.cycles(skipped.withoutSkips()));
        assertTrue(est.latencyCycles(skipped) < est.latencyCycles(base));
    }

    @Test
    void anNpuChangeMakesTheTableStaleAndTheNewProfileDiffers() {
        Supernet small = paper.withStages(List.of(paper.stages().get(0), paper.stages().get(1).withDepth(2)));
        LatencyTable before = LatencyTable.profile(small, NPU, null, null);
        NpuConfig slowDram = new NpuConfig(1.0, 1, 16, 64, 4, 256 * 1024, 16 * 1024, true, 128 * 1024, 4096, 4096,
                8, 41.25, 14.625, 8192, 235, 89856, false, 6, NPU.bankPolicy(), true);
        assertTrue(before.isFor(small, NPU));
        assertFalse(before.isFor(small, slowDram));
        LatencyTable after = LatencyTable.profile(small, slowDram, null, null);
        assertTrue(after.isFor(small, slowDram));
        assertNotEquals(before.fingerprint(), after.fingerprint());
        assertTrue(new LatencyEstimator(after).latencyCycles(small.largest()) > new LatencyEstimator(before).latencyCycles(small.largest()),
                "a third of the DRAM bandwidth is slower");
        assertEquals(sim.cycles(small.largest()), new LatencyEstimator(before).latencyCycles(small.largest()));
        assertEquals(new MidapSimulator(slowDram).cycles(small.largest()), new LatencyEstimator(after).latencyCycles(small.largest()));
    }

    @Test
    void mapeOverHundredRandomArchitecturesOfThePaperSpaceIsBelowThePapers() {
        LatencyValidation v = LatencyValidation.run(new LatencyEstimator(table), 100, 1, null, null);
        // each block alone (first weights already loaded) misses the weight stall after a residual Sum
        LatencyTable alone = Profiler.blockAlone(NPU).profile(paper, null, null);
        assertFalse(alone.isFor(paper, NPU), "a diagnostic table never passes for the project's");
        LatencyValidation plain = LatencyValidation.run(new LatencyEstimator(alone), 100, 1, null, null);
        assertTrue(plain.meanErrorPercent() < 0, "block-alone underestimates: " + plain.meanErrorPercent());
        assertTrue(v.mapePercent() < plain.mapePercent() / 10, v.mapePercent() + " % vs " + plain.mapePercent() + " %");
        assertEquals(100, v.pairs().size());
        assertTrue(v.mapePercent() <= 0.16, "MAPE " + v.mapePercent() + " %");
        assertTrue(v.within1Percent() == 1.0, "every architecture within ±1 %");
        // the split into parts adds up: stem + blocks + head errors = the mean error in cycles
        double parts = v.stemMeanErrorCycles() + v.headMeanErrorCycles();
        for (double d : v.blockMeanErrorCycles()) parts += d;
        double mean = v.pairs().stream().mapToDouble(p -> p.estimatedCycles() - p.simulatedCycles()).average().orElseThrow();
        assertEquals(mean, parts, 1e-6);
    }
}
