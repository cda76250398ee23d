package org.s3nas.workbench.npu;

import java.util.ArrayList;
import java.util.List;
import org.s3nas.workbench.model.BankPolicy;

/**
 * Plans one layer on the FMEM banks (docs/midap.md §2): which input fragments are loaded into which banks and when, which
 * fragments each process step covers, and which output fragments stay on chip (the rest spill to DRAM).
 *
 * <p>Steps alternate greedily: load as many missing fragments as there are free banks (keeping enough banks for the
 * output still to come), otherwise process what is loaded. Processed input banks are freed and reused for output or
 * further loads; outputs may be written in reverse column order so that the fragments kept on chip are produced last,
 * in banks the input has freed. The bank policy decides how many banks stay reserved for the input:
 * {@link BankPolicy#MIN_BLOCKING} tries every count and keeps the least predicted compute blocking,
 * {@link BankPolicy#MIN_DRAM} the least DRAM traffic, {@link BankPolicy#DOUBLE_BUFFER} fixes 2 in / 2 out.
 */
final class LayerCompiler {
    /** An input fragment in a bank: columns [head, tail); {@code reloaded} when a later fragment reuses its bank. */
    static final class InFrag {
        int bank;
        int head;
        int tail;
        boolean reloaded;

        InFrag(int bank, int head, int tail) {
            this.bank = bank;
            this.head = head;
            this.tail = tail;
        }

        InFrag copy() {
            InFrag f = new InFrag(bank, head, tail);
            f.reloaded = reloaded;
            return f;
        }
    }

    /**
     * The banks cannot hold a plan for this layer (no bank left for the input, or a kernel window that the free banks
     * cannot hold so that reloading its overlap never advances). The engine then runs the layer tiled ({@link Tiling}).
     */
    static final class PlanningFailed extends RuntimeException {
        PlanningFailed(String message) { super(message, null, false, false); }
    }

    private static final int LOAD = 0;
    private static final int PROCESS = 1;

    private final Geometry g;
    private final Dram dram;
    private final BankPolicy policy;
    private final int inTensor;
    private final int outTensor;
    private final boolean hasNext;
    private final int inputStationary;
    private final int outputStationary;
    private final int inputRequire;
    private final int require;
    private final boolean prepared;
    private final long prevStepCycles;
    private final boolean predicts;
    private final boolean reverseAllowed;

    private State st;

    private static final class State {
        Fmem fmem;
        ArrayList<InFrag> in = new ArrayList<>();
        int remainFrom;
        int processed;
        int numInitial;
        ArrayList<Fmem.Mapping> out = new ArrayList<>();
        boolean fixed;
        boolean reverse;
        int remainBanks;
        ArrayList<int[]> actions = new ArrayList<>();
        Predictor clock;
        long lastStepCycles;
        /** Furthest input column loaded so far, and how many loads in a row have not gone past it. */
        int maxTail;
        int stuckLoads;

        State copy() {
            State s = new State();
            s.fmem = fmem.copy();
            for (InFrag f : in) s.in.add(f.copy());
            s.remainFrom = remainFrom;
            s.processed = processed;
            s.numInitial = numInitial;
            s.out = new ArrayList<>(out);
            s.fixed = fixed;
            s.reverse = reverse;
            s.remainBanks = remainBanks;
            s.actions = new ArrayList<>(actions);
            s.clock = clock == null ? null : clock.copy();
            s.lastStepCycles = lastStepCycles;
            s.maxTail = maxTail;
            s.stuckLoads = stuckLoads;
            return s;
        }

        int remain() { return in.size() - remainFrom; }
    }

    /**
     * @param inputStationary  input fragments to keep reserved for a later reader (-1: no reservation, 0: release)
     * @param outputStationary output banks fixed before the layer (0: none, the output is not kept; -1: the compiler decides)
     */
    LayerCompiler(Geometry g, Dram dram, BankPolicy policy, boolean hasNext, int inputStationary,
                  int outputStationary, int inputRequire, boolean prepared, long prevStepCycles) {
        this(g, dram, policy, true, hasNext, inputStationary, outputStationary, inputRequire, prepared, prevStepCycles);
    }

