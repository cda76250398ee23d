package org.s3nas.workbench.npu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.BlockKind;
import org.s3nas.workbench.model.Branch;
import org.s3nas.workbench.model.Head;
import org.s3nas.workbench.model.InputShape;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Stem;
import org.s3nas.workbench.model.Superkernel;
import org.s3nas.workbench.model.Supernet;

/**
 * Networks built in for comparison and calibration: MobileNetV1/V2/V3-Large and ResNet-50 (224, width 1.0, 1000
 * classes), EfficientNet-B0..B7 (compound scaling, SE of a quarter of the block input), EfficientNet-Lite0..4 (no SE,
 * ReLU6, fixed stem and head) and the paper's supernet (its search space, Table 3) at its largest and smallest choices.
 *
 * <p>MobileNetV1 (no expand or projection conv, no feature-mix head conv), MobileNetV3-Large (fractional expansions,
 * two FCs in the head) and ResNet-50 (3x3 convs, max pool, projection shortcuts) cannot be expressed by the
 * architecture record, so they exist only as lowered {@link Network}s; every other one is an {@link Architecture}.
 */
public final class ReferenceNetworks {
    private static final Map<String, Supplier<Architecture>> ARCHITECTURES = new LinkedHashMap<>();

    static {
        ARCHITECTURES.put("mobilenet-v2", ReferenceNetworks::mobileNetV2);
        for (int i = 0; i <= 7; i++) {
            int b = i;
            ARCHITECTURES.put("efficientnet-b" + i, () -> efficientNet(b, false));
        }
        for (int i = 0; i <= 4; i++) {
            int b = i;
            ARCHITECTURES.put("efficientnet-lite" + i, () -> efficientNet(b, true));
        }
        ARCHITECTURES.put("s3nas-supernet-largest", () -> supernet().largest().withName("s3nas-supernet-largest"));
        ARCHITECTURES.put("s3nas-supernet-smallest", () -> supernet().smallest().withName("s3nas-supernet-smallest"));
    }

    private ReferenceNetworks() {}

    /** Networks the architecture record cannot express, built layer by layer. */
    private static final Map<String, java.util.function.Function<NpuConfig, Network>> NETWORKS = new LinkedHashMap<>();

    static {
        NETWORKS.put("mobilenet-v1", ReferenceNetworks::mobileNetV1);
        NETWORKS.put("mobilenet-v3-large", ReferenceNetworks::mobileNetV3Large);
        NETWORKS.put("resnet-50", ReferenceNetworks::resNet50);
    }

    /** Every built-in name: MobileNetV1, then the architectures, then MobileNetV3-Large and ResNet-50. */
    public static List<String> names() {
        List<String> out = new ArrayList<>();
        out.add("mobilenet-v1");
        out.addAll(ARCHITECTURES.keySet());
        for (String n : NETWORKS.keySet()) if (!out.contains(n)) out.add(n);
        return out;
    }

    public static boolean contains(String name) { return NETWORKS.containsKey(name) || ARCHITECTURES.containsKey(name); }

    /** The architecture of a built-in network; empty for those that only exist as a {@link Network}. */
    public static Optional<Architecture> architecture(String name) {
        Supplier<Architecture> s = ARCHITECTURES.get(name);
        if (s == null) {
            if (contains(name)) return Optional.empty();
            throw unknown(name);
        }
        return Optional.of(s.get());
    }

    /** A built-in network lowered for the default MIDAP configuration. */
    public static Network byName(String name) {
        return byName(name, NpuConfig.midap());
    }

    /** A built-in network lowered for {@code npu} (channel padding follows its CIMs and lanes). */
    public static Network byName(String name, NpuConfig npu) {
        if (NETWORKS.containsKey(name)) return NETWORKS.get(name).apply(npu);
        Supplier<Architecture> s = ARCHITECTURES.get(name);
        if (s == null) throw unknown(name);
        return Lowering.lower(s.get(), npu);
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown network '" + name + "'; built-in networks: " + String.join(", ", names()));
    }

    /** MobileNetV2 1.0 at 224x224 (Sandler et al.), as MIDAP's model zoo builds it. */
    public static Architecture mobileNetV2() {
        int[][] settings = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
        List<Block> blocks = new ArrayList<>();
        int in = 32;
        for (int s = 0; s < settings.length; s++) {
            int t = settings[s][0], c = settings[s][1], n = settings[s][2], stride = settings[s][3];
            for (int i = 0; i < n; i++) {
                blocks.add(new Block(s, in, c, i == 0 ? stride : 1, true, List.of(new Branch(3, t)), 0, Activation.RELU6));
                in = c;
            }
        }
        return new Architecture("mobilenet-v2", InputShape.square(224, 3), new Stem(32, 3, 2, Activation.RELU6), blocks,
                new Head(1280, 1000, Activation.RELU6));
    }

