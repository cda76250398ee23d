package org.s3nas.workbench.npu;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.s3nas.workbench.model.Limits;

/**
 * Which tensor fragment sits in which FMEM bank (docs/midap.md §2), carried from layer to layer so that a layer's output is
 * read on chip by the next. Free banks are handed out in FIFO order; banks holding a stationary input are reserved.
 * With the double-buffer policy the banks are split into an input half and an output half that swap every layer.
 */
final class Fmem {
    /** One fragment of a tensor in a bank: columns [head, tail) in the tensor's stored order. */
    record Mapping(int tensor, int bank, int head, int tail) {}

    final int banks;
    final boolean doubleBuffer;
    private ArrayDeque<Integer> available;
    private ArrayDeque<Integer> outAvailable;
    private boolean[] reserved;
    private ArrayList<Mapping> mappings;

    Fmem(int banks, boolean doubleBuffer) {
        if (banks < 2 || banks > Limits.MAX_FMEM_BANKS) {
            throw new IllegalArgumentException("npu.fmemBanks must be from 2 to " + Limits.MAX_FMEM_BANKS + ", was " + banks);
        }
        this.banks = banks;
        this.doubleBuffer = doubleBuffer;
        this.available = new ArrayDeque<>();
        this.outAvailable = new ArrayDeque<>();
        this.reserved = new boolean[banks];
        this.mappings = new ArrayList<>();
        if (doubleBuffer) {
            for (int i = 0; i < banks / 2; i++) available.add(i);
            for (int i = banks / 2; i < banks; i++) outAvailable.add(i);
        } else {
            for (int i = 0; i < banks; i++) available.add(i);
        }
    }

    private Fmem(Fmem o) {
        this.banks = o.banks;
        this.doubleBuffer = o.doubleBuffer;
        this.available = new ArrayDeque<>(o.available);
        this.outAvailable = new ArrayDeque<>(o.outAvailable);
        this.reserved = o.reserved.clone();
        this.mappings = new ArrayList<>(o.mappings);
    }

    Fmem copy() { return new Fmem(this); }

    /** Takes over the state of {@code o} (the compiler plans on a copy, then commits). */
    void copyFrom(Fmem o) {
        this.available = new ArrayDeque<>(o.available);
        this.outAvailable = new ArrayDeque<>(o.outAvailable);
        this.reserved = o.reserved.clone();
        this.mappings = new ArrayList<>(o.mappings);
    }

    /** Keeps a bank out of reach of ordinary frees (a concatenation target shared by several branches). */
    void reserve(int bank) { reserved[bank] = true; }

    int numAvailable() { return available.size(); }

    int numUnreserved() {
        if (doubleBuffer) return banks / 2;
        int n = banks;
        for (boolean r : reserved) if (r) n--;
        return n;
    }

    List<Mapping> of(int tensor) {
        List<Mapping> out = new ArrayList<>();
        for (Mapping m : mappings) if (m.tensor == tensor) out.add(m);
        return out;
    }

    /** Puts a fragment into the first free (input) bank; -1 when there is none or it is already there. */
    int save(int tensor, int head, int tail) {
        return saveFrom(available, tensor, head, tail);
    }

    /** Puts an output fragment into a free bank (the output half under double buffering). */
    int saveOutput(int tensor, int head, int tail) {
        return saveFrom(doubleBuffer ? outAvailable : available, tensor, head, tail);
    }

    private int saveFrom(ArrayDeque<Integer> queue, int tensor, int head, int tail) {
        for (Mapping m : mappings) if (m.tensor == tensor && m.head == head && m.tail == tail) return -1;
        Integer bank = queue.pollFirst();
        if (bank == null) return -1;
        mappings.add(new Mapping(tensor, bank, head, tail));
        return bank;
    }

    /** Frees the bank once its fragment is consumed, unless it is reserved (stationary input). */
    void discard(int bank) {
        int idx = -1;
        for (int i = 0; i < mappings.size(); i++) {
            if (mappings.get(i).bank == bank) { idx = i; break; }
        }
        if (doubleBuffer) {
            available.addLast(bank);
            if (idx >= 0) mappings.remove(idx);
            return;
        }
        if (!reserved[bank]) {
            available.addLast(bank);
            if (idx >= 0) mappings.remove(idx);
        }
    }

    /** Frees every bank of a tensor; in reverse order they go to the front of the queue (reused first). */
    void discardTensor(int tensor, boolean reverseOrder) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < mappings.size(); i++) if (mappings.get(i).tensor == tensor) idx.add(i);
        if (reverseOrder) {
            for (int j = idx.size() - 1; j >= 0; j--) {
                int b = mappings.get(idx.get(j)).bank;
                available.addFirst(b);
                reserved[b] = false;
            }
        } else {
            for (int j : idx) {
                int b = mappings.get(j).bank;
                available.addLast(b);
                reserved[b] = false;
            }
        }
        for (int j = idx.size() - 1; j >= 0; j--) mappings.remove((int) idx.get(j));
    }

    /** After a reverse write, lists the tensor's fragments in stored column order for its reader. */
    void reverseMapping(int tensor) {
        List<Mapping> mine = new ArrayList<>();
        mappings.removeIf(m -> {
            if (m.tensor == tensor) { mine.add(m); return true; }
            return false;
        });
        for (int i = mine.size() - 1; i >= 0; i--) mappings.add(mine.get(i));
    }

    /** Reserves the banks of the first {@code stationary} input fragments (replaces any earlier reservation). */
    void reserveInput(List<Integer> inputBanks, int stationary) {
        if (inputBanks.isEmpty() || stationary < 0) return;
        java.util.Arrays.fill(reserved, false);
        for (int i = 0; i < Math.min(stationary, inputBanks.size()); i++) reserved[inputBanks.get(i)] = true;
    }

    /** A tensor occupying banks other than the two given, or -1 (a candidate to spill when planning is stuck). */
    int otherTensor(int a, int b) {
        for (Mapping m : mappings) if (m.tensor != a && m.tensor != b) return m.tensor;
        return -1;
    }

    @Override
    public String toString() {
        return "Fmem[available=" + available + " out=" + outAvailable + " reserved=" + java.util.Arrays.toString(reserved)
                + " mappings=" + mappings + "]";
    }

    /** Double buffering: the output half becomes the next layer's input half. */
    void swapHalves() {
        ArrayDeque<Integer> t = available;
        available = outAvailable;
        outAvailable = t;
    }
}
