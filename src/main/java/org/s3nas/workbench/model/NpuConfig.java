package org.s3nas.workbench.model;

/**
 * The MIDAP NPU configuration. Every number of the machine is a parameter; {@link #midap()} gives the
 * defaults of the authors' simulator.
 *
 * @param clockGHz             clock; cycles / (clockGHz * 1e6) = ms
 * @param bytesPerValue        data width in bytes
 * @param cims                 compute units; a conv computes this many output channels in parallel
 * @param lanes                MAC lanes per unit; one FMEM row is this many channels wide
 * @param fmemBanks            feature-memory banks
 * @param fmemBankBytes        bytes per FMEM bank
 * @param wmemBankBytes        weight memory per CIM (one bank each), per buffer
 * @param wmemDoubleBuffered   weight memory is double-buffered
 * @param ewmemBytes           extended weight buffer for depthwise / element-wise operands
 * @param biasEntries          bias memory entries (double-buffered)
 * @param reductionEntries     reduction buffer entries
 * @param dramBytesPerCycle    DRAM bandwidth
 * @param dramLatencyBase      DRAM read latency: base term
 * @param dramLatencyPerPage   ... plus this per {@code dramPageBytes} (floor)
 * @param dramPageBytes        page size of the latency formula
 * @param dramLatencyPerBurst  ... plus this per {@code dramBurstBytes} (ceil)
 * @param dramBurstBytes       burst size of the latency formula
 * @param timeDramWrites       whether DRAM writes are timed
 * @param pipelineFillCycles   cycles added per layer
 * @param bankPolicy           FMEM bank split policy
 * @param reverseWrite         outputs may be written in reverse column order to reuse freed input banks
 */
public record NpuConfig(double clockGHz, int bytesPerValue, int cims, int lanes,
                        int fmemBanks, int fmemBankBytes, int wmemBankBytes, boolean wmemDoubleBuffered,
                        int ewmemBytes, int biasEntries, int reductionEntries,
                        int dramBytesPerCycle, double dramLatencyBase, double dramLatencyPerPage, int dramPageBytes,
                        double dramLatencyPerBurst, int dramBurstBytes, boolean timeDramWrites,
                        int pipelineFillCycles, BankPolicy bankPolicy, boolean reverseWrite) {

    public static NpuConfig midap() {
        return new NpuConfig(1.0, 1, 16, 64,
                4, 256 * 1024, 16 * 1024, true,
                128 * 1024, 4096, 4096,
                25, 41.25, 14.625, 8192, 235, 89856, false,
                6, BankPolicy.MIN_BLOCKING, true);
    }

    /** MACs per cycle at full utilisation. */
    public int macsPerCycle() { return cims * lanes; }

    /** Weight memory of all CIMs for one buffer (512 KiB with the defaults when double-buffered counts both). */
    public long wmemTotalBytes() { return (long) cims * wmemBankBytes * (wmemDoubleBuffered ? 2 : 1); }

    public double cyclesToMs(double cycles) { return cycles / (clockGHz * 1e6); }
}