    /** @param reverseAllowed outputs may be written in reverse column order (NpuConfig.reverseWrite) */
    LayerCompiler(Geometry g, Dram dram, BankPolicy policy, boolean reverseAllowed, boolean hasNext, int inputStationary,
                  int outputStationary, int inputRequire, boolean prepared, long prevStepCycles) {
        this.reverseAllowed = reverseAllowed;
        this.g = g;
        this.dram = dram;
        this.policy = policy;
        this.inTensor = g.in.id();
        this.outTensor = g.out.id();
        this.hasNext = hasNext;
        this.inputStationary = inputStationary;
        this.outputStationary = outputStationary;
        this.inputRequire = inputRequire;
        this.require = g.outChunks;
        this.prepared = prepared;
        this.prevStepCycles = prevStepCycles;
        this.predicts = policy == BankPolicy.MIN_BLOCKING;
    }

    /**
     * Plans the layer on {@code fmem}, which is left in the state after the layer.
     *
     * @throws PlanningFailed when the banks cannot hold a plan (the layer must run tiled)
     */
    LayerProgram compile(Fmem fmem) {
        st = new State();
        st.fmem = fmem.copy();
        preprocess();
        if (policy == BankPolicy.MIN_BLOCKING && !g.kind.elementWise()) chooseBanks(true);
        else if (policy == BankPolicy.MIN_DRAM && !g.kind.elementWise()) chooseBanks(false);
        runSteps();
        // Postprocess: release the consumed input, list a reversed output in stored order.
        if (inputStationary <= 0 || policy == BankPolicy.DOUBLE_BUFFER) st.fmem.discardTensor(inTensor, false);
        if (st.reverse) st.fmem.reverseMapping(outTensor);
        if (policy == BankPolicy.DOUBLE_BUFFER) st.fmem.swapHalves();
        fmem.copyFrom(st.fmem);
        List<Fmem.Mapping> outputs = new ArrayList<>(st.fmem.of(outTensor));
        return new LayerProgram(st.in, st.numInitial, behaviors(), outputs, st.reverse, st.lastStepCycles);
    }

    private void preprocess() {
        int unreserved = st.fmem.numUnreserved();
        if (policy == BankPolicy.DOUBLE_BUFFER || outputStationary >= 0) st.reverse = false;
        else st.reverse = reverseAllowed && require >= unreserved;
        List<Fmem.Mapping> mapped = st.fmem.of(inTensor);
        List<Integer> banks = new ArrayList<>();
        for (Fmem.Mapping m : mapped) {
            st.in.add(new InFrag(m.bank(), m.head(), m.tail()));
            banks.add(m.bank());
        }
        st.numInitial = st.in.size();
        st.maxTail = lastTail();
        if (policy != BankPolicy.DOUBLE_BUFFER) st.fmem.reserveInput(banks, inputStationary);
        if (!hasNext || outputStationary >= 0 || g.outVirtual) {
            st.fixed = true;
            // Outputs already placed in FMEM (a concatenation another branch started) are kept.
            st.out.addAll(st.fmem.of(outTensor));
        }
        st.remainBanks = policy == BankPolicy.DOUBLE_BUFFER ? 0 : 1;
        st.clock = predicts ? new Predictor(g, dram, prepared, prevStepCycles) : null;
    }

