package org.s3nas.workbench.npu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Supernet;
import org.s3nas.workbench.model.ModelCost;

class ReferenceNetworksTest {
    @Test
    void namesAndLookup() {
        List<String> names = ReferenceNetworks.names();
        assertEquals(19, names.size());
        assertTrue(names.containsAll(List.of("mobilenet-v1", "mobilenet-v2", "efficientnet-b0", "efficientnet-b4",
                "efficientnet-b7", "efficientnet-lite0", "efficientnet-lite4", "s3nas-supernet-largest",
                "s3nas-supernet-smallest", "mobilenet-v3-large", "resnet-50")));
        for (String n : names) assertTrue(ReferenceNetworks.byName(n).layers().size() > 10 || n.endsWith("smallest"), n);
        assertTrue(ReferenceNetworks.architecture("mobilenet-v1").isEmpty());
        assertTrue(ReferenceNetworks.architecture("resnet-50").isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReferenceNetworks.byName("resnet"));
        assertTrue(e.getMessage().contains("mobilenet-v2"), "lists the known names: " + e.getMessage());
    }

    @Test
    void efficientNetScaling() {
        assertEquals(32, ReferenceNetworks.roundFilters(32, 1.0));
        assertEquals(48, ReferenceNetworks.roundFilters(32, 1.4));
        assertEquals(56, ReferenceNetworks.roundFilters(40, 1.4));
        assertEquals(1792, ReferenceNetworks.roundFilters(1280, 1.4));
        Architecture b4 = ReferenceNetworks.architecture("efficientnet-b4").orElseThrow();
        assertEquals(380, b4.input().height());
        assertEquals(48, b4.stem().channels());
        assertEquals(1792, b4.head().featureChannels());
        // repeats ceil(1.8 * (1,2,2,3,3,4,1)) = 2,4,4,6,6,8,2
        assertEquals(32, b4.blocks().size());
        Block first = b4.blocks().get(0);
        assertEquals(0.25, first.seRatio());
        assertEquals(12, first.seChannels(), "a quarter of the 48 input channels");
        Architecture lite4 = ReferenceNetworks.architecture("efficientnet-lite4").orElseThrow();
        assertEquals(300, lite4.input().height());
        assertEquals(32, lite4.stem().channels(), "Lite keeps the stem");
        assertEquals(1280, lite4.head().featureChannels(), "and the head");
        assertEquals(1 + 4 + 4 + 6 + 6 + 8 + 1, lite4.blocks().size(), "first and last groups not repeated more");
        assertTrue(lite4.blocks().stream().allMatch(b -> b.seRatio() == 0));
    }

    @Test
    void supernetOfThePaper() {
        Supernet s = ReferenceNetworks.supernet();
        assertEquals(29, s.totalBlocks());
        assertEquals(7, s.stem().kernel());
        Architecture largest = ReferenceNetworks.architecture("s3nas-supernet-largest").orElseThrow();
        assertEquals(29, largest.blocks().size());
        assertEquals(2, largest.blocks().get(0).mergedBranches().size(), "k5 e4 and k7 e2");
        Architecture smallest = ReferenceNetworks.architecture("s3nas-supernet-smallest").orElseThrow();
        long skips = smallest.blocks().stream().filter(Block::isSkip).count();
        assertEquals(29 - 5, skips, "all but the first block of each stage (no residual) become skips");
    }

    /**
     * Parameters and MACs against the published figures: torchvision's parameter counts (batch norm scale and shift
     * counted, convs without bias, FCs with), which every network matches exactly, and the MACs the papers or
     * torchvision give (EfficientNet 10.27 / 19.07 / 37.75 G at 456 / 528 / 600 px, ResNet-50 4.09 G,
     * MobileNetV3-Large 219 M MAdds in its paper, MobileNetV1 569 M, MobileNetV2 300 M).
     */
    @Test
    void parametersAndMacsMatchThePublishedFigures() {
        Object[][] published = {
                {"efficientnet-b5", 30_389_784L, 10.27e9}, {"efficientnet-b6", 43_040_704L, 19.07e9},
                {"efficientnet-b7", 66_347_960L, 37.75e9}, {"mobilenet-v3-large", 5_483_032L, 219e6},
                {"resnet-50", 25_557_032L, 4.09e9}, {"mobilenet-v1", 4_231_976L, 569e6},
                {"mobilenet-v2", 3_504_872L, 300e6}, {"efficientnet-b0", 5_288_548L, 0.39e9}};
        for (Object[] p : published) {
            String name = (String) p[0];
            Network net = ReferenceNetworks.byName(name);
            assertEquals((long) p[1], net.parameters(), name + " parameters");
            long macs = new MidapSimulator(NpuConfig.midap()).simulate(net, false).macs();
            assertEquals((double) p[2], macs, (double) p[2] * 0.015, name + " MACs " + macs);
            ReferenceNetworks.architecture(name).ifPresent(a -> {
                assertEquals((long) p[1], ModelCost.parameters(a), name + ": the model's count agrees");
                assertEquals(macs, ModelCost.macs(a), name + ": the model's MACs agree with the simulator's");
            });
        }
        Architecture b7 = ReferenceNetworks.architecture("efficientnet-b7").orElseThrow();
        assertEquals(600, b7.input().height());
        assertEquals(64, b7.stem().channels());
        assertEquals(2560, b7.head().featureChannels());
        assertEquals(55, b7.blocks().size(), "repeats ceil(3.1 x (1,2,2,3,3,4,1)) = 4,7,7,10,10,13,4");
    }

    /** The paper's Table 6 MIDAP latencies of the EfficientNets (the authors' simulator). */
    @Test
    void efficientNetLatenciesMatchThePaper() {
        Map<String, Double> paper = Map.of("efficientnet-b1", 2.47, "efficientnet-b2", 3.31, "efficientnet-b3", 5.22,
                "efficientnet-b4", 11.42, "efficientnet-lite2", 2.51, "efficientnet-lite3", 3.50, "efficientnet-lite4", 5.84);
        MidapSimulator sim = new MidapSimulator(NpuConfig.midap());
        paper.forEach((name, ms) -> {
            double got = NpuConfig.midap().cyclesToMs(sim.cycles(ReferenceNetworks.byName(name)));
            System.out.printf("%-18s %.3f ms (paper %.2f ms, %+.1f %%)%n", name, got, ms, 100 * (got - ms) / ms);
            assertEquals(ms, got, ms * 0.05, name);
        });
    }
}
