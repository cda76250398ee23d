package org.s3nas.workbench.npu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.s3nas.workbench.model.BlockPosition;
import org.s3nas.workbench.model.Branch;
import org.s3nas.workbench.model.Limits;
import org.s3nas.workbench.model.Superkernel;

/**
 * Every choice tuple (k̄, ē) of one block position and the distinct merged configurations they map to.
 *
 * <p>A tuple is coded in mixed radix: superkernel j contributes the digit {@code c·E_j + d} (kernel index c of
 * K_j, expansion index d of E_j), weighted by the product of the radices {@code K·E} of the superkernels before it.
 * This is the index Eq. 8 sums over; a zeroed superkernel appears once per kernel there, all of which map to the same
 * merged configuration (its kernel does not matter).
 */
public final class BlockChoices {
    private final BlockPosition position;
    private final int[][] kernels;       // [j][c]
    private final int[][] expansions;    // [j][d]
    private final int[] radix;           // K_j * E_j
    private final int[] weight;          // mixed-radix place value of superkernel j
    private final int[][] kernelIndex;   // [j][kernel size] -> c, or -1
    private final int[][] expansionIndex; // [j][expansion] -> d, or -1
    private final int tupleCount;
    private final List<BlockConfiguration> configurations;
    private final int[] configurationOfTuple;

    private BlockChoices(BlockPosition position) {
        this.position = position;
        int n = position.superkernels().size();
        if (n == 0) throw new IllegalArgumentException("block " + position.index() + " has no superkernel");
        kernels = new int[n][];
        expansions = new int[n][];
        radix = new int[n];
        weight = new int[n];
        kernelIndex = new int[n][];
        expansionIndex = new int[n][];
        long count = 1;
        for (int j = 0; j < n; j++) {
            Superkernel sk = position.superkernels().get(j);
            kernels[j] = sk.kernelSizes().stream().mapToInt(Integer::intValue).toArray();
            expansions[j] = position.expansionsOf(j).stream().mapToInt(Integer::intValue).toArray();
            if (kernels[j].length == 0 || expansions[j].length == 0) {
                throw new IllegalArgumentException("block " + position.index() + ", superkernel " + j + ": no candidate "
                        + (kernels[j].length == 0 ? "kernel size" : "expansion"));
            }
            radix[j] = kernels[j].length * expansions[j].length;
            weight[j] = (int) count;
            count *= radix[j];
            if (count > 50_000_000) {
                throw new IllegalArgumentException("block " + position.index() + " has more than 50 million choice tuples");
            }
            kernelIndex[j] = inverse(kernels[j]);
            expansionIndex[j] = inverse(expansions[j]);
        }
        tupleCount = (int) count;
        TreeMap<BlockConfiguration, Integer> distinct = new TreeMap<>();
        BlockConfiguration[] ofTuple = new BlockConfiguration[tupleCount];
        for (int t = 0; t < tupleCount; t++) {
            ofTuple[t] = BlockConfiguration.merge(branches(t));
            distinct.put(ofTuple[t], 0);
        }
        configurations = List.copyOf(distinct.keySet());
        int i = 0;
        for (var e : distinct.entrySet()) e.setValue(i++);
        configurationOfTuple = new int[tupleCount];
        for (int t = 0; t < tupleCount; t++) configurationOfTuple[t] = distinct.get(ofTuple[t]);
    }

    /** Largest kernel size or expansion a lookup table is made for (far above the validator's limits). */
    private static final int MAX_CANDIDATE = 1 << 16;

    private static int[] inverse(int[] values) {
        int max = Arrays.stream(values).max().orElse(0);
        if (max > MAX_CANDIDATE) {
            throw new IllegalArgumentException("candidate " + max + " is out of range (kernel sizes and expansions go up to "
                    + Limits.MAX_KERNEL + " and " + Limits.MAX_EXPANSION + ")");
        }
        int[] inv = new int[Math.max(0, max) + 1];
        Arrays.fill(inv, -1);
        for (int i = 0; i < values.length; i++) {
            if (values[i] >= 0) inv[values[i]] = i;
        }
        return inv;
    }

