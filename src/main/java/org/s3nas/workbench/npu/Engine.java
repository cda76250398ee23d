package org.s3nas.workbench.npu;

import java.util.ArrayList;
import java.util.List;
import org.s3nas.workbench.model.BankPolicy;
import org.s3nas.workbench.model.NpuConfig;

/**
 * The event-level MIDAP model (SPEC §3.2, §3.4). Layers run one after another; each executes the behaviours its
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
            if (stationary == Integer.MAX_VALUE) {
                stationary = Math.min(fmem.of(layer.input()).size(), npu.fmemBanks() - 1);
            }
            int os = outputStationary[li];
            if (os == Integer.MAX_VALUE) os = prepareConcat(fmem);
            LayerCompiler c = new LayerCompiler(g, dram, npu.bankPolicy(), npu.reverseWrite(), hasNext[li], stationary, os,
                    g.inChunks, prepared[li], prevStep);
            prog = c.compile(fmem);
            execute();
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
        target = new int[n];
        hasNext = new boolean[n];
        inputStationary = new int[n];
        outputStationary = new int[n];
        for (int i = 0; i < n; i++) {
            Layer l = network.layers().get(i);
            geo[i] = new Geometry(network, l, npu, !produced[l.input()] && !blockMode);
            // A layer's first weights are prefetched by the previous layer, unless they are its output (SE Mul).
            prepared[i] = i == 0 ? blockMode : !(l.operand() >= 0 && l.operand() == network.layers().get(i - 1).output());
            // Outputs only read through the weight path (an SE squeeze vector) go to DRAM, not to FMEM banks.
            hasNext[i] = lastInputReader[l.output()] > i || (blockMode && i == n - 1);
            inputStationary[i] = -1;
            // A tensor several layers read stays in its banks until its last reader (MixConv expands).
            if (readers[l.input()] > 1) inputStationary[i] = lastInputReader[l.input()] == i ? 0 : Integer.MAX_VALUE;
            outputStationary[i] = geo[i].outVirtual ? 0 : -1;
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

    // ------------------------------------------------------------------------------------------------ one layer

    private void execute() {
        long start = now;
        featureStall = weightStall = biasStall = bytesRead = bytesWritten = 0;
        computeStart = now;
        setup();
        genState = DEFAULT;
        List<LayerProgram.Behavior> bs = prog.behaviors;
        for (int i = 0; i < bs.size(); i++) {
            LayerProgram.Behavior b = bs.get(i);
            if (b.load()) {
                if (b.cond() < 0) drain();
                else runUntil(condUnit(b.cond()));
                loadFeature(b.fragment(), now);
            } else {
                drain();
                startStep(b, i == bs.size() - 1);
            }
        }
        drain();
        flushWeights();
        closeCompute();
        if (g.reductionCycles > 0) {
            if (record) event(Track.REDUCTION, now, now + g.reductionCycles, layer.name() + " global pool", 0);
            now += g.reductionCycles;
        }
        computeStart = now;
        now += (long) npu.pipelineFillCycles() + 2;   // the end-of-layer marker leaves the write stage
        closeCompute();
        long cycles = now - start;
        long stalls = featureStall + weightStall + biasStall;
        double util = cycles <= 0 ? 0 : (double) g.macs / ((double) cycles * npu.macsPerCycle());
        results.add(new LayerResult(li, layer.name(), layer.kind(), layer.stage(), layer.block(), layer.segment(),
                layer.role(), start, now, cycles - stalls, featureStall, weightStall, biasStall, g.macs, bytesRead,
                bytesWritten, util));
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
        int t = target[li];
        if (t >= 0 && geo[t].biasEntries > 0) loadBias(geo[t].biasEntries, t);
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
            event(Track.FEATURE_LOAD, l.start(), l.valid(), layer.name() + " input fragment " + fragment + " (units "
                    + f.head + "-" + f.tail + ", bank " + f.bank + ")", bytes);
        }
    }

    private void loadBias(int entries, int owner) {
        long bytes = (long) entries * npu.bytesPerValue();
        MemorySystem.Load l = mem.loadBias(now, bytes);
        bytesRead += bytes;
        if (record) event(Track.FEATURE_LOAD, l.start(), l.valid(), net.layers().get(owner).name() + " bias", bytes);
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
        if (now > computeStart) event(Track.COMPUTE, computeStart, now, layer.name(), 0);
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
                    // the squeeze vector is loaded once (SPEC §3.2)
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
        long perUnit;
        int fromCol, toCol;
        if (g.kind == LayerKind.GEMM) {
            perUnit = g.outUnitBytes / Math.max(1, g.outHeight);
            fromCol = genFirst;
            toCol = genLastUnit;
        } else {
            perUnit = g.outUnitBytes;
            fromCol = genFirst;
            toCol = genLastUnit;
        }
        long units = 0;
        for (int u = fromCol; u <= toCol; u++) {
            int col = g.kind == LayerKind.GEMM ? u / Math.max(1, g.outHeight) : u;
            int stored = prog.reverseWrite ? g.outUnits - 1 - col : col;
            if (toDram || stored >= keptUnits) units++;
        }
        if (units == 0) return;
        long bytes = units * perUnit;
        bytesWritten += bytes;
        long start = now, end = now + dram.transferCycles(bytes);
        if (npu.timeDramWrites()) {
            MemorySystem.Load w = mem.write(now, bytes);
            start = w.start();
            end = w.valid();
        }
        if (record) event(Track.WRITE, start, end, layer.name() + " output to DRAM", bytes);
    }
}
