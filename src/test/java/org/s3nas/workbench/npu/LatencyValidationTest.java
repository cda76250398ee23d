package org.s3nas.workbench.npu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Supernet;

/** The validation statistics (paper Fig. 9) and the random sampling of the space. */
class LatencyValidationTest {

    @Test
    void statisticsOfHandMadePairs() {
        List<LatencyValidation.Pair> pairs = List.of(
                new LatencyValidation.Pair(0, null, 1010, 1000, 1.010, 1.000),  // +1 %
                new LatencyValidation.Pair(1, null, 970, 1000, 0.970, 1.000),   // -3 %
                new LatencyValidation.Pair(2, null, 2000, 2000, 2.000, 2.000),  //  0 %
                new LatencyValidation.Pair(3, null, 1100, 1000, 1.100, 1.000)); // +10 %
        LatencyValidation v = LatencyValidation.of(pairs);
        assertEquals((1 + 3 + 0 + 10) / 4.0, v.mapePercent(), 1e-12);
        assertEquals(10, v.maxErrorPercent(), 1e-12);
        assertEquals(0.5, v.within1Percent(), 1e-12);
        assertEquals(0.75, v.within5Percent(), 1e-12);
        assertEquals(Math.sqrt((0.01 * 0.01 + 0.03 * 0.03 + 0.1 * 0.1) / 4), v.rmseMs(), 1e-12);
        assertEquals((1 - 3 + 0 + 10) / 4.0, v.meanErrorPercent(), 1e-12);
    }

    @Test
    void comparesTheEstimateWithTheSimulationOfEachArchitecture() {
        Supernet s = LatencyFixtures.paperSupernet();
        LatencyEstimator est = new LatencyEstimator(LatencyFixtures.fakeTable(s, NpuConfig.midap()));
        // a "simulator" 2 % slower than the table: every error is -1/1.02
        LatencyValidation v = LatencyValidation.run(est, a -> result(Math.round(est.latencyCycles(a) * 1.02)), 40, 1, null, null);
        assertEquals(40, v.pairs().size());
        assertEquals(100 * (1 / 1.02 - 1), v.meanErrorPercent(), 1e-3);
        assertEquals(0, v.within1Percent());
        assertEquals(1, v.within5Percent());
        assertTrue(Double.isNaN(v.stemMeanErrorCycles()), "no per-layer results, no breakdown");
        LatencyValidation again = LatencyValidation.run(est, a -> result(Math.round(est.latencyCycles(a) * 1.02)), 40, 1, null, null);
        assertEquals(v.pairs().get(17).estimatedCycles(), again.pairs().get(17).estimatedCycles(), "seeded");
        assertThrows(CancellationException.class, () -> LatencyValidation.run(est, a -> result(est.latencyCycles(a)), 40, 1, null, () -> true));
    }

    /** A whole-network result without per-layer detail. */
    private static SimulationResult result(long cycles) {
        return new SimulationResult("x", cycles, cycles / 1e6, 0, 0, 0, 0, 0, List.of(), Timeline.empty());
    }

    @Test
    void samplingCoversEveryChoiceUniformly() {
        Supernet s = LatencyFixtures.paperSupernet();
        Random r = new Random(42);
        int n = 4000;
        int[] counts = new int[4];
        Set<Long> distinct = new HashSet<>();
        LatencyEstimator est = new LatencyEstimator(LatencyFixtures.fakeTable(s, NpuConfig.midap()));
        for (int i = 0; i < n; i++) {
            Architecture a = ArchitectureSampler.sample(s, r, "r");
            var b = a.blocks().get(1).branches().get(2); // residual block, 7-superkernel: zero, k3, k5, k7
            counts[b.expansion() == 0 ? 0 : (b.kernel() - 1) / 2]++;
            distinct.add(est.latencyCycles(a));
        }
        for (int c : counts) assertEquals(n / 4.0, c, 4 * Math.sqrt(n * 0.25 * 0.75), java.util.Arrays.toString(counts));
        assertTrue(distinct.size() > n * 0.99, "architectures differ");
        assertNotEquals(ArchitectureSampler.sample(s, new Random(1), "a"), ArchitectureSampler.sample(s, new Random(2), "a"));
    }
}