    public static BlockChoices of(BlockPosition position) { return new BlockChoices(position); }

    public BlockPosition position() { return position; }

    public int superkernelCount() { return radix.length; }

    /** K_j: candidate kernel sizes of superkernel j. */
    public int kernelCount(int j) { return kernels[j].length; }

    /** E_j: candidate expansions of superkernel j at this position. */
    public int expansionCount(int j) { return expansions[j].length; }

    public int kernel(int j, int c) { return kernels[j][c]; }

    public int expansion(int j, int d) { return expansions[j][d]; }

    /** K_j · E_j, the digit range of superkernel j in a tuple code. */
    public int radix(int j) { return radix[j]; }

    /** Place value of superkernel j in a tuple code. */
    public int weight(int j) { return weight[j]; }

    /** Number of (k̄, ē) tuples: Π_j K_j · E_j (the terms of Eq. 8). */
    public int tupleCount() { return tupleCount; }

    /** Tuple code of kernel index {@code c[j]} and expansion index {@code d[j]} per superkernel. */
    public int tuple(int[] c, int[] d) {
        int t = 0;
        for (int j = 0; j < radix.length; j++) t += (c[j] * expansions[j].length + d[j]) * weight[j];
        return t;
    }

    public int kernelIndexOf(int tuple, int j) { return (tuple / weight[j]) % radix[j] / expansions[j].length; }

    public int expansionIndexOf(int tuple, int j) { return (tuple / weight[j]) % radix[j] % expansions[j].length; }

    /** The choice of every superkernel in a tuple. */
    public List<Branch> branches(int tuple) {
        if (tuple < 0 || tuple >= tupleCount) throw new IndexOutOfBoundsException("tuple " + tuple + " of " + tupleCount);
        List<Branch> out = new ArrayList<>(radix.length);
        for (int j = 0; j < radix.length; j++) {
            out.add(new Branch(kernels[j][kernelIndexOf(tuple, j)], expansions[j][expansionIndexOf(tuple, j)]));
        }
        return out;
    }

    /**
     * Tuple code of one choice per superkernel. A zeroed superkernel is coded with its first kernel, whatever kernel
     * it names (its kernel does not matter). Throws, naming the block and superkernel, when a choice is not a candidate.
     */
    public int tupleOf(List<Branch> branches) {
        if (branches.size() != radix.length) {
            throw new IllegalArgumentException("block " + position.index() + " has " + radix.length
                    + " superkernels, the architecture's block has " + branches.size() + " branches");
        }
        int t = 0;
        for (int j = 0; j < radix.length; j++) {
            Branch b = branches.get(j);
            int d = b.expansion() >= 0 && b.expansion() < expansionIndex[j].length ? expansionIndex[j][b.expansion()] : -1;
            if (d < 0) {
                throw new IllegalArgumentException("block " + position.index() + ", superkernel " + j + ": expansion "
                        + b.expansion() + " is not a candidate " + Arrays.toString(expansions[j]));
            }
            int c;
            if (b.expansion() == 0) {
                c = 0;
            } else {
                c = b.kernel() >= 0 && b.kernel() < kernelIndex[j].length ? kernelIndex[j][b.kernel()] : -1;
                if (c < 0) {
                    throw new IllegalArgumentException("block " + position.index() + ", superkernel " + j + ": kernel "
                            + b.kernel() + " is not a candidate " + Arrays.toString(kernels[j]));
                }
            }
            t += (c * expansions[j].length + d) * weight[j];
        }
        return t;
    }

    /** The distinct merged configurations of this position, sorted (the latency-table entries). */
    public List<BlockConfiguration> configurations() { return configurations; }

    /** Index into {@link #configurations()} of the merged configuration of a tuple. */
    public int configurationOf(int tuple) { return configurationOfTuple[tuple]; }

    /** Index of a configuration in {@link #configurations()}, or -1 when no tuple of this position merges to it. */
    public int indexOf(BlockConfiguration configuration) {
        int i = java.util.Collections.binarySearch(configurations, configuration);
        return i >= 0 ? i : -1;
    }
}
