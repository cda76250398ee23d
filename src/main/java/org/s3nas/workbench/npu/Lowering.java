package org.s3nas.workbench.npu;

import java.util.ArrayList;
import java.util.List;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.Branch;
import org.s3nas.workbench.model.NpuConfig;

/**
 * Architecture -> MIDAP layers (docs/midap.md §2): the stem (a GEMM when the input has at most 3 channels); per block the 1x1
 * expand (omitted when the block has none; one per branch in a MixConv block), one depthwise conv per branch after the
 * merge rule of paper Fig. 8 with a free concatenation, the SE module (global pool fused into the depthwise, FC to the squeeze width, FC back, channel
 * Mul), the 1x1 projection and the residual Sum; the head 1x1 conv with the global pool fused as a reduction; the FC.
 */
public final class Lowering {
    private Lowering() {}

    /** Lowers with the default MIDAP channel grouping (16 CIMs x 64 lanes). */
    public static Network lower(Architecture a) {
        return lower(a, NpuConfig.midap());
    }

    public static Network lower(Architecture a, NpuConfig npu) {
        NetworkBuilder b = new NetworkBuilder(a.name(), npu);
        int x = b.input(a.input().height(), a.input().width(), a.input().channels());
        b.at(Segment.STEM, -1, -1);
        x = b.stem(x, a.stem().channels(), a.stem().kernel(), a.stem().stride());
        List<Block> blocks = a.blocks();
        for (int i = 0; i < blocks.size(); i++) {
            Block blk = blocks.get(i);
            if (blk.isSkip()) {
                if (!blk.residual()) {
                    throw new IllegalArgumentException("architecture '" + a.name() + "', block " + i
                            + ": every branch is zeroed but the block has no residual");
                }
                continue;   // a skip costs nothing
            }
            if (blk.inChannels() != b.channels(x)) {
                throw new IllegalArgumentException("architecture '" + a.name() + "', block " + i + ": takes "
                        + blk.inChannels() + " input channels but receives " + b.channels(x));
            }
            for (Branch br : blk.branches()) {
                if (br.kernel() < 1 || br.kernel() % 2 == 0) {
                    throw new IllegalArgumentException("architecture '" + a.name() + "', block " + i
                            + ": kernel sizes must be positive and odd, found " + br.kernel());
                }
            }
            if (blk.stride() < 1) {
                throw new IllegalArgumentException("architecture '" + a.name() + "', block " + i + ": stride must be at least 1");
            }
            b.at(Segment.BLOCK, blk.stage(), i);
            x = block(b, x, blk);
        }
        b.at(Segment.HEAD, -1, -1);
        x = b.conv(x, a.head().featureChannels(), 1, 1, "head");
        int pooled = b.globalPool(x);
        b.fc(pooled, a.head().classes(), "classifier");
        return b.build();
    }

    /**
     * Appends one block to {@code b} and returns its output tensor. A MixConv block gets one 1x1 expand per branch
     * (each superkernel on its own slice of the expanded channels, paper Fig. 6): MIDAP reads whole columns of a
     * tensor and cannot address a channel slice, so the slices are produced separately and concatenated for free.
     */
    static int block(NetworkBuilder b, int in, Block blk) {
        List<Branch> branches = blk.mergedBranches();
        int expanded = 0;
        for (Branch br : branches) expanded += br.expansion() * blk.inChannels();
        int dw;
        if (branches.size() == 1) {
            int x = blk.hasExpandConv() ? b.conv(in, expanded, 1, 1, "expand") : in;
            dw = b.depthwise(x, branches.get(0).kernel(), blk.stride());
        } else {
            List<Integer> channels = new ArrayList<>();
            for (Branch br : branches) channels.add(br.expansion() * blk.inChannels());
            int h = NetworkBuilder.outSize(b.height(in), blk.stride());
            int w = NetworkBuilder.outSize(b.width(in), blk.stride());
            dw = b.concat(h, w, channels);
            for (int j = 0; j < branches.size(); j++) {
                int x = b.conv(in, channels.get(j), 1, 1, "expand");
                b.depthwiseBranch(x, channels.get(j), branches.get(j).kernel(), blk.stride(), dw);
            }
        }
        if (blk.seChannels() > 0) {
            int pooled = b.globalPool(dw);
            int squeezed = b.fc(pooled, blk.seChannels(), "se-reduce");
            int excited = b.fc(squeezed, expanded, "se-expand");
            dw = b.mul(dw, excited);
        }
        int out = b.conv(dw, blk.outChannels(), 1, 1, "project");
        if (blk.residual()) out = b.sum(out, in);
        return out;
    }
}