    /** MobileNetV1 1.0 at 224x224: stem, 13 depthwise-separable pairs, global pool fused into the last conv, FC. */
    public static Network mobileNetV1(NpuConfig npu) {
        NetworkBuilder b = new NetworkBuilder("mobilenet-v1", npu);
        int x = b.input(224, 224, 3);
        b.at(Segment.STEM, -1, -1);
        x = b.stem(x, 32, 3, 2);
        int[][] pairs = {{64, 1, 0}, {128, 2, 1}, {128, 1, 1}, {256, 2, 2}, {256, 1, 2}, {512, 2, 3}, {512, 1, 3},
                {512, 1, 3}, {512, 1, 3}, {512, 1, 3}, {512, 1, 3}, {1024, 2, 4}, {1024, 1, 4}};
        for (int i = 0; i < pairs.length; i++) {
            b.at(Segment.BLOCK, pairs[i][2], i);
            x = b.depthwise(x, 3, pairs[i][1]);
            x = b.conv(x, pairs[i][0], 1, 1, "pointwise");
        }
        int pooled = b.globalPool(x);
        b.at(Segment.HEAD, -1, -1);
        b.fc(pooled, 1000, "classifier");
        return b.build();
    }

    /**
     * MobileNetV3-Large 1.0 at 224x224 (Howard et al., as torchvision builds it): stem 3x3/16, 15 bottlenecks with
     * SE (squeeze to a quarter of the expanded channels, rounded to 8) where the paper has them, the 1x1 conv to 960
     * with the global pool fused, FC 960 to 1280, FC to 1000. Its expansions (72/24, 200/80, 184/80 ...) are not the
     * integers an architecture record holds, so it exists only as a network.
     */
    public static Network mobileNetV3Large(NpuConfig npu) {
        // input, kernel, expanded, output, SE, stride
        int[][] bneck = {{16, 3, 16, 16, 0, 1}, {16, 3, 64, 24, 0, 2}, {24, 3, 72, 24, 0, 1}, {24, 5, 72, 40, 1, 2},
                {40, 5, 120, 40, 1, 1}, {40, 5, 120, 40, 1, 1}, {40, 3, 240, 80, 0, 2}, {80, 3, 200, 80, 0, 1},
                {80, 3, 184, 80, 0, 1}, {80, 3, 184, 80, 0, 1}, {80, 3, 480, 112, 1, 1}, {112, 3, 672, 112, 1, 1},
                {112, 5, 672, 160, 1, 2}, {160, 5, 960, 160, 1, 1}, {160, 5, 960, 160, 1, 1}};
        int[] stageOf = {0, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 5};
        NetworkBuilder b = new NetworkBuilder("mobilenet-v3-large", npu);
        int x = b.input(224, 224, 3);
        b.at(Segment.STEM, -1, -1);
        x = b.stem(x, 16, 3, 2);
        for (int i = 0; i < bneck.length; i++) {
            int[] c = bneck[i];
            b.at(Segment.BLOCK, stageOf[i], i);
            int in = x;
            int e = c[2] == c[0] ? in : b.conv(in, c[2], 1, 1, "expand");
            int dw = b.depthwise(e, c[1], c[5]);
            if (c[4] == 1) {
                int squeeze = roundFilters(c[2] / 4, 1.0);
                int pooled = b.globalPool(dw);
                int excited = b.fc(b.fc(pooled, squeeze, "se-reduce"), c[2], "se-expand");
                dw = b.mul(dw, excited);
            }
            x = b.conv(dw, c[3], 1, 1, "project");
            if (c[5] == 1 && c[0] == c[3]) x = b.sum(x, in);
        }
        b.at(Segment.HEAD, -1, -1);
        x = b.conv(x, 960, 1, 1, "head");
        int pooled = b.globalPool(x);
        b.fc(b.fc(pooled, 1280, "head"), 1000, "classifier");
        return b.build();
    }

    /**
     * ResNet-50 at 224x224 (He et al.; torchvision's v1.5, stride in the 3x3 conv): stem 7x7/64 stride 2, 3x3 max pool
     * stride 2, bottlenecks 1x1 -> 3x3 -> 1x1 (x4) in stages of 3, 4, 6, 3 with a 1x1 projection shortcut on each
     * stage's first block, the global pool fused into the last conv, FC 2048 to 1000.
     */
    public static Network resNet50(NpuConfig npu) {
        NetworkBuilder b = new NetworkBuilder("resnet-50", npu);
        int x = b.input(224, 224, 3);
        b.at(Segment.STEM, -1, -1);
        x = b.stem(x, 64, 7, 2);
        x = b.maxPool(x, 3, 2);
        int[] depths = {3, 4, 6, 3};
        int block = 0;
        for (int s = 0; s < depths.length; s++) {
            int width = 64 << s;
            for (int i = 0; i < depths[s]; i++, block++) {
                b.at(Segment.BLOCK, s, block);
                int stride = i == 0 && s > 0 ? 2 : 1;
                // the shortcut runs first: its output goes to DRAM for the Sum, the main path stays on chip
                int shortcut = i == 0 ? b.conv(x, width * 4, 1, stride, "shortcut") : x;
                int y = b.conv(x, width, 1, 1, "reduce");
                y = b.conv(y, width, 3, stride, "conv3x3");
                y = b.conv(y, width * 4, 1, 1, "expand");
                x = b.sum(y, shortcut);
            }
        }
        int pooled = b.globalPool(x);
        b.at(Segment.HEAD, -1, -1);
        b.fc(pooled, 1000, "classifier");
        return b.build();
    }