    /** Tries every number of banks kept for the input and keeps the best (least blocking or least DRAM traffic). */
    private void chooseBanks(boolean blocking) {
        // With the whole input on chip and an output of one bank that fits beside it, every count plans alike.
        if (st.numInitial > 0 && lastTail() == g.inUnits && require <= 1 && inputRequire + require <= st.fmem.banks) {
            flip(require, 1);
            return;
        }
        int minBanks = 1;
        long best = Long.MAX_VALUE;
        int numOutput = require;
        State backup = st.copy();
        int limit = st.fmem.banks - st.out.size();
        for (int n = 1; n < limit; n++) {
            flip(Math.min(require, st.fmem.numUnreserved() - n), n);
            long score;
            try {
                runSteps();
                score = blocking ? st.clock.blocking : dramTraffic();
            } catch (PlanningFailed e) {
                score = Long.MAX_VALUE;   // this split cannot be planned; another may
            }
            if (score < best) {
                best = score;
                minBanks = n;
                numOutput = st.out.size();
            }
            st = backup.copy();
            if (blocking && best == 0) break;
        }
        flip(numOutput, minBanks);
    }

    private long dramTraffic() {
        long processes = 0;
        for (int[] a : st.actions) if (a[0] == PROCESS) processes++;
        long weights = g.weightBytes * (g.loadOnce ? 1 : Math.max(1, processes));
        int kept = g.outPlanes * st.out.size();
        long spilled = (long) Math.max(g.outUnits - kept, 0) * g.outUnitBytes * 2;
        return weights + spilled;
    }

    private void flip(int numOutput, int minBankNum) {
        int available = st.fmem.numUnreserved();
        if (numOutput < require && numOutput < available - minBankNum) minBankNum = available - numOutput;
        st.remainBanks = minBankNum;
        if (outputStationary < 0) st.reverse = reverseAllowed && require > available - minBankNum;
    }

    private void runSteps() {
        int guard = 0;
        int maxSteps = 64 + 16 * (g.inChunks + g.outChunks + st.fmem.banks) * st.fmem.banks;
        while (true) {
            long before = progressKey();
            boolean end = step();
            if (end) return;
            if (progressKey() == before) {
                // No bank could be given to input or output: let the rest of the output spill to DRAM, and if even
                // the input has no bank, spill a tensor kept for a later reader (it is read back from DRAM).
                if (!st.fixed) {
                    st.fixed = true;
                } else {
                    int other = st.fmem.otherTensor(inTensor, outTensor);
                    if (other < 0) throw new PlanningFailed("layer " + g.layer.name() + ": no FMEM bank is left for its input");
                    st.fmem.discardTensor(other, false);
                }
            }
            if (++guard > maxSteps) {
                throw new PlanningFailed("layer " + g.layer.name() + ": FMEM planning does not end (input " + g.inUnits
                        + " columns of " + g.inUnitBytes + " bytes, " + g.inPlanes + " per bank, " + st.fmem.banks + " banks)");
            }
        }
    }

    private long progressKey() {
        return ((long) st.in.size() << 48) ^ ((long) st.processed << 32) ^ ((long) st.remainBanks << 16)
                ^ ((long) st.out.size() << 8) ^ (st.fixed ? 1 : 0);
    }

    private boolean step() {
        if (loadEnd() || !load(unloaded())) {
            if (processable()) operate();
        }
        return loadEnd() && st.remain() == 0;
    }

    private int lastTail() { return st.in.isEmpty() ? 0 : st.in.get(st.in.size() - 1).tail; }

    private boolean loadEnd() { return lastTail() == g.inUnits; }

    private int numOutBanks() {
        int unreserved = st.fmem.numUnreserved();
        return Math.max(unreserved - (inputRequire + require > st.fmem.banks ? st.remainBanks : 0), 0);
    }

    /** Missing input fragments that would fit the free banks; after a gap the kernel window's overlap is reloaded. */
    private List<int[]> unloaded() {
        boolean overlap = st.remain() == 0 && st.processed > 0;
        int num = st.fmem.numAvailable();
        int head = lastTail();
        if (overlap && g.isConvPool() && g.k > 1) {
            head = Math.max(head - (g.k - 1), 0);
            head = Math.floorDiv(head - g.padL + g.s - 1, g.s) * g.s + g.padL;
        }
        List<int[]> frags = new ArrayList<>();
        for (int i = 0; i < num && head < g.inUnits; i++) {
            int tail = Math.min(head + g.inPlanes, g.inUnits);
            frags.add(new int[]{head, tail});
            head = tail;
        }
        return frags;
    }

