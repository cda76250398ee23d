package org.s3nas.workbench.npu;

import java.util.ArrayList;
import java.util.List;
import org.s3nas.workbench.model.BankPolicy;
import org.s3nas.workbench.model.NpuConfig;

/**
 * The event-level MIDAP model (docs/midap.md §2, §4). Layers run one after another; each executes the behaviours its
 * {@link LayerCompiler} planned: loads of input fragments on the DRAM FIFO, and process steps that sweep the output
 * units once per filter group (conv, GEMM, FC) or channel set (depthwise), reading fragments and weight buffers that
 * may not be valid yet (a stall, accounted per cause). Weight loads take priority over the FIFO; every layer prefetches
 * the next layer's first weight group and bias.
 *
 * <p>Time advances in bulk between events (fragment first reads, conditional loads, pass starts), so a network costs
 * a few thousand steps whatever its MAC count.
 */
final class Engine {

    private final NpuConfig npu;
    private final Dram dram;
    private final boolean record;

    // network plan
    private Network net;
    private Geometry[] geo;
    private boolean[] prepared;
    /** Layers whose columns cannot fit a bank at all: they run tiled in row stripes from the start. */
    private boolean[] mustTile;
    /** Padded output channels of each output-channel group of a layer split for its bias or reduction; null: whole. */
    private int[][] channelGroups;
    private int[] target;
    private boolean[] hasNext;
    private boolean blockMode;
    private int[] inputStationary;
    private int[] outputStationary;

    // machine state
    private long now;
    private MemorySystem mem;

    // current layer
    private int li;
    private Layer layer;
    private Geometry g;
    private LayerProgram prog;
    /**
     * The pieces of a layer running from DRAM: one list of stripes per output-channel group (a single group when the
     * layer only runs tiled); null when it runs from the banks. The running stripe and group.
     */
    private List<List<Tiling.Stripe>> pieces;
    private Tiling.Stripe stripe;
    private int group;
    /** The next output-channel group's geometry while a group runs (its first weights are prefetched); else null. */
    private Geometry nextGroup;
    private long featureStall, weightStall, biasStall, bytesRead, bytesWritten;
    private int filterIdx;
    private boolean allOnWmem;
    private boolean biasChecked;
    private long computeStart;

    // process generator
    private static final int DEFAULT = 0, ACTIVE = 1, EXHAUSTED = 2;
    private int genState;
    private LayerProgram.Behavior genStep;
    private boolean genLast;
    private int genFirst, genLastUnit, genPass, genUnit;
    private long genPartial;
    private boolean genPassOpen, genWeightCheck;
    private int[] cpUnits, cpFrags;
    private int cpNext;

    private final List<TimelineEvent> events = new ArrayList<>();
    private final List<LayerResult> results = new ArrayList<>();

    Engine(NpuConfig npu, boolean record) {
        this.npu = npu;
        this.dram = new Dram(npu);
        this.record = record;
    }

