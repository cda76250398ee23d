package org.s3nas.workbench.npu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.Branch;
import org.s3nas.workbench.model.NpuConfig;

/**
 * A tensor several layers read keeps only as many banks for its later readers as the least estimated DRAM traffic
 * says (MIDAP's compiler); the later reader loads the dropped part again.
 */
class MultiReaderPlanningTest {
    private static final NpuConfig MIDAP = NpuConfig.midap();

    private static long fragmentLoads(SimulationResult r, String layer) {
        int index = r.layer(layer).index();
        return r.timeline().events(Track.FEATURE_LOAD).stream()
                .filter(e -> e.layer() == index && e.label().contains("input fragment")).mapToLong(TimelineEvent::bytes).sum();
    }

    /**
     * MixConv k{3,5} e{2,2} at 112 px on a 32-channel input: the input fills two banks (73 + 39 columns of 3,584
     * bytes). Keeping both for the second branch left the first expand's output one bank, and its depthwise stalled
     * 37,861 cycles on features (676,989 cycles in all on main). Keeping one gives that output two banks: no stall, and
     * the second branch's expand loads the dropped columns while it computes.
     */
    @Test
    void aMixConvBlockAt112PixelsKeepsOneInputBankForItsSecondBranch() {
        Block mix = new Block(0, 32, 32, 1, true, List.of(new Branch(3, 2), new Branch(5, 2)), 0, Activation.RELU);
        SimulationResult r = new MidapSimulator(MIDAP).simulateBlocks(List.of(mix), 112, 112);
        assertEquals(List.of("Conv1", "DWConv1", "Conv2", "DWConv2"), r.layers().subList(0, 4).stream().map(LayerResult::name).toList());
        assertEquals(0, r.layer("DWConv1").featureStall(), "the first branch's depthwise no longer waits for its input");
        // at least the dropped bank (the kept one does not survive the depthwise's planning either: it reloads more)
        assertTrue(fragmentLoads(r, "Conv2") >= 39L * 112 * 32, "the second expand reloads the dropped bank");
        assertEquals(0, r.layer("Conv2").featureStall(), "while computing");
        assertTrue(r.totalCycles() < 676_989, "faster than keeping both banks: " + r.totalCycles());
    }

    /**
     * A bottleneck whose block input (56x56x256: 18 columns per bank) is read by the projection shortcut and by the
     * reduce conv: the shortcut's output goes to DRAM for the Sum, so keeping input banks costs it nothing; the reduce
     * conv reloads only what did not stay, and neither waits for features.
     */
    @Test
    void aResidualBlockWhoseSkipInputDoesNotFitReloadsOnlyWhatDidNotStay() {
        NetworkBuilder b = new NetworkBuilder("bottleneck", MIDAP);
        int in = b.input(56, 56, 256);
        b.at(Segment.BLOCK, 1, 0);
        int x = b.conv(in, 256, 1, 1, "expand");
        int shortcut = b.conv(x, 512, 1, 2, "shortcut");
        int y = b.conv(x, 128, 1, 1, "reduce");
        y = b.conv(y, 128, 3, 2, "conv3x3");
        y = b.conv(y, 512, 1, 1, "expand");
        b.sum(y, shortcut);
        SimulationResult r = new MidapSimulator(MIDAP).simulate(b.build());
        long column = 56L * 256;
        long reloaded = fragmentLoads(r, "Conv3");
        assertTrue(reloaded > 0 && reloaded % column == 0 && reloaded < 56 * column, "whole columns, not all: " + reloaded);
        assertEquals(0, r.layer("Conv2").featureStall());
        assertEquals(0, r.layer("Conv3").featureStall());
    }
}
