package org.s3nas.workbench.search;

import org.s3nas.workbench.npu.DifferentiableLatency;
import org.s3nas.workbench.npu.IndicatorLayout;
import org.s3nas.workbench.npu.LatencyTable;

/** The search's latency term over npu/'s profiled latency table (Eq. 7/8, CONTRACT.md). */
public final class NpuLatencyModel implements LatencyModel {
    private final IndicatorLayout layout;
    private final DifferentiableLatency latency;
    private final String supernet;

    public NpuLatencyModel(LatencyTable table) {
        this.supernet = table.supernet().name();
        this.layout = new IndicatorLayout(table.supernet());
        this.latency = new DifferentiableLatency(table, layout);
    }

    @Override public int kernelIndicator(int position, int superkernel, int i) { return layout.kernelIndicator(position, superkernel, i); }

    @Override public int expansionIndicator(int position, int superkernel, int d) { return layout.expansionIndicator(position, superkernel, d); }

    @Override public int count() { return layout.count(); }

    @Override public double latencyMs(double[] u, double[] gradient) { return latency.latencyMs(u, gradient); }

    @Override public String toString() { return "Eq. 7/8 over '" + supernet + "'"; }
}