    /**
     * Runs a network. In block mode the input tensor starts in FMEM (as a previous layer would leave it) and the first
     * layer's weights and bias are already loaded; its output stays in FMEM.
     */
    SimulationResult run(Network network, boolean blockMode) {
        plan(network, blockMode);
        Fmem fmem = new Fmem(npu.fmemBanks(), npu.bankPolicy() == BankPolicy.DOUBLE_BUFFER);
        mem = new MemorySystem(dram, npu.fmemBanks());
        if (blockMode) {
            placeInput(fmem);
            mem.preloaded();
        }
        long prevStep = 0;
        for (li = 0; li < net.layers().size(); li++) {
            layer = net.layers().get(li);
            g = geo[li];
            int stationary = inputStationary[li];
            if (stationary == Integer.MAX_VALUE) stationary = stationaryBanks(fmem);
            int os = outputStationary[li];
            if (os == Integer.MAX_VALUE) os = prepareConcat(fmem);
            long evicted = 0;
            pieces = null;
            if (channelGroups[li] != null) {
                pieces = groupPieces(channelGroups[li]);
                evicted = evictFmem(fmem);
            } else if (mustTile[li]) {
                pieces = List.of(Tiling.plan(net, layer, npu));
                evicted = evictFmem(fmem);
            } else {
                LayerCompiler c = new LayerCompiler(g, dram, npu.bankPolicy(), npu.reverseWrite(), hasNext[li], stationary,
                        os, g.inChunks, prepared[li], prevStep);
                try {
                    prog = c.compile(fmem);
                } catch (LayerCompiler.PlanningFailed e) {
                    pieces = List.of(Tiling.plan(net, layer, npu));
                    evicted = evictFmem(fmem);
                }
            }
            execute(evicted);
            prevStep = prog.lastStepCycles;
            if (layer.fusedPool()) {
                List<Fmem.Mapping> kept = fmem.of(layer.output());
                if (!g.outVirtual && !kept.isEmpty()) {
                    // An SE input stays in FMEM for the Mul: its banks are reserved (all but one bank at most)
                    // while the squeeze FCs run on the rest; what does not fit is read back from DRAM.
                    int keep = Math.min(kept.size(), npu.fmemBanks() - 1);
                    List<Integer> banks = new ArrayList<>();
                    for (Fmem.Mapping m : kept) banks.add(m.bank());
                    for (int k = keep; k < kept.size(); k++) fmem.discard(kept.get(k).bank());
                    fmem.reserveInput(banks, keep);
                }
                // The pooled vector takes a bank if one is free.
                fmem.save(layer.pooled(), 0, 1);
            }
        }
        long stalls = 0, macs = 0, read = 0, written = 0;
        for (LayerResult r : results) {
            stalls += r.stallCycles();
            macs += r.macs();
            read += r.dramBytesRead();
            written += r.dramBytesWritten();
        }
        double util = now <= 0 ? 0 : (double) macs / ((double) now * npu.macsPerCycle());
        Timeline tl = record ? new Timeline(events, now) : Timeline.empty();
        return new SimulationResult(net.name(), now, npu.cyclesToMs(now), stalls, macs, read, written, util, results, tl);
    }

    private void plan(Network network, boolean blockMode) {
        this.net = network;
        this.blockMode = blockMode;
        int n = network.layers().size();
        int tensors = network.tensors().size();
        boolean[] produced = new boolean[tensors];
        int[] lastInputReader = new int[tensors];
        int[] readers = new int[tensors];
        java.util.Arrays.fill(lastInputReader, -1);
        for (Layer l : network.layers()) {
            produced[l.output()] = true;
            lastInputReader[l.input()] = l.index();
            readers[l.input()]++;
        }
        geo = new Geometry[n];
        prepared = new boolean[n];
        mustTile = new boolean[n];
        channelGroups = new int[n][];
        target = new int[n];
        hasNext = new boolean[n];
        inputStationary = new int[n];
        outputStationary = new int[n];
        for (int i = 0; i < n; i++) {
            Layer l = network.layers().get(i);
            try {
                geo[i] = new Geometry(network, l, npu, !produced[l.input()] && !blockMode);
            } catch (IllegalArgumentException columnLargerThanBank) {
                // weights, bias and kind are a stripe's as much as the layer's
                geo[i] = Tiling.plan(network, l, npu).get(0).geometry();
                mustTile[i] = true;
            }
            if (l.kind() == LayerKind.SUM && geo[i].groupBytes > npu.ewmemBytes()) {
                // a residual operand's column does not fit the extended weight buffer: row stripes make it shorter
                geo[i] = Tiling.plan(network, l, npu).get(0).geometry();
                mustTile[i] = true;
            }
            // A layer's first weights are prefetched by the previous layer, unless they are its output (SE Mul).
            prepared[i] = i == 0 ? blockMode : !(l.operand() >= 0 && l.operand() == network.layers().get(i - 1).output());
            // Outputs only read through the weight path (an SE squeeze vector) go to DRAM, not to FMEM banks.
            hasNext[i] = lastInputReader[l.output()] > i || (blockMode && i == n - 1);
            inputStationary[i] = -1;
            // A tensor several layers read stays in its banks until its last reader (MixConv expands).
            if (readers[l.input()] > 1) inputStationary[i] = lastInputReader[l.input()] == i ? 0 : Integer.MAX_VALUE;
            outputStationary[i] = geo[i].outVirtual ? 0 : -1;
        }
        for (int i = 0; i < n; i++) {
            Layer l = network.layers().get(i);
            channelGroups[i] = checkCapacity(l, geo[i]);
            // the previous layer prefetches the first group's weights and bias
            if (channelGroups[i] != null) geo[i] = Tiling.planGroup(network, l, npu, 0, channelGroups[i][0]).get(0).geometry();
        }
        for (int i = 0; i < n; i++) target[i] = i + 1 < n && prepared[i + 1] ? i + 1 : -1;
        // Depthwise branches writing one concatenation share the output banks fixed by the first branch.
        for (int i = 0; i < n; i++) {
            Layer l = network.layers().get(i);
            if (l.kind() != LayerKind.DEPTHWISE) continue;
            boolean shared = false;
            for (Layer o : network.layers()) {
                if (o != l && o.kind() == LayerKind.DEPTHWISE && o.output() == l.output()) shared = true;
            }
            if (shared) outputStationary[i] = Integer.MAX_VALUE;
        }
    }

