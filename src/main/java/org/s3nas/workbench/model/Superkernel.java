package org.s3nas.workbench.model;

import java.util.List;

/**
 * One superkernel of a searchable block: nested kernel rings (candidate kernel sizes, ascending) and nested
 * channel slices (candidate expansion ratios of the block input, ascending; 0 means the superkernel may be
 * zeroed). When {@code zeroOnlyWithResidual} is set, the 0 candidate exists only in blocks that have a residual
 * (paper §2.5: the 7-superkernel may be zeroed only where a residual exists).
 */
public record Superkernel(List<Integer> kernelSizes, List<Integer> expansions, boolean zeroOnlyWithResidual) {
    public Superkernel {
        kernelSizes = List.copyOf(kernelSizes);
        expansions = List.copyOf(expansions);
    }

    /** The expansion candidates that apply in a block with or without a residual. */
    public List<Integer> expansionsFor(boolean residual) {
        if (residual || !zeroOnlyWithResidual) return expansions;
        return expansions.stream().filter(e -> e != 0).toList();
    }

    public int largestKernel() { return kernelSizes.get(kernelSizes.size() - 1); }

    public int largestExpansion() { return expansions.get(expansions.size() - 1); }
}
