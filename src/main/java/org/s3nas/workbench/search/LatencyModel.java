package org.s3nas.workbench.search;

/**
 * The differentiable latency the search loss needs (paper Eq. 7/8), seen from the engine: a flat index of the
 * threshold indicators and the latency of a 0/1 indicator vector with its gradient. Implemented over
 * {@code npu.IndicatorLayout} + {@code npu.DifferentiableLatency} (CONTRACT.md) by {@link NpuLatencyModel}.
 */
public interface LatencyModel {
    /** Flat index of the kernel-ring indicator i (1..K-1: ring k_{i+1}\k_i) of superkernel j at block position p. */
    int kernelIndicator(int position, int superkernel, int i);

    /** Flat index of the channel-slice indicator d (1..E-1: slice e_{d+1}\e_d) of superkernel j at position p. */
    int expansionIndicator(int position, int superkernel, int d);

    int count();

    /** Network latency in ms for hard 0/1 indicators; fills dLatency/du_i when gradient is not null. */
    double latencyMs(double[] u, double[] gradient);

    /**
     * The latency of the architecture the hard indicators select, by full simulation of the NPU (what the search's
     * status and the saved architecture's name report); NaN when this model has no simulator behind it.
     */
    default double simulatedLatencyMs(double[] u) { return Double.NaN; }
}