    private static final double[][] EFFICIENTNET = {{1.0, 1.0, 224}, {1.0, 1.1, 240}, {1.1, 1.2, 260}, {1.2, 1.4, 300}, {1.4, 1.8, 380},
            {1.6, 2.2, 456}, {1.8, 2.6, 528}, {2.0, 3.1, 600}};
    private static final double[][] EFFICIENTNET_LITE = {{1.0, 1.0, 224}, {1.0, 1.1, 240}, {1.1, 1.2, 260}, {1.2, 1.4, 280}, {1.4, 1.8, 300}};
    /** B0 block groups: repeats, kernel, stride, expansion, in, out. */
    private static final int[][] EFFICIENTNET_B0 = {{1, 3, 1, 1, 32, 16}, {2, 3, 2, 6, 16, 24}, {2, 5, 2, 6, 24, 40},
            {3, 3, 2, 6, 40, 80}, {3, 5, 1, 6, 80, 112}, {4, 5, 2, 6, 112, 192}, {1, 3, 1, 6, 192, 320}};

    /**
     * EfficientNet-B{@code index} (Tan and Le), or EfficientNet-Lite{@code index}: no SE, ReLU6, stem 32 and head 1280
     * not scaled, first and last block groups not repeated more.
     */
    public static Architecture efficientNet(int index, boolean lite) {
        double[] p = (lite ? EFFICIENTNET_LITE : EFFICIENTNET)[index];
        double width = p[0], depth = p[1];
        int resolution = (int) p[2];
        Activation act = lite ? Activation.RELU6 : Activation.SWISH;
        int stem = lite ? 32 : roundFilters(32, width);
        List<Block> blocks = new ArrayList<>();
        for (int gi = 0; gi < EFFICIENTNET_B0.length; gi++) {
            int[] a = EFFICIENTNET_B0[gi];
            // the first block reads the stem, which Lite does not widen
            int in = gi == 0 ? stem : roundFilters(a[4], width), out = roundFilters(a[5], width);
            boolean fixed = lite && (gi == 0 || gi == EFFICIENTNET_B0.length - 1);
            int repeats = fixed ? a[0] : (int) Math.ceil(depth * a[0]);
            for (int r = 0; r < repeats; r++) {
                blocks.add(new Block(gi, r == 0 ? in : out, out, r == 0 ? a[2] : 1, true,
                        List.of(new Branch(a[1], a[3])), lite ? 0 : 0.25, act));
            }
        }
        int head = lite ? 1280 : roundFilters(1280, width);
        String name = (lite ? "efficientnet-lite" : "efficientnet-b") + index;
        return new Architecture(name, InputShape.square(resolution, 3), new Stem(stem, 3, 2, act), blocks,
                new Head(head, 1000, act));
    }

    /** EfficientNet's channel rounding: to a multiple of 8, never more than 10 % down. */
    static int roundFilters(int filters, double width) {
        double f = filters * width;
        int v = Math.max(8, (int) (f + 4) / 8 * 8);
        if (v < 0.9 * f) v += 8;
        return v;
    }

    /**
     * The paper's search space (its Table 3; the authors' {@code mixconv_super_3_4_7_4_11}): 224x224x3, stem 7x7/32/s2, MixConv stages
     * (32,3,2), (64,4,2), (128,7,2), (160,4,1), (256,11,2) with superkernels k{3,5}, k{3,5}, k{3,5,7}, expansions
     * {0,2} (the 7-superkernel zeroed only where a residual exists), head 1280, 1000 classes.
     */
    public static Supernet supernet() {
        List<Superkernel> sks = List.of(
                new Superkernel(List.of(3, 5), List.of(0, 2), false),
                new Superkernel(List.of(3, 5), List.of(0, 2), false),
                new Superkernel(List.of(3, 5, 7), List.of(0, 2), true));
        int[][] stages = {{32, 3, 2}, {64, 4, 2}, {128, 7, 2}, {160, 4, 1}, {256, 11, 2}};
        List<Stage> list = new ArrayList<>();
        for (int[] s : stages) list.add(new Stage(s[0], s[1], s[2], BlockKind.MIXCONV, sks, 0, Activation.RELU));
        return new Supernet("s3nas-supernet", InputShape.square(224, 3), new Stem(32, 7, 2, Activation.RELU), list,
                new Head(1280, 1000, Activation.RELU));
    }
}
