package org.s3nas.workbench.npu;

import java.util.Arrays;
import java.util.List;

/**
 * The compiler's quick timing model of one layer (the "predicted compute blocking time" of docs/midap.md §2): loads are
 * issued when the compiler plans them, each process step waits for its weight group and its fragments, and the
 * blocking it accumulates decides how many banks the output gets and how many fragments a step takes.
 */
final class Predictor {
    private static final long NONE = Long.MIN_VALUE / 4;
    private final Geometry g;
    private final Dram dram;
    private final boolean active;
    private final long groupLatency;
    private final long groupTransfer;
    long now;
    long blocking;
    private long fifoEnd;
    private long weightBusy;
    private long[] weightValid = new long[8];
    private int weightRequests;
    private int weightUses;
    private long[] fragValid = new long[8];
    private int fragCount;

    Predictor(Geometry g, Dram dram, boolean prepared, long prevStepCycles) {
        this.g = g;
        this.dram = dram;
        this.active = !g.kind.elementWise();
        this.groupLatency = dram.readLatency(g.groupBytes);
        this.groupTransfer = dram.transferCycles(g.groupBytes);
        Arrays.fill(weightValid, NONE);
        Arrays.fill(fragValid, NONE);
        weightBusy = NONE;
        fifoEnd = NONE;
        if (active) {
            // The first group was prefetched during the previous layer's last step, the second at the start.
            requestWeight(prepared ? -prevStepCycles : 0);
            if (g.weightType == 0) requestWeight(0);
        }
    }

    private Predictor(Predictor o) {
        this.g = o.g;
        this.dram = o.dram;
        this.active = o.active;
        this.groupLatency = o.groupLatency;
        this.groupTransfer = o.groupTransfer;
        this.now = o.now;
        this.blocking = o.blocking;
        this.fifoEnd = o.fifoEnd;
        this.weightBusy = o.weightBusy;
        this.weightValid = o.weightValid.clone();
        this.weightRequests = o.weightRequests;
        this.weightUses = o.weightUses;
        this.fragValid = o.fragValid.clone();
        this.fragCount = o.fragCount;
    }

    Predictor copy() { return new Predictor(this); }

    private void requestWeight(long t) {
        int idx = ++weightRequests;
        int resident = g.weightType == 1 ? 1 : g.filters;
        if (g.loadOnce && idx > resident) return;
        long start = Math.max(t + groupLatency, weightBusy);
        long transfer = groupTransfer;
        long valid = start + transfer;
        weightBusy = valid;
        if (idx >= weightValid.length) {
            int old = weightValid.length;
            weightValid = Arrays.copyOf(weightValid, idx * 2);
            Arrays.fill(weightValid, old, weightValid.length, NONE);
        }
        weightValid[idx] = valid;
        // Weight loads take priority: feature loads still in flight finish later by the transfer time.
        for (int i = 0; i < fragCount; i++) if (fragValid[i] > start) fragValid[i] += transfer;
        fifoEnd = Math.max(valid, fifoEnd + transfer);
    }

    private long weightDelay(int idx) {
        if (idx >= weightValid.length) return 0;
        return Math.max(0, weightValid[idx] - now);
    }

    private long fragDelay(int index) {
        if (index >= fragValid.length) return 0;
        return Math.max(0, fragValid[index] - now);
    }

    /** Fragments {@code first..first+count-1} of the input mapping are loaded now. */
    void load(List<LayerCompiler.InFrag> frags, int first, int count) {
        if (!active || count == 0) return;
        now += 1;
        for (int i = 0; i < count; i++) {
            LayerCompiler.InFrag f = frags.get(first + i);
            long bytes = (long) (f.tail - f.head) * g.inUnitBytes;
            long start = Math.max(now + dram.readLatency(bytes), fifoEnd);
            long valid = start + dram.transferCycles(bytes);
            fifoEnd = valid;
            int idx = first + i;
            if (idx >= fragValid.length) {
                int old = fragValid.length;
                fragValid = Arrays.copyOf(fragValid, Math.max(idx + 1, old * 2));
                Arrays.fill(fragValid, old, fragValid.length, NONE);
            }
            fragValid[idx] = valid;
            fragCount = Math.max(fragCount, idx + 1);
        }
    }

    /** Processes the given fragments (indices into the input mapping) as one step; returns the blocking it suffered. */
    long process(List<LayerCompiler.InFrag> frags, int[][] steps) {
        if (!active) return 0;
        long block = 0;
        now += 1;
        for (int[] step : steps) {
            long d = weightDelay(++weightUses);
            now += d;
            block += d;
            long stepCost = 0;
            for (int idx : step) {
                d = fragDelay(idx);
                now += d;
                block += d;
                long c = fragCost(frags.get(idx));
                now += c;
                stepCost += c;
            }
            if (g.weightType == 0) {
                requestWeight(now);
                for (int p = 1; p < g.passes; p++) {
                    d = weightDelay(++weightUses);
                    now += d;
                    block += d;
                    now += stepCost;
                    requestWeight(now);
                }
            }
        }
        blocking += block;
        return block;
    }

    /**
     * How many of the {@code candidates} (indices) to process in the next step: the largest count without blocking,
     * else the one blocking least (depthwise always one, element-wise all).
     */
    int limit(List<LayerCompiler.InFrag> frags, int[] candidates, int maxCount, boolean isLast) {
        int max = Math.min(maxCount, candidates.length);
        if (!active) return max;
        if (g.kind == LayerKind.DEPTHWISE) max = 1;
        int best = 0;
        long min = Long.MAX_VALUE;
        for (int n = max; n >= 1; n--) {
            int[] head = Arrays.copyOf(candidates, Math.min(n, candidates.length));
            int[][] steps;
            if (isLast && n == max - 1 && candidates.length > 0) {
                steps = new int[][]{head, {candidates[candidates.length - 1]}};
            } else {
                steps = new int[][]{head};
            }
            long b = copy().process(frags, steps);
            if (b < min) {
                best = n;
                min = b;
            }
            if (min == 0) break;
        }
        return best;
    }

    /** Cycles of one pass over the output units a fragment feeds (depthwise: all its channel sets). */
    private long fragCost(LayerCompiler.InFrag f) {
        long c;
        if (g.isConvPool()) {
            int lo = f.head == 0 ? -g.padL : f.head;
            int firstOut = Math.max(0, Geometry.ceilDiv(lo + g.padL, g.s));
            int lastOut = Math.min(g.outUnits - 1, Math.floorDiv(f.tail - 1 + g.padL, g.s));
            c = g.cost(firstOut, lastOut);
        } else {
            c = g.cost(f.head, Math.min(f.tail, g.costUnits) - 1);
        }
        // depthwise weights held at once: a fragment's step runs all channel sets; streamed ones go pass by pass
        return g.weightType == 1 ? c * g.passes : c;
    }
}
