package org.s3nas.workbench.npu;

import java.util.Arrays;

/**
 * The valid timers of the on-chip memories and the DRAM queue that fills them (docs/midap.md §4).
 *
 * <ul>
 *   <li>Feature-map and bias loads share one FIFO: {@code start = max(now + L, fifoEnd)}, {@code fifoEnd = start + T};
 *       the bank (or bias buffer) becomes valid at {@code fifoEnd}.</li>
 *   <li>Weight loads take priority: {@code start = max(now + L, previous weight load valid)}, valid at
 *       {@code start + T}; every feature or bias load not valid by {@code start} finishes {@code T} later.</li>
 *   <li>Weights and bias are double-buffered: loads go to the buffer not in use.</li>
 *   <li>A read issued at cycle {@code now} happens at {@code now + 1}; if the data is not valid yet the pipeline
 *       stalls until it is, and the timer is cleared.</li>
 * </ul>
 */
final class MemorySystem {
    static final long READY = Long.MIN_VALUE / 4;

    /** A DRAM transfer: on the bus during [start, valid). */
    record Load(long start, long valid) {}

    private final Dram dram;
    private long fifoEnd = READY;
    private final long[] weightValid = {READY, READY};
    private int weightInUse = -1;
    private final long[] biasValid = {READY, READY};
    private int biasInUse = -1;
    private final long[] bankValid;

    MemorySystem(Dram dram, int banks) {
        this.dram = dram;
        this.bankValid = new long[banks];
        Arrays.fill(bankValid, READY);
    }

    Dram dram() { return dram; }

    long fifoEnd() { return fifoEnd; }

    long bankValid(int bank) { return bankValid[bank]; }

    int weightInUse() { return weightInUse; }

    /** A feature fragment load into {@code bank}, issued at {@code now}. */
    Load loadFeature(long now, int bank, long bytes) {
        long start = Math.max(now + dram.readLatency(bytes), fifoEnd);
        long valid = start + dram.transferCycles(bytes);
        fifoEnd = valid;
        bankValid[bank] = valid;
        return new Load(start, valid);
    }

    /** A bias load into the bias buffer not in use, on the feature FIFO. */
    Load loadBias(long now, long bytes) {
        long start = Math.max(now + dram.readLatency(bytes), fifoEnd);
        long valid = start + dram.transferCycles(bytes);
        fifoEnd = valid;
        biasValid[(biasInUse + 1) % 2] = valid;
        return new Load(start, valid);
    }

    /** A weight load into the weight buffer not in use; pushes back feature and bias loads still in flight. */
    Load loadWeight(long now, long bytes) {
        long transfer = dram.transferCycles(bytes);
        long start = Math.max(now + dram.readLatency(bytes), Math.max(weightValid[0], weightValid[1]));
        long valid = start + transfer;
        weightValid[(weightInUse + 1) % 2] = valid;
        for (int b = 0; b < bankValid.length; b++) if (bankValid[b] > start) bankValid[b] += transfer;
        for (int b = 0; b < 2; b++) if (biasValid[b] > start) biasValid[b] += transfer;
        fifoEnd = Math.max(valid, fifoEnd + transfer);
        return new Load(start, valid);
    }

    /** A DRAM write on the FIFO (only when writes are timed). */
    Load write(long now, long bytes) {
        long start = Math.max(now, fifoEnd);
        long end = start + dram.transferCycles(bytes);
        fifoEnd = end;
        return new Load(start, end);
    }

    /** Stall cycles of the first read of {@code bank} issued at {@code now}. */
    long readBank(long now, int bank) {
        return firstRead(bankValid, bank, now + 1);
    }

    /** Stall cycles of a read of the weight buffer in use issued at {@code now}. */
    long readWeights(long now) {
        return firstRead(weightValid, weightInUse, now + 1);
    }

    /** Stall cycles of a bias read happening at {@code at}. */
    long readBias(long at) {
        return firstRead(biasValid, biasInUse, at);
    }

    /**
     * Stall cycles of a read at cycle {@code at} of buffer {@code i} (none when no buffer is in use, {@code i < 0}): the
     * wait until its load made it valid; after that wait it counts as valid.
     */
    private static long firstRead(long[] valid, int i, long at) {
        if (i < 0) return 0;
        long gap = valid[i] - at;
        if (gap <= 0) return 0;
        valid[i] = READY;
        return gap;
    }

    void switchWeights() { weightInUse = (weightInUse + 1) % 2; }

    /** A layer whose weights were not prefetched starts from an empty weight memory. */
    void resetWeights() { weightInUse = -1; }

    void switchBias() { biasInUse = (biasInUse + 1) % 2; }

    /** Block mode: the first layer's weights and bias are already loaded. */
    void preloaded() {
        weightValid[(weightInUse + 1) % 2] = READY;
        biasValid[(biasInUse + 1) % 2] = READY;
    }
}
