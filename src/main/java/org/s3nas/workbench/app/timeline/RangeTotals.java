package org.s3nas.workbench.app.timeline;

import java.util.List;
import org.s3nas.workbench.npu.LayerResult;
import org.s3nas.workbench.npu.TimelineEvent;
import org.s3nas.workbench.npu.Track;

/**
 * What happened in a time range [start, end) of a simulation. The figures are the simulator's per-layer figures
 * (one source of truth) summed over the layers the range touches; a layer the range cuts counts in proportion to
 * the part of it inside the range. {@code dramTransferred} is different: the DRAM bytes the timeline shows moving
 * inside the range (a load or write cut by the range counts in proportion), whichever layer issued them.
 *
 * @param start           first cycle of the range
 * @param end             cycle after the range
 * @param layers          layers the range overlaps
 * @param wholeLayers     of which entirely inside it
 * @param cycles          layer cycles inside the range (the range clipped to the network's layers)
 * @param computeCycles   non-stall cycles of those layers
 * @param featureStall    stall cycles waiting for features
 * @param weightStall     stall cycles waiting for weights
 * @param biasStall       stall cycles waiting for biases
 * @param macs            multiply-accumulates
 * @param dramBytesRead   DRAM bytes the layers requested
 * @param dramBytesWritten DRAM bytes the layers wrote
 * @param dramTransferred DRAM bytes moving inside the range on the timeline's load and write tracks
 */
public record RangeTotals(double start, double end, int layers, int wholeLayers, double cycles, double computeCycles,
                          double featureStall, double weightStall, double biasStall, double macs,
                          double dramBytesRead, double dramBytesWritten, double dramTransferred) {

    public double duration() { return end - start; }

    public double stallCycles() { return featureStall + weightStall + biasStall; }

    public double dramBytes() { return dramBytesRead + dramBytesWritten; }

    /** Totals of {@code d} over [t0, t1) (the bounds may come in either order). */
    public static RangeTotals of(TimelineData d, double t0, double t1) {
        double a = Math.min(t0, t1), b = Math.max(t0, t1);
        List<LayerResult> ls = d.layers();
        int n = 0, whole = 0;
        double cycles = 0, compute = 0, fs = 0, ws = 0, bs = 0, macs = 0, rd = 0, wr = 0;
        // layers run one after another: the network lane's slices are the layers in order
        Slices layerSlices = d.networkLane().slices();
        int[] w = layerSlices.window(a, b);
        for (int i = w[0]; i < w[1]; i++) {
            LayerResult l = ls.get(layerSlices.ref(i));
            double overlap = Math.min(b, l.endCycle()) - Math.max(a, l.startCycle());
            double f;
            if (l.cycles() == 0) {
                if (l.startCycle() < a || l.startCycle() >= b) continue;
                f = 1;
            } else {
                if (overlap <= 0) continue;
                f = overlap / l.cycles();
            }
            n++;
            if (l.startCycle() >= a && l.endCycle() <= b) {
                whole++;
                f = 1; // exact sums for whole layers, no rounding through the fraction
            }
            cycles += f * l.cycles();
            compute += f * l.computeCycles();
            fs += f * l.featureStall();
            ws += f * l.weightStall();
            bs += f * l.biasStall();
            macs += f * l.macs();
            rd += f * l.dramBytesRead();
            wr += f * l.dramBytesWritten();
        }
        double moved = 0;
        for (Track t : new Track[]{Track.FEATURE_LOAD, Track.WEIGHT_LOAD, Track.WRITE}) {
            Slices s = d.trackLane(t).slices();
            int[] tw = s.window(a, b);
            for (int i = tw[0]; i < tw[1]; i++) {
                TimelineEvent e = d.events().get(s.ref(i));
                if (e.bytes() == 0) continue;
                if (e.duration() == 0) {
                    if (e.start() >= a && e.start() < b) moved += e.bytes();
                    continue;
                }
                double overlap = Math.min(b, e.end()) - Math.max(a, e.start());
                if (overlap > 0) moved += e.bytes() * overlap / e.duration();
            }
        }
        return new RangeTotals(a, b, n, whole, cycles, compute, fs, ws, bs, macs, rd, wr, moved);
    }
}
