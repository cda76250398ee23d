package org.s3nas.workbench.npu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.model.NpuConfig;

/** The memories of SPEC §3.1 a layer cannot outgrow: split where MIDAP splits, reported where it cannot. */
class CapacityLimitsTest {
    private static final NpuConfig MIDAP = NpuConfig.midap();

    static NpuConfig with(int ewmemBytes, int reductionEntries) {
        NpuConfig b = MIDAP;
        return new NpuConfig(b.clockGHz(), b.bytesPerValue(), b.cims(), b.lanes(), b.fmemBanks(), b.fmemBankBytes(),
                b.wmemBankBytes(), b.wmemDoubleBuffered(), ewmemBytes, b.biasEntries(), reductionEntries,
                b.dramBytesPerCycle(), b.dramLatencyBase(), b.dramLatencyPerPage(), b.dramPageBytes(),
                b.dramLatencyPerBurst(), b.dramBurstBytes(), b.timeDramWrites(), b.pipelineFillCycles(), b.bankPolicy(),
                b.reverseWrite());
    }

    private static List<TimelineEvent> weightLoads(SimulationResult r, String layer) {
        int index = r.layer(layer).index();
        return r.timeline().events(Track.WEIGHT_LOAD).stream().filter(e -> e.layer() == index).toList();
    }

    /** 7x7 depthwise weights of 3,072 channels (150,528 bytes) outgrow the 128 KiB extended weight buffer. */
    @Test
    void depthwiseWeightsBeyondTheExtendedBufferStreamOneChannelSetAtATime() {
        NetworkBuilder b = new NetworkBuilder("dw", MIDAP);
        int x = b.input(14, 14, 3072);
        b.at(Segment.BLOCK, 0, 0);
        b.depthwise(x, 7, 1);
        Network net = b.build();
        SimulationResult split = new MidapSimulator(MIDAP).simulate(net);
        List<TimelineEvent> loads = weightLoads(split, "DWConv1");
        assertTrue(loads.size() >= 48, "one load per channel set at least: " + loads.size());
        assertTrue(loads.stream().allMatch(e -> e.bytes() == 7 * 7 * 64), "each a 64-channel group of 3,136 bytes");
        // with a buffer large enough the weights come in one load, as before
        SimulationResult whole = new MidapSimulator(with(256 * 1024, MIDAP.reductionEntries())).simulate(net);
        List<TimelineEvent> one = weightLoads(whole, "DWConv1");
        assertEquals(1, one.size());
        assertEquals(7L * 7 * 3072, one.get(0).bytes());
        assertEquals(whole.macs(), split.macs());
    }

