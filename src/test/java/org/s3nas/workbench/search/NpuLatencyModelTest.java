package org.s3nas.workbench.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.s3nas.workbench.engine.Rng;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Supernet;
import org.s3nas.workbench.npu.IndicatorLayout;
import org.s3nas.workbench.npu.LatencyTable;
import org.s3nas.workbench.npu.Profiler;

/** The engine's indicators in npu's layout: the path the engine runs is the architecture the latency table prices. */
class NpuLatencyModelTest {

    @Test
    void engineIndicatorsEncodeTheDecodedArchitecture() {
        Supernet s = TinyNets.tiny();
        LatencyTable table = new Profiler(NpuConfig.midap()).profile(s, null, null);
        NpuLatencyModel model = new NpuLatencyModel(table);
        IndicatorLayout layout = new IndicatorLayout(s);
        assertEquals(layout.count(), model.count());
        try (SupernetNet net = new SupernetNet(s, 2, 8, 3)) {
            Rng rng = new Rng(5);
            double smallest = Double.POSITIVE_INFINITY, largest = 0;
            for (int t = 0; t < 30; t++) {
                net.setMasks(SupernetNet.MaskMode.SAMPLED, rng, null);
                double[] u = net.indicators(model);
                Architecture a = net.decode("sampled");
                assertArrayEquals(layout.encode(a), u, "sample " + t);
                double ms = model.latencyMs(u, null);
                smallest = Math.min(smallest, ms);
                largest = Math.max(largest, ms);
            }
            net.setMasks(SupernetNet.MaskMode.FIXED, null, net.largestChoices());
            double full = model.latencyMs(net.indicators(model), null);
            assertTrue(full >= largest && smallest < largest, smallest + " " + largest + " " + full);
        }
    }
}