    /** Output unit (stored order) that processing an input fragment ending at {@code tail} reaches. */
    private int outputX(int tail, boolean nextAvailable) {
        int inputX = tail - 1;
        if (inputX >= g.inUnits - 1) return st.reverse ? 0 : g.outUnits - 1;
        int mainX;
        if (g.kind == LayerKind.GEMM) {
            mainX = inputX / g.outHeight;
        } else if (g.isConvPool()) {
            mainX = inputX + g.padL;
            if (!nextAvailable) mainX -= g.k - 1;
            mainX = Math.floorDiv(mainX, g.s);
        } else {
            mainX = inputX;
        }
        int x = Math.min(mainX, g.outUnits - 1);
        return st.reverse ? g.outUnits - x - 1 : x;
    }

    /** The first {@code numBanks} output fragments in stored order, listed in production order. */
    private List<int[]> outputFragments(int numBanks) {
        List<int[]> frags = new ArrayList<>();
        if (g.outVirtual) return frags;
        int head = 0;
        for (int i = 0; i < numBanks && head < g.outUnits; i++) {
            int tail = Math.min(head + g.outPlanes, g.outUnits);
            frags.add(new int[]{head, tail});
            head = tail;
        }
        if (st.reverse) java.util.Collections.reverse(frags);
        return frags;
    }

    private void mapOutputs(List<int[]> frags) {
        for (int i = st.out.size(); i < frags.size(); i++) {
            int[] f = frags.get(i);
            int bank = st.fmem.saveOutput(outTensor, f[0], f[1]);
            if (bank < 0) break;
            st.out.add(new Fmem.Mapping(outTensor, bank, f[0], f[1]));
        }
    }

    /** Drops loads that would take banks the output will need before those fragments are processed. */
    private List<int[]> limitLoad(int numAvailable, int maxOutputBanks, List<int[]> frags) {
        List<int[]> outFrags = new ArrayList<>(outputFragments(maxOutputBanks));
        List<int[]> all = new ArrayList<>();
        for (int i = st.remainFrom; i < st.in.size(); i++) all.add(new int[]{st.in.get(i).head, st.in.get(i).tail});
        all.addAll(frags);
        int maxRequired = 0, reduce = 0;
        for (int i = 0; i < all.size(); i++) {
            int[] f = all.get(i);
            int[] lastF = all.get(all.size() - 1);
            boolean notLast = !(f[0] == lastF[0] && f[1] == lastF[1]);
            int x = outputX(f[1], notLast);
            int required = 0;
            for (int[] o : outFrags) {
                if ((!st.reverse && x >= o[0]) || (st.reverse && x < o[1])) required++;
                else break;
            }
            if (required != 0) {
                maxRequired = Math.max(maxRequired, required - reduce);
                outFrags.subList(0, required).clear();
            } else {
                reduce++;
            }
        }
        maxRequired -= st.out.size();
        maxRequired -= numAvailable - frags.size();
        if (maxRequired > numAvailable) return List.of();
        if (maxRequired > 0) return frags.subList(0, Math.max(0, frags.size() - maxRequired));
        return frags;
    }

    /** How many of the loaded fragments can be processed before their output overruns the mapped output banks. */
    private int limitProcessing(List<int[]> outFrags) {
        int lenOut = Math.min(st.out.size(), outFrags.size() - 1);
        int criteria = st.reverse ? outFrags.get(lenOut)[1] : outFrags.get(lenOut)[0];
        int n = 0;
        int remain = st.remain();
        for (int i = st.remainFrom; i < st.in.size(); i++) {
            int x = outputX(st.in.get(i).tail, n + 1 < remain);
            if ((st.reverse && x < criteria) || (!st.reverse && x >= criteria)) break;
            n++;
        }
        return n;
    }

