package org.s3nas.workbench.npu;

import org.s3nas.workbench.model.NpuConfig;

/**
 * The DRAM timing of docs/midap.md §4: a read of {@code size} bytes waits a latency
 * {@code L = ceil(base + perPage * floor(size / page) + perBurst * ceil(size / burst))} and then occupies the bus for
 * {@code T = ceil(size / bandwidth)} cycles.
 */
public final class Dram {
    private final double base;
    private final double perPage;
    private final long page;
    private final double perBurst;
    private final long burst;
    private final long bytesPerCycle;

    public Dram(NpuConfig npu) {
        this.base = npu.dramLatencyBase();
        this.perPage = npu.dramLatencyPerPage();
        this.page = npu.dramPageBytes();
        this.perBurst = npu.dramLatencyPerBurst();
        this.burst = npu.dramBurstBytes();
        this.bytesPerCycle = npu.dramBytesPerCycle();
    }

    /** Read latency L(size) in cycles. */
    public long readLatency(long bytes) {
        if (bytes <= 0) return 0;
        double l = base + perPage * (bytes / page) + perBurst * ceilDiv(bytes, burst);
        return (long) Math.ceil(l - 1e-9);
    }

    /** Bus occupancy T(size) in cycles. */
    public long transferCycles(long bytes) {
        return bytes <= 0 ? 0 : ceilDiv(bytes, bytesPerCycle);
    }

    static long ceilDiv(long a, long b) {
        return Geometry.ceilDiv(a, b);
    }
}