    /**
     * The memories a layer cannot outgrow (docs/midap.md §5). Depthwise weights beyond the extended
     * weight buffer are split into channel sets by {@link Geometry}, and a residual operand whose column outgrows it runs
     * in row stripes ({@link Tiling}). More output channels than the bias memory holds, or a fused pool over more
     * channels than the reduction buffer holds, split the layer into output-channel groups that fit both, as MIDAP's
     * compiler does: the returned padded channel counts, full groups first (null when the layer fits whole). What cannot
     * be split is reported with the limit and the layer: a filter larger than a CIM's weight memory, an SE vector larger
     * than the extended weight buffer, limits smaller than one pass's channels, and an element-wise layer or the GEMM
     * stem over the limits.
     */
    private int[] checkCapacity(Layer l, Geometry lg) {
        String where = "layer " + l.name() + " (" + l.role() + ")";
        if (lg.weightType == 0 && l.kind() != LayerKind.DEPTHWISE) {
            long filter = lg.groupBytes / npu.cims();
            if (filter > npu.wmemBankBytes()) {
                throw new IllegalStateException(where + ": one " + l.kernel() + "x" + l.kernel() + "x" + l.inPadded()
                        + " filter is " + filter + " bytes, more than a CIM's weight memory (wmemBankBytes = "
                        + npu.wmemBankBytes() + " bytes); a filter cannot be split across CIMs");
            }
        }
        if (lg.weightType == 2 && lg.groupBytes > npu.ewmemBytes()) {
            throw new IllegalStateException(where + ": its operand (" + lg.groupBytes + " bytes per column, or per vector) "
                    + "does not fit the extended weight buffer (ewmemBytes = " + npu.ewmemBytes() + " bytes)");
        }
        int pooled = l.fusedPool() ? net.tensor(l.pooled()).paddedChannels() : 0;
        boolean bias = lg.biasEntries > npu.biasEntries();
        boolean reduction = pooled > npu.reductionEntries();
        if (!bias && !reduction) return null;
        String limits = (bias ? "biasEntries = " + npu.biasEntries() : "")
                + (bias && reduction ? ", " : "") + (reduction ? "reductionEntries = " + npu.reductionEntries() : "");
        String what = bias ? lg.biasEntries + " output channels need as many bias entries"
                : "its global pool accumulates " + pooled + " channels";
        if (l.kind().elementWise() || l.kind() == LayerKind.GEMM) {
            throw new IllegalStateException(where + ": " + what + ", more than the " + (bias ? "bias memory" : "reduction buffer")
                    + " holds (" + limits + "), and a" + (l.kind() == LayerKind.GEMM ? " GEMM stem" : "n element-wise layer")
                    + " is not split into output-channel groups");
        }
        // a pass produces this many output channels: a group is a multiple of it
        int pass = lg.concurrency;
        int cap = Math.min(bias ? npu.biasEntries() : Integer.MAX_VALUE, reduction ? npu.reductionEntries() : Integer.MAX_VALUE);
        int per = cap / pass * pass;
        if (per == 0) {
            throw new IllegalStateException(where + ": " + what + ", and the " + (bias ? "bias memory" : "reduction buffer")
                    + " (" + limits + ") holds fewer than the " + pass + " channels one pass produces, so not even an "
                    + "output-channel group fits");
        }
        int total = l.kind() == LayerKind.DEPTHWISE ? l.inPadded() : l.outPadded();
        int[] groups = new int[Geometry.ceilDiv(total, per)];
        for (int j = 0; j < groups.length; j++) groups[j] = Math.min(per, total - j * per);
        return groups;
    }

    /** Input of a block simulated alone: its first fragments sit in FMEM as the previous layer would leave them. */
    private void placeInput(Fmem fmem) {
        Layer first = net.layers().get(0);
        Geometry g0 = geo[0];
        for (int head = 0, i = 0; head < g0.inUnits && i < npu.fmemBanks(); i++) {
            int tail = Math.min(head + g0.inPlanes, g0.inUnits);
            fmem.saveOutput(first.input(), head, tail);
            head = tail;
        }
    }

