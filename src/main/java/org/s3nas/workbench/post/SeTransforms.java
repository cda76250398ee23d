package org.s3nas.workbench.post;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.Head;
import org.s3nas.workbench.model.Stem;

/**
 * Post-processing of paper §4.3.2: squeeze-and-excitation added to every block, h-swish in place of ReLU, and the
 * removal of SE from chosen blocks (§4.3.3, the choice itself is {@link SeRanking}'s).
 */
public final class SeTransforms {
    private SeTransforms() {}

    /** The paper's SE squeeze width: a quarter of the block input channels. */
    public static final double PAPER_SE_RATIO = 0.25;

    /** Paper §4.3.2: SE (ratio 0.25) on every block and h-swish in place of ReLU. */
    public static Architecture withSeAndHswish(Architecture a) {
        return reluToHswish(addSe(a, PAPER_SE_RATIO)).withName(a.name() + " +SE +h-swish");
    }

    /** SE with squeeze width {@code ratio} x block input channels on every block that computes something. */
    public static Architecture addSe(Architecture a, double ratio) {
        if (!(ratio > 0 && ratio <= 1)) throw new IllegalArgumentException("SE ratio must be in (0, 1], was " + ratio);
        return a.withBlocks(a.blocks().stream().map(b -> b.isSkip() ? b : b.withSeRatio(ratio)).toList());
    }

    /**
     * ReLU and its clipped variant ReLU6 become h-swish {@code x * relu6(x + 3) / 6} in the stem, every block and the
     * head. Other activations (swish, sigmoid...) are left alone. The SE's own inner ReLU and gate are not touched.
     */
    public static Architecture reluToHswish(Architecture a) {
        Stem s = a.stem();
        Head h = a.head();
        return new Architecture(a.name(), a.input(),
                new Stem(s.channels(), s.kernel(), s.stride(), hswishIfRelu(s.activation())),
                a.blocks().stream().map(b -> b.withActivation(hswishIfRelu(b.activation()))).toList(),
                new Head(h.featureChannels(), h.classes(), hswishIfRelu(h.activation())));
    }

    private static Activation hswishIfRelu(Activation act) {
        return act == Activation.RELU || act == Activation.RELU6 ? Activation.HSWISH : act;
    }

    /** Indices (in {@code a.blocks()}) of the blocks that have SE. */
    public static List<Integer> seBlocks(Architecture a) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < a.blocks().size(); i++) if (a.blocks().get(i).seChannels() > 0) out.add(i);
        return out;
    }

    /**
     * The architecture with SE removed from the given blocks (indices in {@code a.blocks()}).
     *
     * @throws IllegalArgumentException naming the first index that is outside the architecture or has no SE
     */
    public static Architecture removeSe(Architecture a, Collection<Integer> blockIndices) {
        List<Block> blocks = new ArrayList<>(a.blocks());
        for (int i : new TreeSet<>(blockIndices)) {
            if (i < 0 || i >= blocks.size()) {
                throw new IllegalArgumentException("block " + i + " is outside architecture '" + a.name() + "' ("
                        + blocks.size() + " blocks)");
            }
            if (blocks.get(i).seChannels() == 0) {
                throw new IllegalArgumentException("blocks[" + i + "] of '" + a.name() + "' has no SE to remove");
            }
            blocks.set(i, blocks.get(i).withSeRatio(0));
        }
        return a.withBlocks(blocks);
    }
}
