package org.s3nas.workbench.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Parameter and MAC counts of an architecture, layer by layer. Pure arithmetic on the model records.
 *
 * <p>Conventions (the same as the PyTorch export, so that {@code sum(p.numel() for p in model.parameters())}
 * equals {@link #parameters}): convolutions have no bias (a batch norm follows); every batch norm has two
 * trainable parameters per channel (scale and shift; running statistics are buffers, not parameters); the
 * depthwise branches of a block share one batch norm after their concatenation; the SE FCs and the final FC
 * have biases. MACs count the multiply-accumulates of convolutions and fully connected layers only
 * (SE FCs included); element-wise products, sums, pooling and activations are not MACs.
 */
public final class ModelCost {
    private ModelCost() {}

    /** One layer: its name (as in the PyTorch export), its kind, trainable parameters and MACs for one image. */
    public record LayerCost(String name, Kind kind, long parameters, long macs) {}

    /** Kinds of layers counted. */
    public enum Kind { STEM, EXPAND, DEPTHWISE, SE, PROJECT, HEAD, FC }

    /** Totals of an architecture. */
    public record Totals(long parameters, long macs) {}

    public static Totals totals(Architecture a) {
        long p = 0, m = 0;
        for (LayerCost l : layers(a)) {
            p += l.parameters();
            m += l.macs();
        }
        return new Totals(p, m);
    }

    public static long parameters(Architecture a) { return totals(a).parameters(); }

    public static long macs(Architecture a) { return totals(a).macs(); }

    /** Every counted layer in network order. Skip blocks (all branches zeroed) contribute nothing. */
    public static List<LayerCost> layers(Architecture a) {
        List<LayerCost> out = new ArrayList<>();
        int h = Architecture.outSize(a.input().height(), a.stem().stride());
        int w = Architecture.outSize(a.input().width(), a.stem().stride());
        long k = a.stem().kernel();
        long cs = a.stem().channels();
        out.add(new LayerCost("stem", Kind.STEM, k * k * a.input().channels() * cs + 2 * cs,
                k * k * a.input().channels() * cs * h * w));
        int c = a.stem().channels();
        for (int i = 0; i < a.blocks().size(); i++) {
            Block b = a.blocks().get(i);
            out.addAll(block(b, "blocks." + i, h, w));
            h = Architecture.outSize(h, b.stride());
            w = Architecture.outSize(w, b.stride());
            c = b.outChannels();
        }
        long f = a.head().featureChannels();
        out.add(new LayerCost("head", Kind.HEAD, c * f + 2 * f, (long) c * f * h * w));
        long classes = a.head().classes();
        out.add(new LayerCost("fc", Kind.FC, f * classes + classes, f * classes));
        return out;
    }

    /** Parameters of one block (independent of the feature map size). */
    public static long blockParameters(Block b) {
        return block(b, "block", 1, 1).stream().mapToLong(LayerCost::parameters).sum();
    }

    /** The layers of one block whose input feature map is {@code h x w}. */
    public static List<LayerCost> block(Block b, String name, int h, int w) {
        List<LayerCost> out = new ArrayList<>();
        if (b.isSkip()) return out;
        long cin = b.inChannels();
        long e = b.expandedChannels();
        long cout = b.outChannels();
        long ho = Architecture.outSize(h, b.stride());
        long wo = Architecture.outSize(w, b.stride());
        if (b.hasExpandConv()) {
            out.add(new LayerCost(name + ".expand", Kind.EXPAND, cin * e + 2 * e, cin * e * h * w));
        }
        List<Branch> merged = b.mergedBranches();
        for (int j = 0; j < merged.size(); j++) {
            Branch br = merged.get(j);
            long ch = (long) br.expansion() * cin;
            long kk = (long) br.kernel() * br.kernel();
            // the branches share one batch norm after the concat: book it on the last branch
            long bn = j == merged.size() - 1 ? 2 * e : 0;
            out.add(new LayerCost(name + ".dw." + j, Kind.DEPTHWISE, kk * ch + bn, kk * ch * ho * wo));
        }
        long s = b.seChannels();
        if (s > 0) out.add(new LayerCost(name + ".se", Kind.SE, e * s + s + s * e + e, 2 * e * s));
        out.add(new LayerCost(name + ".project", Kind.PROJECT, e * cout + 2 * cout, e * cout * ho * wo));
        return out;
    }
}
