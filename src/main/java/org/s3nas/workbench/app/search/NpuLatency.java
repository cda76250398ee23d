package org.s3nas.workbench.app.search;

import org.s3nas.workbench.npu.DifferentiableLatency;
import org.s3nas.workbench.npu.IndicatorLayout;
import org.s3nas.workbench.npu.LatencyTable;
import org.s3nas.workbench.search.LatencyModel;

/**
 * The search's {@link LatencyModel} over the profiled latency table (paper Eq. 7/8, CONTRACT.md): the indicator
 * layout and the differentiable latency of npu/. LatencyModel's javadoc names an {@code NpuLatencyModel} in search/
 * that has not landed; this adapter is the same thing and should move there when it does.
 */
final class NpuLatency implements LatencyModel {
    private final IndicatorLayout layout;
    private final DifferentiableLatency latency;

    NpuLatency(LatencyTable table) {
        this.layout = new IndicatorLayout(table.supernet());
        this.latency = new DifferentiableLatency(table, layout);
    }

    @Override
    public int kernelIndicator(int position, int superkernel, int i) { return layout.kernelIndicator(position, superkernel, i); }

    @Override
    public int expansionIndicator(int position, int superkernel, int d) { return layout.expansionIndicator(position, superkernel, d); }

    @Override
    public int count() { return layout.count(); }

    @Override
    public double latencyMs(double[] u, double[] gradient) { return latency.latencyMs(u, gradient); }
}
