package org.s3nas.workbench.post;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.ModelCost;
import org.s3nas.workbench.model.ModelCostTest;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.npu.MidapSimulator;

/** Compound scaling against the MIDAP simulator (SPEC §2.6): the chosen network meets the final target within 2 %. */
class CompoundScalingSimulatorTest {
    private final MidapSimulator sim = new MidapSimulator(NpuConfig.midap());
    private final ToDoubleFunction<Architecture> simulated = sim::latencyMs;

    /** Searches, checks what must hold for every result, prints the outcome; returns the result. */
    private CompoundScaling.Result scaled(Architecture base, double factor) {
        double target = factor * simulated.applyAsDouble(base);
        CompoundScaling.Result r = new CompoundScaling().search(base, target, simulated);
        assertTrue(r.hasChoice(), r.note());
        CompoundScaling.Candidate c = r.chosen();
        // the reported latency is the simulator's, re-simulated here from the chosen network alone
        assertEquals(sim.latencyMs(c.architecture()), c.latencyMs(), 0);
        assertTrue(c.latencyMs() <= target, r.note());
        assertEquals(c.latencyMs() >= 0.98 * target, r.withinTolerance());
        assertEquals(sim.simulate(c.architecture()).macs(), c.macs(), "MAC counter agrees with the simulator");
        for (Block b : c.architecture().blocks()) assertEquals(0, b.outChannels() % 16);
        assertEquals(0, c.architecture().stem().channels() % 16);
        assertEquals(0, c.architecture().head().featureChannels() % 16);
        assertTrue(c.resolutionCoefficient() >= c.depthWidthCoefficient() - 1e-9, "resolution scaled at least as hard");
        for (CompoundScaling.Candidate k : r.candidates()) {
            if (k.meetsTarget()) assertTrue(k.latencyMs() <= c.latencyMs(), "the chosen one is the largest meeting the target");
        }
        if (!r.withinTolerance()) assertTrue(r.note().contains("no candidate lands between"), r.note());
        System.out.printf("%s x%.2f: target %.4f ms, chosen %.4f ms (%.2f %%), c = %.3f, %dx%d, depths %s, widths %s, %d simulations%n",
                base.name(), factor, target, c.latencyMs(), 100 * c.latencyMs() / target, c.depthWidthCoefficient(), c.resolution(),
                c.architecture().input().width(), c.stageDepths(), c.stageWidths(), r.candidates().size());
        return r;
    }

    @Test
    void searchedNetworkMeetsTheTargetWithinTwoPercent() {
        Architecture a = TestNets.searchedLike(TestNets.paperSupernet());
        for (double f : List.of(1.5, 3.0)) assertTrue(scaled(a, f).withinTolerance());
    }

    @Test
    void mobileNetV2WithSeAndHswishMeetsTheTargetWithinTwoPercent() {
        assertTrue(scaled(SeTransforms.withSeAndHswish(ModelCostTest.mobileNetV2()), 2.0).withinTolerance());
    }

    /**
     * At twice its latency the searched network cannot land in the band: at 288x288 (9 x 32) one more pixel adds a row
     * and a column to every feature map, +10 %, and the next depth/width step (stem 32 -> 48) only fits at 256x256.
     * The choice is the closest not exceeding, and the note says why; the claims are re-simulated here.
     */
    @Test
    void granularityIsExplainedWhenTheBandIsOutOfReach() {
        Architecture a = TestNets.searchedLike(TestNets.paperSupernet());
        CompoundScaling.Result r = scaled(a, 2.0);
        assertTrue(!r.withinTolerance(), r.note());
        CompoundScaling.Candidate c = r.chosen();
        assertEquals(288, c.resolution());
        assertTrue(r.note().contains("the next input size, 289"), r.note());
        CompoundScaling scaling = new CompoundScaling();
        assertTrue(sim.latencyMs(scaling.scale(a, c.depthWidthCoefficient(), 289.0 / 224)) > r.targetMs());
        // every depth/width between the chosen one and the next depth step, at the smallest input that still meets the target
        List<Integer> depths = c.stageDepths();
        for (double x = c.depthWidthCoefficient(); ; x += 0.0005) {
            Architecture g = scaling.scale(a, x, x);
            if (!CompoundScaling.stageDepths(g).equals(depths)) {
                assertTrue(sim.latencyMs(g) > r.targetMs(), "the next depth step misses even at r = c");
                break;
            }
            for (int res = (int) Math.round(224 * x); res <= 320; res++) {
                double ms = sim.latencyMs(scaling.scale(a, x, res / 224.0));
                assertTrue(ms > r.targetMs() || ms <= c.latencyMs() + 1e-12,
                        String.format("c=%.4f %d: %.4f ms would be closer than the chosen %.4f ms", x, res, ms, c.latencyMs()));
                if (ms > r.targetMs()) break;
            }
        }
    }

    /** Targets from 1.2 to 3.2 times the searched network: all met, and either within 2 % or explained. */
    @Test
    void sweepOfTargets() {
        Architecture a = TestNets.searchedLike(TestNets.paperSupernet());
        int within = 0, n = 0;
        for (double f = 1.2; f <= 3.21; f += 0.25) {
            n++;
            if (scaled(a, f).withinTolerance()) within++;
        }
        System.out.printf("within 2 %% for %d of %d targets%n", within, n);
        assertTrue(within >= n - 2, "the band is out of reach only near a 32-pixel step: " + within + " of " + n);
    }

    @Test
    void macCounterAgreesWithTheSimulator() {
        Architecture a = TestNets.searchedLike(TestNets.paperSupernet());
        assertEquals(sim.simulate(a).macs(), ModelCost.macs(a));
        assertEquals(sim.simulate(ModelCostTest.mobileNetV2()).macs(), ModelCost.macs(ModelCostTest.mobileNetV2()));
    }
}