    private boolean load(List<int[]> frags) {
        if (policy != BankPolicy.DOUBLE_BUFFER && !st.fixed) {
            int numAvailable = st.fmem.numAvailable();
            int numOutputBank = st.fmem.numUnreserved() - st.remainBanks;
            frags = limitLoad(numAvailable, numOutputBank, frags);
        }
        if (frags.isEmpty()) return false;
        int first = st.in.size();
        for (int[] f : frags) {
            int bank = st.fmem.save(inTensor, f[0], f[1]);
            if (bank < 0) break;
            for (InFrag old : st.in) if (old.bank == bank) old.reloaded = true;
            st.in.add(new InFrag(bank, f[0], f[1]));
            if (policy != BankPolicy.DOUBLE_BUFFER) {
                List<Integer> banks = new ArrayList<>();
                for (Fmem.Mapping m : st.fmem.of(inTensor)) banks.add(m.bank());
                st.fmem.reserveInput(banks, inputStationary);
            }
        }
        int added = st.in.size() - first;
        if (added == 0) return false;
        // Reloading a kernel window's overlap into too few banks can repeat the same columns forever.
        if (lastTail() > st.maxTail) {
            st.maxTail = lastTail();
            st.stuckLoads = 0;
        } else if (++st.stuckLoads > st.fmem.banks + 2) {
            throw new PlanningFailed("layer " + g.layer.name() + ": the free banks cannot hold its " + g.k
                    + "-column kernel window (" + g.inPlanes + " input columns per bank)");
        }
        st.actions.add(new int[]{LOAD, st.in.size()});
        if (st.clock != null) st.clock.load(st.in, first, added);
        return true;
    }

    private boolean processable() {
        if (st.remain() == 0) return false;
        if (!g.isConvPool() && g.kind != LayerKind.GEMM) return true;
        InFrag first = st.in.get(st.remainFrom), last = st.in.get(st.in.size() - 1);
        int pad = first.head == 0 ? g.padL : 0;
        int width = last.tail - first.head + pad;
        if (last.tail != g.inUnits && width < g.k) {
            st.remainBanks++;
            return false;
        }
        return true;
    }

    private void operate() {
        switch (policy) {
            case MIN_BLOCKING -> operateHidingLatency();
            case MIN_DRAM -> operateMinDram();
            case DOUBLE_BUFFER -> operateDoubleBuffer();
        }
    }

    private void operateHidingLatency() {
        int remain = st.remain();
        int restricted = placeOutputs(remain);
        boolean loadEnd = loadEnd();
        boolean lastFlag = loadEnd && remain == restricted;
        int[] candidates = new int[restricted];
        for (int i = 0; i < restricted; i++) candidates[i] = st.remainFrom + i;
        int n = st.clock.limit(st.in, candidates, Math.max(remain - (loadEnd ? 0 : 1), 1), lastFlag);
        n = Math.min(n, remain);
        if (n == 0) return;
        int[] step = new int[n];
        for (int i = 0; i < n; i++) step[i] = st.remainFrom + i;
        st.clock.process(st.in, new int[][]{step});
        processFragments(n);
    }

    private void operateMinDram() {
        int n = placeOutputs(st.remain());
        if (n == 0) return;
        processFragments(n);
    }

    /**
     * Until the output's placement is fixed, maps the output fragments that fit the free banks: when all fit the
     * placement is fixed; otherwise processing is limited to the input fragments whose outputs have a bank (none:
     * {@link #fixException}). Returns how many of the {@code remain} input fragments may be processed.
     */
    private int placeOutputs(int remain) {
        if (st.fixed) return remain;
        List<int[]> outFrags = outputFragments(numOutBanks());
        mapOutputs(outFrags);
        if (st.out.size() >= outFrags.size()) {
            st.fixed = true;
            return remain;
        }
        int n = limitProcessing(outFrags);
        if (n == 0) fixException();
        return n;
    }

    private void operateDoubleBuffer() {
        int n = Math.min(1, st.remain());
        if (!st.fixed) mapOutputs(outputFragments(st.fmem.banks / 2));
        if (n == 0) return;
        processFragments(n);
    }

