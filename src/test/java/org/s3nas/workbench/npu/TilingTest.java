package org.s3nas.workbench.npu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.Branch;
import org.s3nas.workbench.model.Head;
import org.s3nas.workbench.model.InputShape;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Stem;

/** The layer compiler's fallback for maps the FMEM banks cannot plan: the layer runs in pieces from DRAM. */
class TilingTest {
    private static final NpuConfig MIDAP = NpuConfig.midap();

    static NpuConfig withBankBytes(int bytes) {
        NpuConfig b = MIDAP;
        return new NpuConfig(b.clockGHz(), b.bytesPerValue(), b.cims(), b.lanes(), b.fmemBanks(), bytes,
                b.wmemBankBytes(), b.wmemDoubleBuffered(), b.ewmemBytes(), b.biasEntries(), b.reductionEntries(),
                b.dramBytesPerCycle(), b.dramLatencyBase(), b.dramLatencyPerPage(), b.dramPageBytes(),
                b.dramLatencyPerBurst(), b.dramBurstBytes(), b.timeDramWrites(), b.pipelineFillCycles(), b.bankPolicy(),
                b.reverseWrite());
    }

    /** One depthwise layer on an input in DRAM (the network's input) whose output is the network's output. */
    static Network depthwise(int size, int channels, int k, int s, NpuConfig npu) {
        NetworkBuilder b = new NetworkBuilder("dw" + size, npu);
        int x = b.input(size, size, channels);
        b.at(Segment.BLOCK, 0, 0);
        b.depthwise(x, k, s);
        return b.build();
    }

    /**
     * A 5x5 depthwise layer over 600x600x256: one column (600 x 256 bytes) fills a bank, so 4 banks cannot hold a
     * 5-column window and the planner never ended (today's main: "FMEM planning does not end"). Tiled, it runs in 2
     * stripes of 300 output rows (302 input rows with the halo: 3 columns per bank), each swept in groups of
     * 4 x 3 = 12 columns that advance by 8 (the 4-column overlap is read again).
     */
    @Test
    void a600PixelDepthwiseLayerRunsTiledAndItsDramTrafficIsTheTilingsArithmetic() {
        SimulationResult r = new MidapSimulator(MIDAP).simulate(depthwise(600, 256, 5, 1, MIDAP));
        LayerResult dw = r.layer("DWConv1");
        assertTrue(dw.tiled());
        long rows = 302, columnBytes = rows * 256, expectedInput = 0;
        for (int stripe = 0; stripe < 2; stripe++) {
            int x = 0;
            while (x < 600) {
                int a = Math.max(0, x - 2), b = Math.min(600, a + 12);
                expectedInput += (b - a) * columnBytes;
                x = (b == 600 ? 599 : b - 5 + 2) + 1;
            }
        }
        long weights = 5 * 5 * 256, bias = 256;
        assertEquals(expectedInput + weights + bias, dw.dramBytesRead());
        assertEquals(600L * 600 * 256, dw.dramBytesWritten(), "the whole output goes to DRAM");
        long tileLoads = r.timeline().events(Track.FEATURE_LOAD).stream().filter(e -> e.label().contains(" tile (rows "))
                .mapToLong(TimelineEvent::bytes).sum();
        assertEquals(expectedInput, tileLoads, "every tile load is on the timeline");
        assertEquals(600L * 600 * 256 * 25, dw.macs());
        // 64 channels per cycle, 25 taps: at least 600 x 600 x 4 x 25 cycles less the taps on padding
        assertTrue(dw.computeCycles() > 35_000_000L && dw.computeCycles() < 36_100_000L, "cycles " + dw.computeCycles());
    }

    /**
     * The scaled supernet at 572 px that stopped `scale --architecture largest --target-ms 80`: the first MixConv
     * branch (k5 over 192 channels, 4 columns per bank) had one bank left beside the block input kept whole for the
     * second branch and the concatenation, and reloaded the same 4 columns forever. With the tiling fallback alone it
     * ran tiled; now that the first expand keeps only the block-input banks that least DRAM traffic asks for
     * (MultiReaderPlanningTest), the banks plan it and nothing is tiled.
     */
    @Test
    void theMixConvBranchThatStoppedScalingNowRuns() {
        Block first = new Block(0, 48, 48, 2, false, List.of(new Branch(5, 2), new Branch(5, 2), new Branch(7, 2)), 0,
                Activation.RELU);
        Block second = new Block(0, 48, 48, 1, true, List.of(new Branch(5, 2), new Branch(5, 2), new Branch(7, 2)), 0,
                Activation.RELU);
        Architecture a = new Architecture("mixconv-572", InputShape.square(572, 3), new Stem(48, 7, 2, Activation.RELU),
                List.of(first, second), new Head(1280, 1000, Activation.RELU));
        SimulationResult r = new MidapSimulator(MIDAP).simulate(a);
        assertTrue(r.totalCycles() > 0);
        assertEquals(List.of(), r.layers().stream().filter(LayerResult::tiled).map(LayerResult::name).toList());
    }

    /** Networks the banks can plan never fall back: MobileNetV2 has no tiled layer. */
    @Test
    void plannableNetworksAreNotTiled() {
        SimulationResult r = new MidapSimulator(MIDAP).simulate(ReferenceNetworks.byName("mobilenet-v2"));
        assertFalse(r.layers().stream().anyMatch(LayerResult::tiled));
    }

    /** A column larger than a bank (600 rows x 128 channels in 64 KiB banks) runs in row stripes from the start. */
    @Test
    void aColumnLargerThanABankRunsInRowStripes() {
        NpuConfig small = withBankBytes(64 * 1024);
        SimulationResult r = new MidapSimulator(small).simulate(depthwise(600, 128, 3, 2, small));
        LayerResult dw = r.layer("DWConv1");
        assertTrue(dw.tiled());
        assertEquals(300L * 300 * 128, dw.dramBytesWritten());
        assertEquals(300L * 300 * 128 * 9, dw.macs());
        assertTrue(dw.dramBytesRead() > 600L * 600 * 128, "the halo rows and window overlaps are read twice");
    }

    /** What cannot run even tiled is an error naming the layer and the reason. */
    @Test
    void aWindowNoTilingCanHoldIsAnErrorThatSaysWhy() {
        NpuConfig tiny = withBankBytes(4096);
        // three rows of 2048 channels (6 KiB) do not fit a 4 KiB bank
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new MidapSimulator(tiny).simulate(depthwise(64, 2048, 3, 1, tiny)));
        assertTrue(e.getMessage().contains("DWConv1") && e.getMessage().contains("not even tiled"), e.getMessage());
    }
}