    /**
     * Banks kept for a concatenation (MixConv): fixed before its first branch to what the expanded input leaves free.
     */
    private int prepareConcat(Fmem fmem) {
        List<Fmem.Mapping> existing = fmem.of(layer.output());
        boolean first = true;
        for (int i = 0; i < li; i++) if (net.layers().get(i).output() == layer.output()) first = false;
        if (!first) return existing.size();
        // what is free now, less one bank to stream the branch input through
        int os = Math.min(g.outChunks, Math.max(0, fmem.numAvailable() - 1));
        for (int head = 0, i = 0; i < os && head < g.outUnits; i++) {
            int tail = Math.min(head + g.outPlanes, g.outUnits);
            int bank = fmem.saveOutput(layer.output(), head, tail);
            if (bank < 0) return i;
            fmem.reserve(bank);
            head = tail;
        }
        return os;
    }

    /**
     * How many banks of a tensor that later layers read again stay on chip for them (MIDAP's compiler): from the most
     * that leave a bank for this layer's output down to one, the count with the least estimated DRAM traffic - the
     * dropped fragments, which a later reader loads again, plus this layer's output that no longer fits beside the kept
     * ones, written and read back. Ties keep more.
     */
    private int stationaryBanks(Fmem fmem) {
        List<Fmem.Mapping> onChip = fmem.of(layer.input());
        int most = Math.min(onChip.size(), npu.fmemBanks() - 1);
        if (most <= 1 || g.outVirtual) return most;
        int others = 0;
        for (Tensor t : net.tensors()) if (t.id() != layer.input()) others += fmem.of(t.id()).size();
        int best = most;
        long bestTraffic = Long.MAX_VALUE;
        for (int keep = most; keep >= 1; keep--) {
            long dropped = 0;
            for (int f = keep; f < onChip.size(); f++) dropped += (long) (onChip.get(f).tail() - onChip.get(f).head()) * g.inUnitBytes;
            int outBanks = Math.max(0, npu.fmemBanks() - keep - others);
            long kept = Math.min(g.outUnits, (long) outBanks * g.outPlanes);
            long traffic = dropped + 2 * (g.outUnits - kept) * g.outUnitBytes;
            if (traffic < bestTraffic) {
                bestTraffic = traffic;
                best = keep;
            }
        }
        return best;
    }

    /**
     * Before the current layer runs in pieces from DRAM (tiled, or in output-channel groups): every tensor leaves FMEM;
     * returns the bytes written back for those not already in DRAM (for a concatenation, the channels earlier branches
     * produced).
     */
    private long evictFmem(Fmem fmem) {
        long bytes = 0;
        for (Tensor t : net.tensors()) {
            List<Fmem.Mapping> ms = fmem.of(t.id());
            if (ms.isEmpty() || t.virtual()) continue;
            long perColumn;
            if (t.id() == layer.output()) {
                int earlier = 0;
                for (int i = 0; i < li; i++) {
                    if (net.layers().get(i).output() == t.id()) earlier += net.layers().get(i).outPadded();
                }
                perColumn = (long) t.height() * earlier * npu.bytesPerValue();
            } else {
                perColumn = t.toDram() ? 0 : t.columnBytes(npu.bytesPerValue());
            }
            for (Fmem.Mapping m : ms) bytes += (long) (m.tail() - m.head()) * perColumn;
        }
        fmem.copyFrom(new Fmem(npu.fmemBanks(), npu.bankPolicy() == BankPolicy.DOUBLE_BUFFER));
        return bytes;
    }

    /** Each output-channel group of the current layer as a layer of its own, run tiled from DRAM. */
    private List<List<Tiling.Stripe>> groupPieces(int[] groups) {
        List<List<Tiling.Stripe>> out = new ArrayList<>();
        for (int j = 0, first = 0; j < groups.length; first += groups[j], j++) {
            out.add(Tiling.planGroup(net, layer, npu, first, groups[j]));
        }
        return out;
    }

    /** " group 2/3 (channels 4096-8191)" while a layer split into output-channel groups runs; "" otherwise. */
    private String groupLabel() {
        int[] groups = channelGroups[li];
        if (groups == null) return "";
        int first = 0;
        for (int j = 0; j < group; j++) first += groups[j];
        return " group " + (group + 1) + "/" + groups.length + " (channels " + first + "-" + (first + groups[group] - 1) + ")";
    }

