package org.s3nas.workbench.search;

import org.s3nas.workbench.npu.DifferentiableLatency;
import org.s3nas.workbench.npu.IndicatorLayout;
import org.s3nas.workbench.npu.LatencyTable;
import org.s3nas.workbench.npu.MidapSimulator;

/** The search's latency term over npu/'s profiled latency table (Eq. 7/8, CONTRACT.md). */
public final class NpuLatencyModel implements LatencyModel {
    private final IndicatorLayout layout;
    private final DifferentiableLatency latency;
    private final String supernet;
    private final MidapSimulator simulator;
    private final org.s3nas.workbench.model.NpuConfig npu;
    /** The last indicators simulated and their latency (phase 2 asks again for the same architecture most steps). */
    private double[] lastU;
    private double lastMs;

    public NpuLatencyModel(LatencyTable table) {
        this.supernet = table.supernet().name();
        this.layout = new IndicatorLayout(table.supernet());
        this.latency = new DifferentiableLatency(table, layout);
        this.npu = table.npu();
        this.simulator = new MidapSimulator(npu);
    }

    @Override public int kernelIndicator(int position, int superkernel, int i) { return layout.kernelIndicator(position, superkernel, i); }

    @Override public int expansionIndicator(int position, int superkernel, int d) { return layout.expansionIndicator(position, superkernel, d); }

    @Override public int count() { return layout.count(); }

    @Override public double latencyMs(double[] u, double[] gradient) { return latency.latencyMs(u, gradient); }

    /** The decoded architecture (skips removed) simulated on the table's NPU configuration. */
    @Override
    public synchronized double simulatedLatencyMs(double[] u) {
        if (lastU != null && java.util.Arrays.equals(lastU, u)) return lastMs;
        lastMs = npu.cyclesToMs(simulator.cycles(layout.decode(u, "decoded").withoutSkips()));
        lastU = u.clone();
        return lastMs;
    }

    @Override public String toString() { return "Eq. 7/8 over '" + supernet + "'"; }
}
