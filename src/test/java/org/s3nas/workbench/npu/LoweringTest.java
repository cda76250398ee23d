package org.s3nas.workbench.npu;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** Architecture -> MIDAP layers (SPEC §3.2). */
class LoweringTest {
    private final Network v2 = Lowering.lower(ReferenceNetworks.mobileNetV2());

    private Layer layer(Network n, String name) {
        return n.layers().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void mobileNetV2HasTheLayersOfTheCalibrationTable() {
        assertEquals(63, v2.layers().size());
        assertEquals(LayerKind.GEMM, v2.layers().get(0).kind());
        assertEquals("Conv1", v2.layers().get(0).name());
        // first block: expansion 1 has no expand conv
        assertEquals(List.of("DWConv1", "Conv2", "Conv3", "DWConv2", "Conv4", "Conv5", "DWConv3", "Conv6", "Sum1"),
                v2.layers().subList(1, 10).stream().map(Layer::name).toList());
        assertEquals("Conv35", v2.layers().get(61).name());
        assertTrue(v2.layers().get(61).fusedPool());
        assertEquals("Linear1", v2.layers().get(62).name());
        assertEquals(10, v2.layers().stream().filter(l -> l.kind() == LayerKind.SUM).count());
    }

    @Test
    void layersAreTaggedWithStageBlockAndRole() {
        Layer stem = v2.layers().get(0);
        assertEquals(Segment.STEM, stem.segment());
        assertEquals(-1, stem.block());
        Layer conv6 = layer(v2, "Conv6");
        assertEquals(Segment.BLOCK, conv6.segment());
        assertEquals(2, conv6.block());
        assertEquals(1, conv6.stage());
        assertEquals("project", conv6.role());
        assertEquals("residual", layer(v2, "Sum1").role());
        assertEquals(Segment.HEAD, layer(v2, "Conv35").segment());
        assertEquals("classifier", layer(v2, "Linear1").role());
    }

    @Test
    void channelsArePaddedForTheirReaders() {
        // Conv1 computes 32 filters (2 groups) but stores 64 channels: a depthwise reads it
        Layer stem = v2.layers().get(0);
        assertEquals(32, stem.outPadded());
        assertEquals(64, v2.tensor(stem.output()).paddedChannels());
        // Conv2's 16 channels are read by a conv only: padded to 16
        assertEquals(16, v2.tensor(layer(v2, "Conv2").output()).paddedChannels());
        // Conv4's 24 channels are also the residual operand of Sum1: padded to 64
        assertEquals(64, v2.tensor(layer(v2, "Conv4").output()).paddedChannels());
        assertTrue(v2.tensor(layer(v2, "Conv4").output()).toDram(), "a residual operand is written to DRAM");
        // DWConv2 computes on 96 -> 128 channels
        assertEquals(128, layer(v2, "DWConv2").inPadded());
        // the im2col rows of the GEMM stem are 64 wide (3x3x3 = 27)
        assertEquals(64, v2.tensor(stem.input()).paddedChannels());
        assertEquals(12544, v2.tensor(stem.input()).width());
    }

    @Test
    void channelGroupingFollowsTheNpu() {
        NpuConfig b = NpuConfig.midap();
        NpuConfig n = new NpuConfig(b.clockGHz(), 1, 8, 32, 4, b.fmemBankBytes(), b.wmemBankBytes(), true, b.ewmemBytes(),
                4096, 4096, 25, 41.25, 14.625, 8192, 235, 89856, false, 6, b.bankPolicy(), true);
        Network net = Lowering.lower(ReferenceNetworks.mobileNetV2(), n);
        assertEquals(32, net.tensor(net.layers().get(0).output()).paddedChannels(), "32 lanes");
        assertEquals(24, net.layers().stream().filter(l -> l.name().equals("Conv4")).findFirst().orElseThrow().outPadded(), "8 CIMs");
    }

    @Test
    void mixConvBlockGetsOneExpandAndDepthwisePerMergedBranch() {
        Block mix = new Block(0, 32, 32, 1, true,
                List.of(new Branch(5, 2), new Branch(5, 2), new Branch(7, 2)), 0, Activation.RELU);
        Network n = Lowering.lower(new Architecture("m", InputShape.square(56, 3), new Stem(32, 3, 2, Activation.RELU),
                List.of(mix), new Head(64, 10, Activation.RELU)));
        List<Layer> block = n.layers().stream().filter(l -> l.block() == 0).toList();
        assertEquals(List.of("expand", "depthwise", "expand", "depthwise", "project", "residual"),
                block.stream().map(Layer::role).toList());
        assertEquals(128, block.get(0).outChannels(), "k5: 2 + 2 = 4 x 32");
        assertEquals(5, block.get(1).kernel());
        assertEquals(64, block.get(2).outChannels());
        assertEquals(7, block.get(3).kernel());
        assertEquals(block.get(1).output(), block.get(3).output(), "both write one concatenation");
        assertEquals(192, n.tensor(block.get(1).output()).paddedChannels());
    }

    @Test
    void seAddsPoolFcsAndMul() {
        Block se = new Block(0, 16, 16, 1, true, List.of(new Branch(3, 6)), 0.25, Activation.SWISH);
        Network n = Lowering.lower(new Architecture("s", InputShape.square(32, 3), new Stem(16, 3, 2, Activation.RELU),
                List.of(se), new Head(64, 10, Activation.RELU)));
        List<Layer> block = n.layers().stream().filter(l -> l.block() == 0).toList();
        assertEquals(List.of(LayerKind.CONV, LayerKind.DEPTHWISE, LayerKind.FC, LayerKind.FC, LayerKind.MUL, LayerKind.CONV, LayerKind.SUM),
                block.stream().map(Layer::kind).toList());
        assertTrue(block.get(1).fusedPool());
        assertEquals(4, block.get(2).outChannels(), "a quarter of the block input");
        assertEquals(block.get(3).output(), block.get(4).operand(), "the squeeze vector goes through the weight path");
        assertTrue(n.tensor(block.get(1).output()).toDram(), "read by a reduction and another layer: written to DRAM");
    }

    @Test
    void skipBlocksVanish() {
        Block skip = new Block(0, 32, 32, 1, true, List.of(new Branch(3, 0)), 0, Activation.RELU);
        Block real = new Block(0, 32, 32, 1, true, List.of(new Branch(3, 2)), 0, Activation.RELU);
        Architecture a = new Architecture("a", InputShape.square(32, 3), new Stem(32, 3, 2, Activation.RELU),
                List.of(skip, real), new Head(64, 10, Activation.RELU));
        Network n = Lowering.lower(a);
        assertTrue(n.layers().stream().noneMatch(l -> l.block() == 0));
        assertEquals(4, n.layers().stream().filter(l -> l.block() == 1).count());
        Block bad = new Block(0, 32, 64, 2, true, List.of(new Branch(3, 0)), 0, Activation.RELU);
        Architecture broken = a.withBlocks(List.of(bad));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lowering.lower(broken));
        assertTrue(e.getMessage().contains("block 0"), e.getMessage());
    }

    @Test
    void inconsistentArchitecturesAreRejectedWithTheBlock() {
        Block ok = new Block(0, 32, 32, 1, true, List.of(new Branch(3, 2)), 0, Activation.RELU);
        Block wrongIn = new Block(0, 48, 32, 1, true, List.of(new Branch(3, 2)), 0, Activation.RELU);
        Architecture a = new Architecture("a", InputShape.square(32, 3), new Stem(32, 3, 2, Activation.RELU),
                List.of(ok, wrongIn), new Head(64, 10, Activation.RELU));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lowering.lower(a));
        assertTrue(e.getMessage().contains("block 1") && e.getMessage().contains("48"), e.getMessage());
        Block even = new Block(0, 32, 32, 1, true, List.of(new Branch(4, 2)), 0, Activation.RELU);
        IllegalArgumentException k = assertThrows(IllegalArgumentException.class, () -> Lowering.lower(a.withBlocks(List.of(even))));
        assertTrue(k.getMessage().contains("odd"), k.getMessage());
    }
}
