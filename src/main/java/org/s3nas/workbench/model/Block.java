package org.s3nas.workbench.model;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One block of an architecture: 1x1 expand -> one depthwise conv per branch (concatenated) -> optional SE ->
 * 1x1 projection -> residual add when stride 1, in == out and {@code residualAllowed}.
 * Branch expansions are ratios of {@code inChannels} (the authors' c0/c100 convention).
 */
public record Block(int stage, int inChannels, int outChannels, int stride, boolean residualAllowed,
                    List<Branch> branches, double seRatio, Activation activation) {
    public Block {
        branches = List.copyOf(branches);
    }

    public boolean residual() { return residualAllowed && stride == 1 && inChannels == outChannels; }

    /** Every branch zeroed: the block is a plain skip (only meaningful with a residual). */
    public boolean isSkip() { return branches.stream().allMatch(b -> b.expansion() == 0); }

    /**
     * Branches after the merge rule of paper Fig. 8: branches with the same kernel size become one kernel whose
     * expansion is their sum; zeroed branches vanish; sorted by kernel size.
     */
    public List<Branch> mergedBranches() {
        TreeMap<Integer, Integer> byKernel = new TreeMap<>();
        for (Branch b : branches) {
            if (b.expansion() > 0) byKernel.merge(b.kernel(), b.expansion(), Integer::sum);
        }
        List<Branch> out = new ArrayList<>();
        byKernel.forEach((k, e) -> out.add(new Branch(k, e)));
        return out;
    }

    /** Total expansion ratio: expanded channels = totalExpansion * inChannels. */
    public int totalExpansion() { return branches.stream().mapToInt(Branch::expansion).sum(); }

    public int expandedChannels() { return totalExpansion() * inChannels; }

    /** MobileNetV2/EfficientNet convention: an expansion of exactly 1 has no 1x1 expand conv. */
    public boolean hasExpandConv() { return totalExpansion() != 1; }

    /** SE squeeze width: seRatio of the block input channels, at least 1; 0 when the block has no SE. */
    public int seChannels() { return seRatio <= 0 ? 0 : Math.max(1, (int) (inChannels * seRatio)); }

    public Block withBranches(List<Branch> b) { return new Block(stage, inChannels, outChannels, stride, residualAllowed, b, seRatio, activation); }

    public Block withSeRatio(double r) { return new Block(stage, inChannels, outChannels, stride, residualAllowed, branches, r, activation); }

    public Block withActivation(Activation a) { return new Block(stage, inChannels, outChannels, stride, residualAllowed, branches, seRatio, a); }

    public Block withChannels(int in, int out) { return new Block(stage, in, out, stride, residualAllowed, branches, seRatio, activation); }
}
