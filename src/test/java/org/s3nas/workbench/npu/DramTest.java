package org.s3nas.workbench.npu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.s3nas.workbench.model.BankPolicy;
import org.s3nas.workbench.model.NpuConfig;

/** SPEC §3.1: L(size) = ceil(41.25 + 14.625 floor(size/8192) + 235 ceil(size/89856)), T(size) = ceil(size/25). */
class DramTest {
    private final Dram dram = new Dram(NpuConfig.midap());

    @Test
    void readLatencyFormula() {
        assertEquals(277, dram.readLatency(1024));          // 41.25 + 0 + 235
        assertEquals(277, dram.readLatency(8191));
        assertEquals(291, dram.readLatency(8192));          // 41.25 + 14.625 + 235 = 290.875
        assertEquals(306, dram.readLatency(20480));         // the FC's 16-filter group: 305.5
        assertEquals(1215, dram.readLatency(262144));       // a full FMEM bank: 41.25 + 468 + 705
        assertEquals(423, dram.readLatency(89856));         // exactly one burst unit: 41.25 + 146.25 + 235
        assertEquals(658, dram.readLatency(89857));         // one byte more: a second 235
        assertEquals(0, dram.readLatency(0));
    }

    @Test
    void latencyIsIntegralWhenFormulaIs() {
        // 41.25 + 14.625 * 6 = 129 exactly: no rounding up
        assertEquals(129 + 235, dram.readLatency(6 * 8192));
    }

    @Test
    void transferTimeIsCeilOfSizeOverBandwidth() {
        assertEquals(820, dram.transferCycles(20480));      // 819.2
        assertEquals(144, dram.transferCycles(3584));       // 143.36
        assertEquals(41, dram.transferCycles(1024));
        assertEquals(1, dram.transferCycles(25));
        assertEquals(2, dram.transferCycles(26));
    }

    @Test
    void everyTermComesFromTheConfiguration() {
        NpuConfig n = new NpuConfig(1.0, 1, 16, 64, 4, 256 * 1024, 16 * 1024, true, 128 * 1024, 4096, 4096,
                50, 10, 2, 1000, 100, 5000, false, 6, BankPolicy.MIN_BLOCKING, true);
        Dram d = new Dram(n);
        assertEquals(10 + 2 * 2 + 100 * 1, d.readLatency(2500));
        assertEquals(50, d.transferCycles(2500));
    }
}