    /** The output cannot be placed as planned: give up reverse writing one bank at a time, or fix the output. */
    private void fixException() {
        if (st.reverse) {
            st.fmem.discardTensor(outTensor, true);
            st.out.clear();
            st.remainBanks++;
            int maxOutput = st.fmem.numUnreserved() - st.fmem.numAvailable();
            if (st.remainBanks >= maxOutput) {
                st.fixed = true;
                mapOutputs(outputFragments(st.fmem.numUnreserved() - maxOutput));
            }
        } else {
            st.fixed = true;
        }
    }

    private void processFragments(int n) {
        st.actions.add(new int[]{PROCESS, st.processed + n});
        for (int i = 0; i < n; i++) st.fmem.discard(st.in.get(st.remainFrom + i).bank);
        st.remainFrom += n;
        st.processed += n;
    }

    /** Turns the planned loads and steps into behaviours; loads into reused banks wait for the freeing step. */
    private List<LayerProgram.Behavior> behaviors() {
        List<LayerProgram.Behavior> out = new ArrayList<>();
        int loaded = st.numInitial, processed = 0;
        long lastStep = 0;
        for (int[] a : st.actions) {
            int idx = a[1];
            if (a[0] == LOAD) {
                for (int i = loaded; i < idx; i++) out.add(LayerProgram.Behavior.load(i, -1));
                loaded = Math.max(loaded, idx);
            } else {
                int[] range = minMaxX(processed, idx, idx < loaded);
                out.add(LayerProgram.Behavior.process(processed, idx, range[0], range[1]));
                lastStep = stepCycles(range[0], range[1]);
                for (int i = processed; i < idx; i++) {
                    if (st.in.get(i).reloaded && i + 1 < st.in.size() && loaded < st.in.size()) {
                        out.add(LayerProgram.Behavior.load(loaded, condX(st.in.get(i + 1).head)));
                        loaded++;
                    }
                }
                processed = idx;
            }
        }
        st.lastStepCycles = lastStep;
        return out;
    }

    /** The x range (input space for conv/depthwise window starts, units otherwise) of a process step. */
    private int[] minMaxX(int headIdx, int tailIdx, boolean nextOnChip) {
        InFrag head = st.in.get(headIdx), tail = st.in.get(tailIdx - 1);
        int minX = Math.max(0, head.head);
        int maxX = Math.max(0, tail.tail - 1);
        if (g.isConvPool()) {
            int limit = g.inUnits - g.k + g.padR;
            if (headIdx == 0) minX -= g.padL;
            if (tailIdx == st.in.size()) maxX += g.padR;
            if (!nextOnChip) maxX -= g.k - 1;
            int rem = Math.floorMod(minX + g.padL, g.s);
            if (rem > 0) minX += rem;
            maxX = Math.min(maxX, limit);
        }
        return new int[]{minX, maxX};
    }

    private long stepCycles(int minX, int maxX) {
        int[] u = units(g, minX, maxX);
        return g.cost(u[0], u[1]) * g.passes;
    }

    /** Output units [first, last] a process step over x range [minX, maxX] computes. */
    static int[] units(Geometry g, int minX, int maxX) {
        if (g.isConvPool()) {
            if (maxX < minX) return new int[]{0, -1};
            int first = Math.floorDiv(minX + g.padL, g.s);
            int last = Math.floorDiv(maxX + g.padL, g.s);
            return new int[]{Math.max(first, 0), Math.min(last, g.outUnits - 1)};
        }
        return new int[]{minX, maxX};
    }

    /** The output unit at which a conditional load fires (loads wait until the freed fragment is done). */
    private int condX(int x) {
        if (g.kind == LayerKind.GEMM) return Geometry.ceilDiv(x, g.outHeight);
        if (g.isConvPool()) return Math.floorDiv(x + g.padL + g.s - 1, g.s);
        return x;
    }
}
