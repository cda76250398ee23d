package org.s3nas.workbench.app.timeline;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.npu.LayerResult;
import org.s3nas.workbench.npu.SimulationResult;
import org.s3nas.workbench.npu.TimelineEvent;

import static org.junit.jupiter.api.Assertions.*;

/** Range totals against sums computed independently from the SimulationResult. Plain JUnit. */
class RangeTotalsTest {
    private final SimulationResult r = Fixtures.efficientNetB0();
    private final TimelineData d = Fixtures.b0Data();

    @Test
    void aRangeOnLayerBoundariesTotalsExactlyItsLayers() {
        List<LayerResult> ls = r.layers();
        int from = 6, to = 30; // Conv3 .. through stage 2
        RangeTotals t = RangeTotals.of(d, ls.get(from).startCycle(), ls.get(to).endCycle());
        long cycles = 0, compute = 0, fs = 0, ws = 0, bs = 0, macs = 0, rd = 0, wr = 0;
        for (int i = from; i <= to; i++) {
            LayerResult l = ls.get(i);
            cycles += l.cycles();
            compute += l.computeCycles();
            fs += l.featureStall();
            ws += l.weightStall();
            bs += l.biasStall();
            macs += l.macs();
            rd += l.dramBytesRead();
            wr += l.dramBytesWritten();
        }
        assertEquals(to - from + 1, t.layers());
        assertEquals(to - from + 1, t.wholeLayers());
        assertEquals(cycles, t.cycles());
        assertEquals(compute, t.computeCycles());
        assertEquals(fs + ws + bs, t.stallCycles());
        assertEquals(fs, t.featureStall());
        assertEquals(ws, t.weightStall());
        assertEquals(bs, t.biasStall());
        assertEquals(macs, t.macs());
        assertEquals(rd + wr, t.dramBytes());
    }

    @Test
    void theWholeNetworkTotalsTheSimulation() {
        RangeTotals t = RangeTotals.of(d, -100, d.totalCycles() + 100);
        assertEquals(r.layers().size(), t.wholeLayers());
        assertEquals(r.stallCycles(), t.stallCycles());
        assertEquals(r.macs(), t.macs());
        assertEquals(r.dramBytes(), t.dramBytes());
        assertEquals(r.dramBytes(), t.dramTransferred(), 1e-6, "every load and write moves inside");
    }

    @Test
    void aLayerCutByTheRangeCountsInProportion() {
        LayerResult a = r.layers().get(7), b = r.layers().get(8), c = r.layers().get(9);
        double t0 = a.startCycle() + 0.25 * a.cycles(); // the last three quarters of DWConv2
        double t1 = c.startCycle() + 0.5 * c.cycles();  // ... Linear3, and the first half of Linear4
        RangeTotals t = RangeTotals.of(d, t1, t0);      // either order
        assertEquals(3, t.layers());
        assertEquals(1, t.wholeLayers());
        assertEquals(0.75 * a.macs() + b.macs() + 0.5 * c.macs(), t.macs(), 1e-6);
        assertEquals(0.75 * a.stallCycles() + b.stallCycles() + 0.5 * c.stallCycles(), t.stallCycles(), 1e-6);
        assertEquals(0.75 * a.dramBytes() + b.dramBytes() + 0.5 * c.dramBytes(), t.dramBytes(), 1e-6);
        assertEquals(t1 - t0, t.cycles(), 1e-6);
        // what moved on DRAM in the range, summed from the events directly
        double moved = 0;
        for (TimelineEvent e : r.timeline().all()) {
            if (e.bytes() == 0 || e.duration() == 0) continue;
            double o = Math.min(t1, e.end()) - Math.max(t0, e.start());
            if (o > 0) moved += e.bytes() * o / e.duration();
        }
        assertEquals(moved, t.dramTransferred(), 1e-6);
    }

    @Test
    void aRangeOutsideTheNetworkIsEmpty() {
        RangeTotals t = RangeTotals.of(d, d.totalCycles() + 10, d.totalCycles() + 1000);
        assertEquals(0, t.layers());
        assertEquals(0, t.macs());
        assertEquals(990, t.duration());
    }
}