    @Test
    void aFilterLargerThanACimsWeightMemoryIsReported() {
        NetworkBuilder b = new NetworkBuilder("conv", MIDAP);
        int x = b.input(14, 14, 2048);
        b.at(Segment.BLOCK, 0, 0);
        b.conv(x, 64, 3, 1, "conv3x3");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new MidapSimulator(MIDAP).simulate(b.build()));
        assertTrue(e.getMessage().contains("Conv1") && e.getMessage().contains("18432 bytes")
                && e.getMessage().contains("wmemBankBytes = 16384"), e.getMessage());
    }

    /**
     * Cycles a 1x1 conv's output-channel group computes (docs/midap.md): ceil(C_in/64) FMEM rows per pixel, one pass per
     * 16 output channels, over every output pixel.
     */
    private static long pointwiseCycles(int inChannels, int groupChannels, int pixels) {
        return (long) Geometry.ceilDiv(inChannels, MIDAP.lanes()) * (groupChannels / MIDAP.cims()) * pixels;
    }

    /**
     * Cycles a group spends besides its sweep and reduction, as any layer run from DRAM: the pipeline fill and the
     * end-of-layer marker, and one idle cycle each before its first load, before its sweep and after it (the pipeline
     * is empty then).
     */
    private static final int PER_GROUP = MIDAP.pipelineFillCycles() + 2 + 3;

    private static Network pointwise(int inChannels, int outChannels, int size) {
        NetworkBuilder b = new NetworkBuilder("wide", MIDAP);
        int x = b.input(size, size, inChannels);
        b.at(Segment.HEAD, -1, -1);
        b.conv(x, outChannels, 1, 1, "head");
        return b.build();
    }

    /** 8,192 output channels need twice the 4,096 bias entries: the conv runs as two groups of 4,096. */
    @Test
    void moreOutputChannelsThanBiasEntriesRunInOutputChannelGroups() {
        int pixels = 7 * 7;
        SimulationResult r = new MidapSimulator(MIDAP).simulate(pointwise(1280, 8192, 7));
        LayerResult conv = r.layer("Conv1");
        assertEquals(2, conv.channelGroups());
        assertEquals(2 * pointwiseCycles(1280, 4096, pixels) + 2 * PER_GROUP, conv.computeCycles());
        assertEquals(conv.computeCycles() + conv.stallCycles(), conv.cycles());
        assertEquals((long) pixels * 8192 * 1280, conv.macs());
        // each group sweeps the input again and loads its own bias; the weights are read once in all
        assertEquals(2L * pixels * 1280 + 8192L * 1280 + 8192, conv.dramBytesRead());
        assertEquals((long) pixels * 8192, conv.dramBytesWritten());
        List<TimelineEvent> bias = r.timeline().events(Track.FEATURE_LOAD).stream().filter(e -> e.label().endsWith(" bias")).toList();
        assertEquals(List.of("Conv1 group 1/2 (channels 0-4095) bias", "Conv1 group 2/2 (channels 4096-8191) bias"),
                bias.stream().map(TimelineEvent::label).toList());
        assertTrue(bias.stream().allMatch(e -> e.bytes() == 4096), "4,096 entries each");
        assertTrue(r.timeline().events(Track.COMPUTE).stream().anyMatch(e -> e.label().equals("Conv1 group 2/2 (channels 4096-8191)")));
    }

    /** 5,000 output channels (5,008 padded): a full group of 4,096, then one of 912. */
    @Test
    void theLastOutputChannelGroupTakesWhatIsLeft() {
        LayerResult conv = new MidapSimulator(MIDAP).simulate(pointwise(64, 5000, 7), false).layer("Conv1");
        assertEquals(2, conv.channelGroups());
        assertEquals(pointwiseCycles(64, 4096, 49) + pointwiseCycles(64, 912, 49) + 2 * PER_GROUP, conv.computeCycles());
        assertEquals(49L * 5000 * 64, conv.macs());
    }

    /** MobileNetV2's head conv pools 1,280 channels: with a 1,024-entry reduction buffer it runs as 1,024 + 256. */
    @Test
    void aPoolOverMoreChannelsThanTheReductionBufferRunsInOutputChannelGroups() {
        NpuConfig small = with(MIDAP.ewmemBytes(), 1024);
        SimulationResult r = new MidapSimulator(small).simulate(ReferenceNetworks.byName("mobilenet-v2", small));
        LayerResult head = r.layer("Conv35");
        assertEquals(2, head.channelGroups());
        long reduction = 1024 / MIDAP.cims() + 256 / MIDAP.cims();
        assertEquals(pointwiseCycles(320, 1024, 49) + pointwiseCycles(320, 256, 49) + reduction + 2 * PER_GROUP,
                head.computeCycles());
        assertEquals(2, r.timeline().events(Track.REDUCTION).stream().filter(e -> e.layer() == head.index()).count());
        // every other layer runs as before
        assertEquals(62, r.layers().stream().filter(l -> l.channelGroups() == 1).count());
    }

    @Test
    void aBiasMemorySmallerThanOnePassIsReported() {
        NpuConfig tiny = new NpuConfig(MIDAP.clockGHz(), MIDAP.bytesPerValue(), MIDAP.cims(), MIDAP.lanes(), MIDAP.fmemBanks(),
                MIDAP.fmemBankBytes(), MIDAP.wmemBankBytes(), MIDAP.wmemDoubleBuffered(), MIDAP.ewmemBytes(), 8,
                MIDAP.reductionEntries(), MIDAP.dramBytesPerCycle(), MIDAP.dramLatencyBase(), MIDAP.dramLatencyPerPage(),
                MIDAP.dramPageBytes(), MIDAP.dramLatencyPerBurst(), MIDAP.dramBurstBytes(), MIDAP.timeDramWrites(),
                MIDAP.pipelineFillCycles(), MIDAP.bankPolicy(), MIDAP.reverseWrite());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new MidapSimulator(tiny).simulate(pointwise(64, 64, 7)));
        assertTrue(e.getMessage().contains("Conv1") && e.getMessage().contains("biasEntries = 8")
                && e.getMessage().contains("16 channels one pass produces"), e.getMessage());
    }

    /** A residual operand column of 600 rows x 256 channels (153,600 bytes) outgrows the extended weight buffer. */
    @Test
    void aResidualOperandColumnBeyondTheExtendedBufferRunsInRowStripes() {
        NetworkBuilder b = new NetworkBuilder("residual", MIDAP);
        int x = b.input(600, 600, 256);
        b.at(Segment.BLOCK, 0, 0);
        int y = b.conv(x, 256, 1, 1, "project");
        b.sum(y, x);
        SimulationResult r = new MidapSimulator(MIDAP).simulate(b.build());
        LayerResult sum = r.layer("Sum1");
        assertTrue(sum.tiled());
        assertTrue(weightLoads(r, "Sum1").stream().allMatch(e -> e.bytes() <= MIDAP.ewmemBytes()), "every operand column fits");
        // its output, and the projection's columns that were still on chip (written back before the stripes run)
        long evicted = r.timeline().events(Track.WRITE).stream().filter(e -> e.layer() == sum.index() && e.label().contains("evicts"))
                .mapToLong(TimelineEvent::bytes).sum();
        assertTrue(evicted > 0 && evicted % (600L * 256) == 0, "whole columns: " + evicted);
        assertEquals(600L * 600 * 256 + evicted, sum.dramBytesWritten());
    }
}
