package org.s3nas.workbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

public class ModelCostTest {

    /** MobileNetV2 1.0 (t, c, n, s rows of the paper), ReLU6, 224x224, 1000 classes. */
    public static Architecture mobileNetV2() {
        int[][] rows = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
        List<Block> blocks = new ArrayList<>();
        int in = 32;
        for (int s = 0; s < rows.length; s++) {
            for (int i = 0; i < rows[s][2]; i++) {
                blocks.add(new Block(s, in, rows[s][1], i == 0 ? rows[s][3] : 1, true,
                        List.of(new Branch(3, rows[s][0])), 0, Activation.RELU6));
                in = rows[s][1];
            }
        }
        return new Architecture("mobilenetv2", InputShape.square(224, 3), new Stem(32, 3, 2, Activation.RELU6), blocks,
                new Head(1280, 1000, Activation.RELU6));
    }

    @Test
    void mobileNetV2MatchesTheKnownCounts() {
        ModelCost.Totals t = ModelCost.totals(mobileNetV2());
        // torchvision's mobilenet_v2(): sum(p.numel()) = 3,504,872 (BN scale+shift, conv without bias, FC with bias)
        assertEquals(3_504_872, t.parameters());
        // about 300.8 M MACs (SPEC §3.5); conv + FC only
        assertEquals(300.8e6, t.macs(), 0.005 * 300.8e6, "MACs " + t.macs());
    }

    @Test
    void smallMixConvBlockWithSeByHand() {
        Block b = new Block(0, 16, 16, 1, true, List.of(new Branch(3, 2), new Branch(5, 2)), 0.25, Activation.RELU);
        Architecture a = new Architecture("tiny", InputShape.square(8, 3), new Stem(16, 3, 2, Activation.RELU), List.of(b),
                new Head(32, 10, Activation.RELU));
        List<ModelCost.LayerCost> layers = ModelCost.layers(a);
        assertEquals(List.of("stem", "blocks.0.expand", "blocks.0.dw.0", "blocks.0.dw.1", "blocks.0.se", "blocks.0.project", "head", "fc"),
                layers.stream().map(ModelCost.LayerCost::name).toList());
        // stem 9*3*16 + 2*16; expand 16*64 + 2*64; dw k3 9*32; dw k5 25*32 + shared BN 2*64;
        // SE 64*4 + 4 + 4*64 + 64; project 64*16 + 2*16; head 16*32 + 2*32; fc 32*10 + 10
        assertEquals(List.of(464L, 1152L, 288L, 928L, 580L, 1056L, 576L, 330L),
                layers.stream().map(ModelCost.LayerCost::parameters).toList());
        // 4x4 feature maps after the stride-2 stem
        assertEquals(List.of(6912L, 16384L, 4608L, 12800L, 512L, 16384L, 8192L, 320L),
                layers.stream().map(ModelCost.LayerCost::macs).toList());
        assertEquals(5374, ModelCost.parameters(a));
        assertEquals(66112, ModelCost.macs(a));
        assertEquals(1152 + 288 + 928 + 580 + 1056, ModelCost.blockParameters(b));
    }

    @Test
    void sameKernelBranchesAreMergedAndSkipsCostNothing() {
        Block split = new Block(0, 16, 16, 1, true, List.of(new Branch(3, 2), new Branch(3, 2), new Branch(5, 0)), 0, Activation.RELU);
        Block merged = new Block(0, 16, 16, 1, true, List.of(new Branch(3, 4)), 0, Activation.RELU);
        assertEquals(ModelCost.blockParameters(merged), ModelCost.blockParameters(split));
        Block skip = new Block(0, 16, 16, 1, true, List.of(new Branch(3, 0), new Branch(5, 0)), 0, Activation.RELU);
        assertTrue(ModelCost.block(skip, "b", 4, 4).isEmpty());
        assertEquals(0, ModelCost.blockParameters(skip));
    }
}