    // ------------------------------------------------------------------------------------------------ one layer

    private void execute(long evictedBytes) {
        long start = now;
        featureStall = weightStall = biasStall = bytesRead = bytesWritten = 0;
        computeStart = now;
        stripe = null;
        group = 0;
        nextGroup = null;
        if (pieces != null) {
            g = pieces.get(0).get(0).geometry();
            prog = pieces.get(0).get(0).program();
        }
        setup();
        if (evictedBytes > 0) writeDram(evictedBytes, layer.name() + " evicts FMEM to DRAM (tiled)");
        genState = DEFAULT;
        long macs = 0;
        if (pieces == null) {
            runBehaviors(true);
            macs = g.macs;
        } else {
            for (group = 0; group < pieces.size(); group++) {
                List<Tiling.Stripe> stripes = pieces.get(group);
                nextGroup = group + 1 < pieces.size() ? pieces.get(group + 1).get(0).geometry() : null;
                if (group > 0) {
                    g = stripes.get(0).geometry();
                    startGroup();
                }
                for (int j = 0; j < stripes.size(); j++) {
                    stripe = stripes.get(j);
                    g = stripe.geometry();
                    prog = stripe.program();
                    runBehaviors(j == stripes.size() - 1);
                    drain();
                    macs += g.macs;
                }
                if (nextGroup != null) endGroup();
            }
            group = pieces.size() - 1;
        }
        drain();
        flushWeights();
        closeCompute();
        endPipeline();
        long cycles = now - start;
        long stalls = featureStall + weightStall + biasStall;
        double util = cycles <= 0 ? 0 : (double) macs / ((double) cycles * npu.macsPerCycle());
        results.add(new LayerResult(li, layer.name(), layer.kind(), layer.stage(), layer.block(), layer.segment(),
                layer.role(), start, now, cycles - stalls, featureStall, weightStall, biasStall, macs, bytesRead,
                bytesWritten, util, pieces != null && channelGroups[li] == null,
                channelGroups[li] == null ? 1 : channelGroups[li].length));
    }

    /** The global pool's reduction, then the pipeline fill: the end of a layer, or of one of its output-channel groups. */
    private void endPipeline() {
        if (g.reductionCycles > 0) {
            if (record) event(Track.REDUCTION, now, now + g.reductionCycles, layer.name() + groupLabel() + " global pool", 0);
            now += g.reductionCycles;
        }
        computeStart = now;
        now += (long) npu.pipelineFillCycles() + 2;   // the end-of-layer marker leaves the write stage
        closeCompute();
    }

    /** An output-channel group other than the last is done: it ends as a layer does. */
    private void endGroup() {
        drain();
        flushWeights();
        closeCompute();
        endPipeline();
        genState = DEFAULT;
    }

    /**
     * The next output-channel group starts as a layer would: its weights were prefetched by the group before, its bias
     * becomes the one in use, and the following group's bias (or the next layer's) is loaded.
     */
    private void startGroup() {
        filterIdx = -1;
        allOnWmem = false;
        biasChecked = false;
        if (g.biasEntries > 0) mem.switchBias();
        loadNextBias();
    }

    /** The bias loaded while this layer (or group) runs: the next output-channel group's, else the next layer's. */
    private void loadNextBias() {
        int entries = nextGroupBias();
        if (entries > 0) {
            group++;
            loadBias(entries, li);
            group--;
            return;
        }
        int t = target[li];
        if (t >= 0 && geo[t].biasEntries > 0) loadBias(geo[t].biasEntries, t);
    }

    private int nextGroupBias() {
        if (pieces == null || group + 1 >= pieces.size()) return 0;
        return pieces.get(group + 1).get(0).geometry().biasEntries;
    }

    /** Executes the behaviours of {@code prog}; the last step of the layer prefetches the next layer's weights. */
    private void runBehaviors(boolean lastProgram) {
        List<LayerProgram.Behavior> bs = prog.behaviors;
        for (int i = 0; i < bs.size(); i++) {
            LayerProgram.Behavior b = bs.get(i);
            if (b.load()) {
                if (b.cond() < 0) drain();
                else runUntil(condUnit(b.cond()));
                loadFeature(b.fragment(), now);
            } else {
                drain();
                startStep(b, lastProgram && i == bs.size() - 1);
            }
        }
    }

