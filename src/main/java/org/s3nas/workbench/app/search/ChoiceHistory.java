package org.s3nas.workbench.app.search;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.s3nas.workbench.search.HistoryRow;

/**
 * Each block's chosen configuration over a run (the heatmap's data): one column per kept event, one code per block.
 * A code packs the total expansion of the block (the sum over its superkernels, 0 = the block is a skip) and the set
 * of kernel sizes its non-zero superkernels use ({@link #code}). Memory is bounded like {@link Trace}: up to
 * {@code capacity} columns, then every second column is dropped and the stride doubles; the latest column is always
 * kept. FX thread only (it is filled by the per-frame drain and read by the heatmap's redraw in the same thread).
 */
final class ChoiceHistory {
    private final int blocks, capacity;
    private long[] steps;
    private int[][] codes;
    private int size;
    private long arrivals;
    private int stride = 1;
    private boolean provisional;
    private final Set<Integer> seenExpansions = new TreeSet<>();
    private final Set<Integer> seenKernelSets = new TreeSet<>();
    private long version;

    ChoiceHistory(int blocks, int capacity) {
        if (capacity < 4 || capacity % 2 != 0) throw new IllegalArgumentException("capacity must be even and at least 4, was " + capacity);
        this.blocks = blocks;
        this.capacity = capacity;
        int initial = Math.min(capacity, 1024);
        steps = new long[initial];
        codes = new int[initial][];
    }

    static int totalExpansion(int code) { return code & 0xFFFF; }

    static int kernelSet(int code) { return code >>> 16; }

    /** "3+5+7" for a kernel set, "skip" for none. */
    static String kernelSetLabel(int set) {
        if (set == 0) return "skip";
        StringBuilder sb = new StringBuilder();
        for (int b = 0; b < 16; b++) {
            if ((set & 1 << b) == 0) continue;
            if (sb.length() > 0) sb.append('+');
            sb.append(2 * b + 1);
        }
        return sb.toString();
    }

    int blocks() { return blocks; }

    int size() { return size; }

    int stride() { return stride; }

    long arrivals() { return arrivals; }

    long step(int column) { return steps[column]; }

    int code(int column, int block) { return codes[column][block]; }

    /** Changes with every append, so a view knows when to redraw. */
    long version() { return version; }

    /** Total expansions seen so far, ascending (for the legend). */
    Set<Integer> seenExpansions() { return seenExpansions; }

    /** Kernel sets seen so far (for the legend). */
    Set<Integer> seenKernelSets() { return seenKernelSets; }

    /** The last column at or before {@code step}, or -1. */
    int columnAt(double step) {
        int lo = 0, hi = size - 1, found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (steps[mid] <= step) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** Appends the choices of one event (per block, per superkernel {kernel, expansion}). */
    void add(long step, List<List<int[]>> choices) {
        if (choices == null || choices.size() != blocks) return;
        int[] column = new int[blocks];
        for (int b = 0; b < blocks; b++) column[b] = HistoryRow.blockCode(choices.get(b));
        add(step, column);
    }

    /**
     * Appends one step's codes ({@link #code}, one per block). A step at or before the last one replaces the columns
     * from it on: a resumed run replays the steps after its checkpoint.
     */
    void add(long step, int[] blockCodes) {
        if (blockCodes == null || blockCodes.length != blocks) return;
        if (size > 0 && step <= steps[size - 1]) {
            while (size > 0 && steps[size - 1] >= step) codes[--size] = null;
            provisional = false;
        }
        int[] column = blockCodes.clone();
        for (int c : column) {
            seenExpansions.add(totalExpansion(c));
            seenKernelSets.add(kernelSet(c));
        }
        boolean keep = arrivals++ % stride == 0;
        if (provisional) {
            steps[size - 1] = step;
            codes[size - 1] = column;
        } else {
            if (size == steps.length) {
                steps = Arrays.copyOf(steps, Math.min(capacity, size * 2));
                codes = Arrays.copyOf(codes, steps.length);
            }
            steps[size] = step;
            codes[size++] = column;
        }
        provisional = !keep;
        if (!provisional && size >= capacity) {
            boolean lastDropped = (size - 1) % 2 != 0;
            int half = (size + 1) / 2;
            long lastStep = steps[size - 1];
            int[] lastColumn = codes[size - 1];
            for (int i = 0; i < half; i++) {
                steps[i] = steps[2 * i];
                codes[i] = codes[2 * i];
            }
            Arrays.fill(codes, half, size, null);
            size = half;
            stride *= 2;
            if (lastDropped) {
                steps[size] = lastStep;
                codes[size++] = lastColumn;
                provisional = true;
            }
        }
        version++;
    }
}
