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

    @Test
    void moreOutputChannelsThanBiasEntriesAreReported() {
        NetworkBuilder b = new NetworkBuilder("wide", MIDAP);
        int x = b.input(7, 7, 64);
        b.at(Segment.HEAD, -1, -1);
        b.conv(x, 5000, 1, 1, "head");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new MidapSimulator(MIDAP).simulate(b.build()));
        assertTrue(e.getMessage().contains("Conv1") && e.getMessage().contains("5008 output channels")
                && e.getMessage().contains("biasEntries = 4096"), e.getMessage());
    }

    @Test
    void aPoolOverMoreChannelsThanTheReductionBufferIsReported() {
        NpuConfig small = with(MIDAP.ewmemBytes(), 1024);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new MidapSimulator(small).simulate(ReferenceNetworks.byName("mobilenet-v2", small)));
        assertTrue(e.getMessage().contains("Conv35") && e.getMessage().contains("1280 channels")
                && e.getMessage().contains("reductionEntries = 1024"), e.getMessage());
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
