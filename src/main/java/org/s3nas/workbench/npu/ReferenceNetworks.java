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
 * Networks built in for comparison and calibration: MobileNetV1/V2 (224, width 1.0, 1000 classes), EfficientNet-B0..B4
 * (compound scaling, SE of a quarter of the block input), EfficientNet-Lite0..4 (no SE, ReLU6, fixed stem and head)
 * and the paper's supernet (SPEC §2.5) at its largest and smallest choices.
 *
 * <p>Every one but MobileNetV1 is an {@link Architecture}; MobileNetV1 has no expand or projection conv and no
 * feature-mix head conv, which the architecture record cannot express, so it exists only as a lowered {@link Network}.
 */
public final class ReferenceNetworks {
    private static final Map<String, Supplier<Architecture>> ARCHITECTURES = new LinkedHashMap<>();

    static {
        ARCHITECTURES.put("mobilenet-v2", ReferenceNetworks::mobileNetV2);
        for (int i = 0; i <= 4; i++) {
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

    /** Every built-in name, MobileNetV1 first. */
    public static List<String> names() {
        List<String> out = new ArrayList<>();
        out.add("mobilenet-v1");
        out.addAll(ARCHITECTURES.keySet());
        return out;
    }

    public static boolean contains(String name) { return "mobilenet-v1".equals(name) || ARCHITECTURES.containsKey(name); }

    /** The architecture of a built-in network; empty for MobileNetV1, which only exists as a {@link Network}. */
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
        if ("mobilenet-v1".equals(name)) return mobileNetV1(npu);
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

    private static final double[][] EFFICIENTNET = {{1.0, 1.0, 224}, {1.0, 1.1, 240}, {1.1, 1.2, 260}, {1.2, 1.4, 300}, {1.4, 1.8, 380}};
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
     * The paper's search space (SPEC §2.5, {@code mixconv_super_3_4_7_4_11}): 224x224x3, stem 7x7/32/s2, MixConv stages
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
