package org.s3nas.workbench.npu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Supernet;

/** Profiling mechanics (deduplication, progress, cancellation) with a stand-in simulator. */
class ProfilerLatencyTest {

    @Test
    void simulatesEachDistinctShapeAndConfigurationOnce() {
        Supernet s = LatencyFixtures.paperSupernet();
        LatencyFixtures.FakeMeasurements m = new LatencyFixtures.FakeMeasurements();
        List<int[]> progress = Collections.synchronizedList(new ArrayList<>());
        Profiler profiler = new Profiler(NpuConfig.midap(), m);
        LatencyTable t = profiler.profile(s, (d, n) -> progress.add(new int[]{d, n}), null);
        // a block is simulated between its neighbours: per stage the first, second, middle and last blocks differ in
        // context (stage 1, depth 3, has no middle): 19 distinct contexts, 15 non-skip configurations each
        assertEquals(19 * 15, m.blockCalls.get());
        assertEquals(2, m.stemHeadCalls.get());
        assertEquals(287, profiler.lastSimulations());
        assertEquals(287, progress.size());
        for (int i = 0; i < progress.size(); i++) {
            assertEquals(i + 1, progress.get(i)[0], "progress is reported in order");
            assertEquals(287, progress.get(i)[1]);
        }
        assertTrue(t.isFor(s, NpuConfig.midap()));
        // positions of one shape and context share their entries
        for (BlockConfiguration c : t.configurations(10)) assertEquals(t.cycles(10, c), t.cycles(11, c));
    }

    @Test
    void cancellationStopsBetweenConfigurations() {
        Supernet s = LatencyFixtures.paperSupernet();
        LatencyFixtures.FakeMeasurements m = new LatencyFixtures.FakeMeasurements();
        AtomicInteger done = new AtomicInteger();
        Profiler profiler = new Profiler(NpuConfig.midap(), m).parallelism(2);
        assertThrows(CancellationException.class, () -> profiler.profile(s, (d, n) -> done.set(d), () -> done.get() >= 20));
        assertTrue(m.blockCalls.get() + m.stemHeadCalls.get() < 40, "stopped soon after the flag: " + m.blockCalls.get());
    }

    @Test
    void aSkipWithoutResidualIsRefused() {
        Supernet s = LatencyFixtures.paperSupernet();
        var sks = List.of(new org.s3nas.workbench.model.Superkernel(List.of(3), List.of(0, 2), false));
        Supernet bad = s.withStage(0, s.stages().get(0).withSuperkernels(sks));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Profiler(NpuConfig.midap(), new LatencyFixtures.FakeMeasurements()).profile(bad, null, null));
        assertTrue(e.getMessage().contains("block 0"), e.getMessage());
    }
}