    /** Weights and bias the layer needs that were not prefetched, and the next layer's bias. */
    private void setup() {
        filterIdx = -1;
        allOnWmem = false;
        biasChecked = false;
        if (!prepared[li]) {
            mem.resetWeights();
            long first = g.weightType == 1 ? g.weightBytes : g.groupBytes;
            loadWeight(first, record ? layer.name() + (g.kind.elementWise() ? " operand" : " weights") : null);
            if (g.biasEntries > 0) loadBias(g.biasEntries, li);
        }
        if (g.biasEntries > 0) mem.switchBias();
        loadNextBias();
    }

    // ------------------------------------------------------------------------------------------------ memory

    /**
     * A weight load. With a single-buffered WMEM the buffer is busy until the weights in use are done, so the load
     * is only issued then (end of the pass; end of the layer for depthwise; end of the column for Sum).
     */
    private void loadWeight(long bytes, String label) {
        if (!npu.wmemDoubleBuffered() && genState == ACTIVE) {
            pendingBytes.add(bytes);
            pendingLabels.add(label);
            return;
        }
        issueWeight(bytes, label);
    }

    private final List<Long> pendingBytes = new ArrayList<>();
    private final List<String> pendingLabels = new ArrayList<>();

    private void flushWeights() {
        for (int i = 0; i < pendingBytes.size(); i++) issueWeight(pendingBytes.get(i), pendingLabels.get(i));
        pendingBytes.clear();
        pendingLabels.clear();
    }

    private void issueWeight(long bytes, String label) {
        MemorySystem.Load l = mem.loadWeight(now, bytes);
        bytesRead += bytes;
        event(Track.WEIGHT_LOAD, l.start(), l.valid(), label, bytes);
    }

    private void loadFeature(int fragment, long at) {
        LayerCompiler.InFrag f = prog.input.get(fragment);
        long bytes = (long) (f.tail - f.head) * g.inUnitBytes;
        MemorySystem.Load l = mem.loadFeature(at, f.bank, bytes);
        bytesRead += bytes;
        if (record) {
            String what = stripe == null ? " input fragment " + fragment + " (units "
                    : " tile (rows " + stripe.firstRow() + "-" + (stripe.firstRow() + stripe.rows()) + ", columns ";
            event(Track.FEATURE_LOAD, l.start(), l.valid(), layer.name() + groupLabel() + what + f.head + "-" + f.tail + ", bank " + f.bank
                    + ")", bytes);
        }
    }

    private void loadBias(int entries, int owner) {
        long bytes = (long) entries * npu.bytesPerValue();
        MemorySystem.Load l = mem.loadBias(now, bytes);
        bytesRead += bytes;
        if (record) {
            event(Track.FEATURE_LOAD, l.start(), l.valid(), net.layers().get(owner).name() + (owner == li ? groupLabel() : "")
                    + " bias", bytes);
        }
    }

    /** The first read of a bank waits until its load is done. */
    private void readBank(int bank) {
        long gap = mem.readBank(now, bank);
        if (gap > 0) stall(gap, StallCause.FEATURE, record ? "bank " + bank : null);
    }

    private void readWeights() {
        long gap = mem.readWeights(now);
        if (gap > 0) stall(gap, StallCause.WEIGHT, g.kind.elementWise() ? "operand" : "weights");
    }

    /** The bias is read when the first output pixel leaves the adder (4 stages after its first read). */
    private void readBias() {
        biasChecked = true;
        if (g.biasEntries == 0) return;
        long gap = mem.readBias(now + g.firstPixelCycles + 4);
        if (gap > 0) stall(gap, StallCause.BIAS, "bias");
    }

    private void stall(long cycles, StallCause cause, String what) {
        closeCompute();
        switch (cause) {
            case FEATURE -> featureStall += cycles;
            case WEIGHT -> weightStall += cycles;
            case BIAS -> biasStall += cycles;
        }
        if (record) event(Track.STALL, now, now + cycles, layer.name() + " " + cause.name().toLowerCase() + " stall (" + what + ")", 0);
        now += cycles;
        computeStart = now;
    }

    private void closeCompute() {
        if (now > computeStart && record) {
            event(Track.COMPUTE, computeStart, now, channelGroups[li] == null ? layer.name() : layer.name() + groupLabel(), 0);
        }
        computeStart = now;
    }

    private void event(Track track, long start, long end, String label, long bytes) {
        if (!record) return;
        events.add(new TimelineEvent(track, start, end, li, layer.block(), layer.stage(), label, bytes));
    }

