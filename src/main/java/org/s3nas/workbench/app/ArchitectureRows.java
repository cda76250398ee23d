package org.s3nas.workbench.app;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.Branch;

/** Rows and figures of an {@link Architecture}, shared by the views that list blocks (Timeline, Latency). */
public final class ArchitectureRows {
    /** One block of an architecture; branches are merged as the latency table sees them (paper Fig. 8). */
    public record BlockRow(int index, int stage, String channels, int stride, String branches, String expansion,
                           int expandedChannels, String se, String activation, String residual) {}

    private ArchitectureRows() {}

    public static List<BlockRow> blocks(Architecture a) {
        List<BlockRow> rows = new ArrayList<>();
        for (int i = 0; i < a.blocks().size(); i++) {
            Block b = a.blocks().get(i);
            rows.add(new BlockRow(i + 1, b.stage() + 1, b.inChannels() + " → " + b.outChannels(), b.stride(),
                    branches(b), b.isSkip() ? "skip" : Integer.toString(b.totalExpansion()), b.expandedChannels(),
                    b.seChannels() == 0 ? "none" : b.seChannels() + " ch", Formats.activation(b.activation()),
                    Formats.yesNo(b.residual())));
        }
        return rows;
    }

    /** "k3 ×2 + k5 ×4" (kernel × expansion of the merged branches), "skip" for a zeroed block. */
    public static String branches(Block b) {
        List<Branch> merged = b.mergedBranches();
        if (merged.isEmpty()) return "skip";
        return merged.stream().map(br -> "k" + br.kernel() + " ×" + br.expansion()).collect(Collectors.joining(" + "));
    }

    /** Blocks that compute something (skips cost nothing). */
    public static long computingBlocks(Architecture a) {
        return a.blocks().stream().filter(b -> !b.isSkip()).count();
    }

    /**
     * The same line for a network that exists only lowered (MobileNetV1): the shape of the first layer's input and
     * the blocks its layers belong to.
     */
    public static String summary(org.s3nas.workbench.npu.Network n) {
        var layers = n.layers();
        if (layers.isEmpty()) return "no layers";
        // the network's input (the stem's GEMM reads an im2col of it)
        var in = n.tensors().stream().filter(t -> t.name().equals("input")).findFirst().orElse(n.tensor(layers.get(0).input()));
        long blocks = layers.stream().filter(l -> l.segment() == org.s3nas.workbench.npu.Segment.BLOCK)
                .mapToInt(org.s3nas.workbench.npu.Layer::block).distinct().count();
        return Formats.shape(new org.s3nas.workbench.model.InputShape(in.height(), in.width(), in.channels())) + " · " + blocks + " blocks";
    }

    public static String summary(Architecture a) {
        long skips = a.blocks().size() - computingBlocks(a);
        return Formats.shape(a.input()) + " · " + computingBlocks(a) + " blocks" + (skips > 0 ? " + " + skips + " skipped" : "");
    }
}
