package org.s3nas.workbench.post;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.Branch;
import org.s3nas.workbench.model.ModelCost;
import org.s3nas.workbench.model.Validator;

class CompoundScalingTest {
    private final CompoundScaling scaling = new CompoundScaling();

    @Test
    void channelsRoundToMultiplesOf16WithoutLosingMoreThanTenPercent() {
        assertEquals(32, CompoundScaling.roundChannels(32, 16));
        assertEquals(48, CompoundScaling.roundChannels(41, 16));
        assertEquals(32, CompoundScaling.roundChannels(35, 16));
        assertEquals(48, CompoundScaling.roundChannels(36, 16)); // 32 would lose 11 %
        assertEquals(48, CompoundScaling.roundChannels(38.4, 16)); // 32 would lose 17 %
        assertEquals(16, CompoundScaling.roundChannels(3, 16));
        for (double v = 1; v < 2000; v += 0.7) {
            int r = CompoundScaling.roundChannels(v, 16);
            assertEquals(0, r % 16, "multiple of 16 for " + v);
            assertTrue(r >= 0.9 * v && r <= Math.max(16, v + 16), v + " -> " + r);
        }
    }

    @Test
    void unitScalingKeepsAnArchitectureWhoseChannelsAreMultiplesOf16() {
        Architecture a = TestNets.searchedLike(TestNets.paperSupernet());
        Architecture s = scaling.scale(a, 1.0, 1.0);
        assertEquals(a.blocks(), s.blocks());
        assertEquals(a.stem(), s.stem());
        assertEquals(a.head(), s.head());
        assertEquals(a.input(), s.input());
    }

    @Test
    void scaledNetworksAreValidAndEveryChannelCountIsAMultipleOf16() {
        Architecture a = TestNets.searchedLike(TestNets.paperSupernet());
        for (double c : new double[]{0.6, 0.93, 1.1, 1.21, 1.37, 1.5, 2.0}) {
            Architecture s = scaling.scale(a, c, c * 1.1);
            assertTrue(Validator.validateArchitecture(s, "a").isEmpty(), "valid at c=" + c + ": " + Validator.validateArchitecture(s, "a"));
            assertEquals(0, s.stem().channels() % 16);
            assertEquals(0, s.head().featureChannels() % 16);
            for (Block b : s.blocks()) {
                assertEquals(0, b.inChannels() % 16, "in " + b);
                assertEquals(0, b.outChannels() % 16, "out " + b);
                assertEquals(0, b.expandedChannels() % 16, "expanded " + b);
            }
            assertEquals(Math.round(224 * c * 1.1), s.input().height());
            assertEquals(1000, s.head().classes());
            List<Integer> depths = CompoundScaling.stageDepths(s);
            List<Integer> base = CompoundScaling.stageDepths(a);
            for (int i = 0; i < base.size(); i++) assertEquals(CompoundScaling.scaledDepth(base.get(i), c), depths.get(i));
        }
    }

    @Test
    void extraBlocksCopyTheBlocksWithTheMostParametersFirst() {
        List<Branch> small = List.of(new Branch(3, 2));
        List<Branch> big = List.of(new Branch(3, 2), new Branch(5, 2), new Branch(7, 2));
        List<Branch> mid = List.of(new Branch(5, 2), new Branch(7, 2));
        List<Block> stage = List.of(
                new Block(1, 32, 64, 2, false, small, 0, Activation.RELU), // first: stride 2, 32 -> 64
                new Block(1, 64, 64, 1, true, small, 0, Activation.RELU),
                new Block(1, 64, 64, 1, true, big, 0, Activation.RELU),
                new Block(1, 64, 64, 1, true, mid, 0, Activation.RELU));
        List<Block> six = CompoundScaling.deepen(stage, 6);
        // two extras: a copy of the block with most parameters (index 2) and of the next (index 3), each after its source
        assertEquals(List.of(stage.get(0), stage.get(1), stage.get(2), stage.get(2), stage.get(3), stage.get(3)), six);
        List<Block> nine = CompoundScaling.deepen(stage, 9);
        // five extras: big, mid, then the first block (stride 2, 32->64) copied as stride 1, 64->64 with a residual, small, big
        assertEquals(9, nine.size());
        Block firstCopy = nine.get(1);
        assertEquals(1, firstCopy.stride());
        assertEquals(64, firstCopy.inChannels());
        assertEquals(64, firstCopy.outChannels());
        assertTrue(firstCopy.residual());
        assertEquals(small, firstCopy.branches());
        long bigCopies = nine.stream().filter(b -> b.branches().equals(big)).count();
        long midCopies = nine.stream().filter(b -> b.branches().equals(mid)).count();
        assertEquals(3, bigCopies);
        assertEquals(2, midCopies);
        // fewer blocks: the fewest parameters go first, never the stage's first block
        List<Block> two = CompoundScaling.deepen(stage, 2);
        assertEquals(List.of(stage.get(0), stage.get(2)), two);
        assertEquals(List.of(stage.get(0)), CompoundScaling.deepen(stage, 1));
    }