    // ------------------------------------------------------------------------------------------------ weights

    /** The weight logic at the start of a pass (a filter group, a channel set) or of an element-wise column. */
    private void setNext(boolean lastUse) {
        filterIdx = (filterIdx + 1) % g.filters;
        int t = target[li];
        switch (g.weightType) {
            case 0 -> {
                boolean switchBuffer = true;
                if (allOnWmem && filterIdx == 0) switchBuffer = g.filters % 2 == 0;
                if (switchBuffer) mem.switchWeights();
                boolean prepare = false;
                if (filterIdx + 1 >= g.filters) {
                    if (g.loadOnce) allOnWmem = true;
                    prepare = lastUse;
                }
                if (!prepare) {
                    if (!allOnWmem) loadWeight(g.groupBytes, record ? layer.name() + " weights group " + ((filterIdx + 1) % g.filters) : null);
                } else {
                    prefetch(t);
                }
            }
            case 1 -> {
                if (!allOnWmem) {
                    mem.switchWeights();
                    allOnWmem = true;
                    prefetch(t);   // depthwise weights are all in; the next layer's start loading at once
                }
            }
            default -> {
                if (g.kind == LayerKind.MUL) {
                    // the squeeze vector is loaded once (docs/midap.md §2)
                    if (!allOnWmem) {
                        mem.switchWeights();
                        allOnWmem = true;
                    }
                    if (lastUse) prefetch(t);
                } else {
                    mem.switchWeights();
                    if (filterIdx + 1 >= g.filters) {
                        if (lastUse) prefetch(t);
                        else loadWeight(g.groupBytes, record ? layer.name() + " operand column 0" : null);
                    } else {
                        loadWeight(g.groupBytes, record ? layer.name() + " operand column " + (filterIdx + 1) : null);
                    }
                }
            }
        }
    }

    private void prefetch(int t) {
        if (nextGroup != null) {
            // the layer's next output-channel group comes before the next layer
            long bytes = nextGroup.weightType == 1 ? nextGroup.weightBytes : nextGroup.groupBytes;
            group++;
            loadWeight(bytes, record ? "prefetch " + layer.name() + groupLabel() + " weights" : null);
            group--;
            return;
        }
        if (t < 0) return;
        Geometry tg = geo[t];
        long bytes = tg.weightType == 1 ? tg.weightBytes : tg.groupBytes;
        loadWeight(bytes, record ? "prefetch " + net.layers().get(t).name() + (tg.kind.elementWise() ? " operand" : " weights") : null);
    }

    // ------------------------------------------------------------------------------------------------ generator

    private int condUnit(int cond) {
        return g.kind == LayerKind.GEMM ? cond * g.outHeight : cond;
    }

    /** Finishes the running step, or idles one cycle when there is none (an empty pipeline slot). */
    private void drain() {
        if (genState == ACTIVE) advance(Integer.MIN_VALUE);
        else if (genState == DEFAULT) now += 1;
    }

    /** Runs until the last pass reaches output unit {@code unit} (the load is issued after its first cycle). */
    private void runUntil(int unit) {
        if (genState == ACTIVE) advance(unit);
        else if (genState == DEFAULT) now += 1;
    }

    private void startStep(LayerProgram.Behavior b, boolean lastBehavior) {
        genStep = b;
        genLast = lastBehavior;
        int[] u = LayerCompiler.units(g, b.minX(), b.maxX());
        genFirst = u[0];
        genLastUnit = u[1];
        genPass = 0;
        genUnit = genFirst;
        genPartial = 0;
        genPassOpen = false;
        genState = ACTIVE;
        buildCheckpoints(b);
    }

    /** The first unit of the step reading each fragment (fragments are searched from the step's first one). */
    private void buildCheckpoints(LayerProgram.Behavior b) {
        List<LayerCompiler.InFrag> in = prog.input;
        int from = b.fromFragment(), to = Math.min(b.toFragment(), in.size() - 1);
        int count = Math.max(0, to - from + 1);
        cpUnits = new int[count];
        cpFrags = new int[count];
        int n = 0;
        int covered = Integer.MIN_VALUE;
        for (int j = from; j <= to; j++) {
            LayerCompiler.InFrag f = in.get(j);
            int x = j == from ? f.head : Math.max(f.head, covered);
            if (x >= f.tail) continue;
            int unit;
            if (j == from) {
                unit = genFirst;
            } else if (g.isConvPool()) {
                unit = Math.floorDiv(x + g.padL - g.k + 1 + g.s - 1, g.s);
            } else {
                unit = x;
            }
            unit = Math.max(unit, genFirst);
            if (unit > genLastUnit) break;
            cpUnits[n] = unit;
            cpFrags[n] = j;
            n++;
            covered = Math.max(covered, f.tail);
        }
        cpUnits = java.util.Arrays.copyOf(cpUnits, n);
        cpFrags = java.util.Arrays.copyOf(cpFrags, n);
        cpNext = 0;
    }

