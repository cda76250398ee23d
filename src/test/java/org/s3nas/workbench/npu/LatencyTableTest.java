package org.s3nas.workbench.npu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.BlockPosition;
import org.s3nas.workbench.model.Branch;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Supernet;

/** The latency table, its fingerprint, and the lookup estimator (on a hand-made table). */
class LatencyTableTest {
    private final Supernet paper = LatencyFixtures.paperSupernet();
    private final NpuConfig npu = NpuConfig.midap();

    @Test
    void holdsOneEntryPerPositionAndMergedConfiguration() {
        LatencyTable t = LatencyFixtures.fakeTable(paper, npu);
        assertEquals(29, t.positionCount());
        // 5 stage-first blocks without residual (15 configurations) and 24 residual blocks (16, skip included)
        assertEquals(5 * 15 + 24 * 16, t.entryCount());
        BlockPosition p = paper.blockPositions().get(2);
        BlockConfiguration fig8 = BlockConfiguration.parse("k5e4+k7e2");
        assertEquals(LatencyFixtures.FakeMeasurements.cycles(p, fig8), t.cycles(2, fig8));
        assertEquals(0, t.cycles(2, BlockConfiguration.SKIP));
        assertEquals(41_426, t.stemCycles());
        assertEquals(0.041426, t.stemMs(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> t.cycles(2, BlockConfiguration.parse("k9e2")));
    }

    @Test
    void fingerprintFollowsSupernetAndNpuButNotTheName() {
        LatencyTable t = LatencyFixtures.fakeTable(paper, npu);
        assertTrue(t.isFor(paper, npu));
        NpuConfig slowerDram = new NpuConfig(1.0, 1, 16, 64, 4, 256 * 1024, 16 * 1024, true, 128 * 1024, 4096, 4096,
                20, 41.25, 14.625, 8192, 235, 89856, false, 6, npu.bankPolicy(), true);
        assertFalse(t.isFor(paper, slowerDram), "an NPU change makes the table stale");
        assertNotEquals(t.fingerprint(), LatencyTable.fingerprint(paper, slowerDram));
        assertFalse(t.isFor(paper.withStage(1, paper.stages().get(1).withDepth(5)), npu));
        assertFalse(t.isFor(paper.withInput(org.s3nas.workbench.model.InputShape.square(192, 3)), npu));
        assertTrue(t.isFor(paper.withName("renamed"), npu));
        LatencyTable rebuilt = LatencyFixtures.fakeTable(paper, slowerDram);
        assertTrue(rebuilt.isFor(paper, slowerDram));
        assertNotEquals(t.fingerprint(), rebuilt.fingerprint());
    }

    @Test
    void rejectsMissingOrForeignEntries() {
        List<Map<BlockConfiguration, Long>> cycles = new ArrayList<>();
        for (BlockPosition p : paper.blockPositions()) {
            Map<BlockConfiguration, Long> m = new HashMap<>();
            for (BlockConfiguration c : BlockChoices.of(p).configurations()) m.put(c, c.isSkip() ? 0L : 1000L);
            cycles.add(m);
        }
        new LatencyTable(paper, npu, 1, 1, cycles);
        cycles.get(3).remove(BlockConfiguration.parse("k3e2"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LatencyTable(paper, npu, 1, 1, cycles));
        assertTrue(e.getMessage().contains("block 3") && e.getMessage().contains("k3e2"), e.getMessage());
        cycles.get(3).put(BlockConfiguration.parse("k3e2"), 1000L);
        cycles.get(4).put(BlockConfiguration.parse("k9e2"), 1000L);
        e = assertThrows(IllegalArgumentException.class, () -> new LatencyTable(paper, npu, 1, 1, cycles));
        assertTrue(e.getMessage().contains("k9e2"), e.getMessage());
    }

    @Test
    void estimateIsStemPlusBlocksPlusHead() {
        LatencyTable t = LatencyFixtures.fakeTable(paper, npu);
        LatencyEstimator est = new LatencyEstimator(t);
        Random r = new Random(7);
        for (int i = 0; i < 50; i++) {
            Architecture a = ArchitectureSampler.sample(paper, r, "a" + i);
            long expected = 41_426 + 80_553;
            List<BlockPosition> ps = paper.blockPositions();
            for (int p = 0; p < ps.size(); p++) {
                BlockConfiguration c = BlockConfiguration.merge(a.blocks().get(p).branches());
                expected += c.isSkip() ? 0 : LatencyFixtures.FakeMeasurements.cycles(ps.get(p), c);
            }
            assertEquals(expected, est.latencyCycles(a));
            assertEquals(npu.cyclesToMs(expected), est.latencyMs(a), 1e-12);
            // the same architecture with its skips removed
            assertEquals(expected, est.latencyCycles(a.withoutSkips()));
        }
    }

    @Test
    void estimateRejectsArchitecturesOfAnotherSpace() {
        LatencyEstimator est = new LatencyEstimator(LatencyFixtures.fakeTable(paper, npu));
        Architecture other = LatencyFixtures.mbconvSupernet().largest();
        assertThrows(IllegalArgumentException.class, () -> est.latencyCycles(other));
        Architecture a = paper.largest();
        List<org.s3nas.workbench.model.Block> blocks = new ArrayList<>(a.blocks());
        blocks.set(4, blocks.get(4).withBranches(List.of(new Branch(9, 2), new Branch(3, 2), new Branch(3, 2))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> est.latencyCycles(a.withBlocks(blocks)));
        assertTrue(e.getMessage().contains("block 4") && e.getMessage().contains("kernel 9"), e.getMessage());
    }
}
