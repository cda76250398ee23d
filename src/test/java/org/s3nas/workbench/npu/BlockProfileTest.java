package org.s3nas.workbench.npu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.Branch;
import org.s3nas.workbench.model.NpuConfig;

/** Blocks profiled alone, as the latency table needs them (SPEC §2.2 P, calibration of §3.5). */
class BlockProfileTest {
    private final MidapSimulator sim = new MidapSimulator(NpuConfig.midap());

    @Test
    void mbconvK3E6Stride2At56() {
        Block b = new Block(1, 32, 64, 2, true, List.of(new Branch(3, 6)), 0, Activation.RELU6);
        SimulationResult r = sim.simulateBlock(b, 56, 56);
        assertEquals(67_734, r.totalCycles(), 67_734 * 0.01);
        assertEquals(List.of("Conv1", "DWConv1", "Conv2"), r.layers().stream().map(LayerResult::name).toList());
        assertEquals(0, r.stallCycles(), "input in FMEM and first weights loaded: nothing to wait for");
        assertEquals(r.totalCycles(), sim.blockCycles(b, 56, 56));
    }

    @Test
    void mixconvK3K5E2E2NoResidualAt28() {
        Block b = new Block(2, 64, 64, 1, false, List.of(new Branch(3, 2), new Branch(5, 2)), 0, Activation.RELU6);
        SimulationResult r = sim.simulateBlock(b, 28, 28);
        assertEquals(74_493, r.totalCycles(), 74_493 * 0.01);
        // one expand per branch, the two depthwise convs concatenated for free, one projection
        assertEquals(List.of(LayerKind.CONV, LayerKind.DEPTHWISE, LayerKind.CONV, LayerKind.DEPTHWISE, LayerKind.CONV),
                r.layers().stream().map(LayerResult::kind).toList());
    }

    @Test
    void mergedBranchesCostLikeOneKernel() {
        // paper Fig. 8: two k3 superkernels with e2 each are one k3 kernel with e4
        Block split = new Block(0, 32, 32, 1, true, List.of(new Branch(3, 2), new Branch(3, 2)), 0, Activation.RELU);
        Block merged = new Block(0, 32, 32, 1, true, List.of(new Branch(3, 4)), 0, Activation.RELU);
        assertEquals(sim.blockCycles(merged, 28, 28), sim.blockCycles(split, 28, 28));
    }

    @Test
    void residualAddsASum() {
        Block b = new Block(0, 32, 32, 1, true, List.of(new Branch(3, 6)), 0, Activation.RELU6);
        SimulationResult r = sim.simulateBlock(b, 28, 28);
        LayerResult sum = r.layers().get(r.layers().size() - 1);
        assertEquals(LayerKind.SUM, sum.kind());
        assertTrue(sum.weightStall() > 0, "the block input streams in through the weight path");
    }

    @Test
    void largerBlocksCostMore() {
        Block small = new Block(0, 32, 32, 1, true, List.of(new Branch(3, 2)), 0, Activation.RELU);
        Block wide = new Block(0, 32, 32, 1, true, List.of(new Branch(3, 6)), 0, Activation.RELU);
        Block big = new Block(0, 32, 32, 1, true, List.of(new Branch(7, 6)), 0, Activation.RELU);
        long a = sim.blockCycles(small, 28, 28), b = sim.blockCycles(wide, 28, 28), c = sim.blockCycles(big, 28, 28);
        assertTrue(a < b && b < c, a + " < " + b + " < " + c);
    }

    @Test
    void skipBlocksCostNothingAndCannotBeSimulated() {
        Block skip = new Block(0, 32, 32, 1, true, List.of(new Branch(3, 0), new Branch(5, 0)), 0, Activation.RELU);
        assertEquals(0, sim.blockCycles(skip, 28, 28));
        assertThrows(IllegalArgumentException.class, () -> sim.simulateBlock(skip, 28, 28));
        Block b = new Block(0, 32, 32, 1, true, List.of(new Branch(3, 2)), 0, Activation.RELU);
        assertThrows(IllegalArgumentException.class, () -> sim.simulateBlock(b, 0, 28));
    }

    @Test
    void seBlockHasPoolFcsAndMul() {
        Block b = new Block(0, 40, 40, 1, true, List.of(new Branch(5, 6)), 0.25, Activation.SWISH);
        SimulationResult r = sim.simulateBlock(b, 28, 28);
        assertEquals(List.of("expand", "depthwise", "se-reduce", "se-expand", "se-scale", "project", "residual"),
                r.layers().stream().map(LayerResult::role).toList());
        Block plain = b.withSeRatio(0);
        assertTrue(r.totalCycles() > sim.blockCycles(plain, 28, 28));
    }
}