    /**
     * Advances the running step. With {@code cond} set, stops right after the first cycle of unit {@code cond} in the
     * last pass and returns true; otherwise runs to the end of the step.
     */
    private boolean advance(int cond) {
        boolean elementWise = g.kind.elementWise();
        while (genPass < g.passes) {
            if (!genPassOpen) {
                genPassOpen = true;
                cpNext = 0;
                if (!elementWise) {
                    setNext(genLast);
                    genWeightCheck = true;
                }
            }
            boolean lastPass = genPass == g.passes - 1;
            while (genUnit <= genLastUnit) {
                long unitCost = g.cost(genUnit, genUnit);
                if (genPartial == 0) {
                    if (elementWise) {
                        setNext(genLast && genUnit == genLastUnit);
                        genWeightCheck = true;
                    }
                    while (cpNext < cpUnits.length && cpUnits[cpNext] <= genUnit) {
                        readBank(prog.input.get(cpFrags[cpNext]).bank);
                        cpNext++;
                    }
                    if (genWeightCheck) {
                        readWeights();
                        genWeightCheck = false;
                    }
                    if (!biasChecked) readBias();
                }
                if (lastPass && genUnit == cond) {
                    now += 1;
                    genPartial++;
                    if (genPartial >= unitCost) {
                        genUnit++;
                        genPartial = 0;
                    }
                    return true;
                }
                int next = genLastUnit + 1;
                if (cpNext < cpUnits.length) next = Math.min(next, cpUnits[cpNext]);
                if (lastPass && cond > genUnit) next = Math.min(next, cond);
                if (elementWise) next = genUnit + 1;
                next = Math.max(next, genUnit + 1);
                now += g.cost(genUnit, next - 1) - genPartial;
                genPartial = 0;
                genUnit = next;
                if (elementWise) flushWeights();
            }
            if (g.weightType == 0) flushWeights();
            genPass++;
            genUnit = genFirst;
            genPassOpen = false;
        }
        finishStep();
        genState = g.kind == LayerKind.GEMM ? EXHAUSTED : DEFAULT;
        return false;
    }

    /** Output of the finished step that goes to DRAM: columns not kept on chip, or everything DRAM needs. */
    private void finishStep() {
        if (g.outVirtual || genLastUnit < genFirst) return;
        Tensor out = g.out;
        int keptUnits = prog.onChipOutputUnits();
        // a block profiled alone leaves its output in FMEM for whatever follows
        boolean toDram = out.toDram() && !(blockMode && li == net.layers().size() - 1);
        // A GEMM's units are output pixels, column-major: outHeight of them per output column.
        int perColumn = g.kind == LayerKind.GEMM ? Math.max(1, g.outHeight) : 1;
        long perUnit = g.outUnitBytes / perColumn;
        long units;
        if (toDram) {
            units = genLastUnit - genFirst + 1;
        } else if (prog.reverseWrite) {
            // stored = outUnits - 1 - column >= kept  <=>  column <= outUnits - 1 - kept
            long lastUnit = (long) (g.outUnits - keptUnits) * perColumn - 1;
            units = Math.max(0, Math.min(genLastUnit, lastUnit) - genFirst + 1);
        } else {
            long firstUnit = (long) keptUnits * perColumn;
            units = Math.max(0, genLastUnit - Math.max(genFirst, firstUnit) + 1);
        }
        if (units == 0) return;
        writeDram(units * perUnit, layer.name() + groupLabel() + (stripe == null ? " output to DRAM" : " tile output to DRAM"));
    }

    /** A DRAM write (timed on the FIFO only when the configuration says so). */
    private void writeDram(long bytes, String label) {
        bytesWritten += bytes;
        long start = now, end = now + dram.transferCycles(bytes);
        if (npu.timeDramWrites()) {
            MemorySystem.Load w = mem.write(now, bytes);
            start = w.start();
            end = w.valid();
        }
        if (record) event(Track.WRITE, start, end, label, bytes);
    }
}