    @Test
    void noskipStagesGiveNoskipCopies() {
        List<Branch> br = List.of(new Branch(3, 2));
        List<Block> stage = List.of(new Block(0, 16, 32, 2, false, br, 0, Activation.RELU),
                new Block(0, 32, 32, 1, false, br, 0, Activation.RELU));
        for (Block b : CompoundScaling.deepen(stage, 4)) assertFalse(b.residual(), "noskip stage keeps noskip: " + b);
    }

    /**
     * Linear depth in, linear depth out. Input: widths w_s = 32(s+1), cumulative depth D_s = w_s / 16 (kappa = 1/16).
     * After scaling by c each stage has round(2c) blocks, so D'_s is c D_s up to (s+1)/2 blocks of rounding, and
     * w'_s is c w_s up to 16 channels (nearest multiple of 16, or one more multiple when the nearest loses > 10 %).
     * Tolerance: |D'_s - kappa w'_s| <= (s+1)/2 + 16 kappa = (s+1)/2 + 1 blocks.
     */
    @Test
    void cumulativeDepthStaysProportionalToWidth() {
        Architecture a = TestNets.linearSupernet().largest().withoutSkips();
        List<Integer> w0 = CompoundScaling.stageWidths(a);
        List<Integer> d0 = CompoundScaling.stageDepths(a);
        double kappa = 1.0 / 16;
        int cum = 0;
        for (int s = 0; s < w0.size(); s++) {
            cum += d0.get(s);
            assertEquals(kappa * w0.get(s), cum, 1e-9, "the input has linear depth");
        }
        for (double c : new double[]{1.1, 1.21, 1.331, 1.5, 1.77, 2.0, 2.6}) {
            Architecture s = scaling.scale(a, c, c);
            List<Integer> w = CompoundScaling.stageWidths(s);
            List<Integer> d = CompoundScaling.stageDepths(s);
            int cumScaled = 0;
            for (int st = 0; st < w.size(); st++) {
                cumScaled += d.get(st);
                double tol = (st + 1) / 2.0 + 16 * kappa;
                assertTrue(Math.abs(cumScaled - kappa * w.get(st)) <= tol,
                        String.format("c=%.3f stage %d: cumulative depth %d vs width %d (kappa*w = %.2f, tolerance %.1f)",
                                c, st, cumScaled, w.get(st), kappa * w.get(st), tol));
            }
        }
    }

    @Test
    void searchMeetsTheTargetWithinTwoPercent() {
        Architecture a = TestNets.searchedLike(TestNets.paperSupernet());
        double base = TestNets.ANALYTIC_MS.applyAsDouble(a);
        for (double factor : new double[]{1.3, 2.0, 3.7}) {
            double target = base * factor;
            CompoundScaling.Result r = scaling.search(a, target, TestNets.ANALYTIC_MS);
            assertTrue(r.hasChoice(), r.note());
            CompoundScaling.Candidate c = r.chosen();
            assertTrue(c.latencyMs() <= target, "meets the target");
            assertTrue(c.latencyMs() >= 0.98 * target, "within 2 %: " + c.latencyMs() / target + " " + r.note());
            assertTrue(r.withinTolerance());
            assertTrue(c.resolutionCoefficient() >= c.depthWidthCoefficient() - 1e-9, "resolution scales at least as hard");
            assertEquals(TestNets.ANALYTIC_MS.applyAsDouble(c.architecture()), c.latencyMs(), 1e-12);
            for (CompoundScaling.Candidate k : r.candidates()) {
                assertEquals(k.latencyMs() <= target, k.meetsTarget());
                if (k.meetsTarget()) assertTrue(k.latencyMs() <= c.latencyMs(), "the chosen one is the largest meeting the target");
                assertEquals(ModelCost.parameters(k.architecture()), k.parameters());
                assertEquals(ModelCost.macs(k.architecture()), k.macs());
            }
            assertTrue(r.candidates().stream().anyMatch(k -> k.origin() == CompoundScaling.Origin.GRID));
        }
    }

    @Test
    void gridCandidatesFollowThePhiParametrisation() {
        Architecture a = TestNets.searchedLike(TestNets.paperSupernet());
        CompoundScaling.Result r = scaling.search(a, 3 * TestNets.ANALYTIC_MS.applyAsDouble(a), TestNets.ANALYTIC_MS);
        for (CompoundScaling.Candidate k : r.candidates()) {
            if (k.origin() == CompoundScaling.Origin.RESOLUTION_TRIM) continue;
            assertEquals(Math.pow(1.1, k.phi()), k.depthWidthCoefficient(), 1e-12);
            assertEquals(Math.round(224 * Math.pow(1.2, k.phi())), k.resolution());
        }
        // a larger phi never has fewer blocks or channels
        List<CompoundScaling.Candidate> grid = r.candidates().stream().filter(k -> k.origin() == CompoundScaling.Origin.GRID).toList();
        for (int i = 1; i < grid.size(); i++) {
            assertTrue(grid.get(i).parameters() >= grid.get(i - 1).parameters());
            assertTrue(grid.get(i).latencyMs() >= grid.get(i - 1).latencyMs());
        }
    }

    @Test
    void scalesDownWhenTheSearchResultIsTooSlow() {
        Architecture a = TestNets.searchedLike(TestNets.paperSupernet());
        double target = 0.6 * TestNets.ANALYTIC_MS.applyAsDouble(a);
        CompoundScaling.Result r = scaling.search(a, target, TestNets.ANALYTIC_MS);
        assertTrue(r.hasChoice(), r.note());
        assertTrue(r.chosen().depthWidthCoefficient() < 1);
        assertTrue(r.chosen().latencyMs() <= target && r.chosen().latencyMs() >= 0.98 * target, r.note());
    }

    @Test
    void coarseGranularityIsExplainedAndTheClosestNotExceedingIsChosen() {
        Architecture a = TestNets.searchedLike(TestNets.paperSupernet());
        // a latency that only counts blocks: resolution cannot fine-tune it, each block is 1 ms
        ToDoubleFunction<Architecture> perBlock = x -> x.blocks().size();
        int n = a.blocks().size();
        double target = n * 1.37 + 0.5;
        CompoundScaling.Result r = scaling.search(a, target, perBlock);
        assertTrue(r.hasChoice());
        double best = r.candidates().stream().filter(CompoundScaling.Candidate::meetsTarget)
                .mapToDouble(CompoundScaling.Candidate::latencyMs).max().orElseThrow();
        assertEquals(best, r.chosen().latencyMs());
        assertTrue(r.chosen().latencyMs() <= target);
        // stages 1 and 3 both have 4 blocks, so they gain their fifth block at the same c: 35 blocks -> 37 blocks
        assertEquals(35, r.chosen().latencyMs());
        assertFalse(r.withinTolerance());
        assertTrue(r.note().contains("stage depths [3, 5, 8, 5, 14] -> [3, 6, 8, 6, 14]"), r.note());
        assertTrue(r.note().contains("Not within 2.0 %"), r.note());
        // resolution trims were tried (they cannot help here) but never went beyond twice a meeting resolution
        assertTrue(r.candidates().stream().anyMatch(k -> k.origin() == CompoundScaling.Origin.RESOLUTION_TRIM));
        assertTrue(r.candidates().stream().allMatch(k -> k.resolution() <= 2 * 224 * Math.pow(1.2, 8)));
    }

    @Test
    void unreachableTargetGivesNoChoiceAndSaysWhy() {
        Architecture a = TestNets.searchedLike(TestNets.paperSupernet());
        CompoundScaling.Result r = scaling.search(a, 1e-9, TestNets.ANALYTIC_MS);
        assertFalse(r.hasChoice());
        assertNull(r.chosen());
        assertTrue(r.note().startsWith("No candidate meets"), r.note());
    }

    @Test
    void badInputIsNamed() {
        Architecture a = TestNets.searchedLike(TestNets.paperSupernet());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> scaling.search(a, 0, TestNets.ANALYTIC_MS));
        assertTrue(e.getMessage().contains("target latency"), e.getMessage());
        List<Block> shuffled = new ArrayList<>(a.blocks());
        java.util.Collections.swap(shuffled, 2, 9);
        e = assertThrows(IllegalArgumentException.class, () -> scaling.search(a.withBlocks(shuffled), 1, TestNets.ANALYTIC_MS));
        assertTrue(e.getMessage().contains("blocks["), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CompoundScaling.Options(1.2, 1.1, 0.25, -1, 4, 1e-3, 16, 1, 16, 0.02));
        assertTrue(e.getMessage().contains("gamma"), e.getMessage());
    }

    @Test
    void anInterruptedThreadCancelsTheSearch() {
        Architecture a = TestNets.searchedLike(TestNets.paperSupernet());
        List<CompoundScaling.Candidate> seen = new ArrayList<>();
        try {
            assertThrows(CancellationException.class, () -> scaling.search(a, 5 * TestNets.ANALYTIC_MS.applyAsDouble(a), TestNets.ANALYTIC_MS, c -> {
                seen.add(c);
                if (seen.size() == 3) Thread.currentThread().interrupt();
            }));
            assertEquals(3, seen.size());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void theListenerSeesEveryCandidateOnce() {
        Architecture a = TestNets.searchedLike(TestNets.paperSupernet());
        List<CompoundScaling.Candidate> seen = new ArrayList<>();
        CompoundScaling.Result r = scaling.search(a, 2 * TestNets.ANALYTIC_MS.applyAsDouble(a), TestNets.ANALYTIC_MS, seen::add);
        assertEquals(r.candidates().size(), seen.size());
        assertNotNull(r.chosen());
        assertTrue(seen.stream().anyMatch(c -> c == r.chosen()));
        assertSame(r.chosen(), r.candidates().stream().filter(c -> c == r.chosen()).findFirst().orElseThrow());
    }
}
