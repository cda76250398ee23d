package org.s3nas.workbench.npu;

import org.s3nas.workbench.model.NpuConfig;

/**
 * Everything the compiler and the simulator need to know about one layer on a given NPU: how its input and output
 * split into FMEM fragments, the closed-form compute cycles of every output column (docs/midap.md §3), and its weights.
 *
 * <p>"Units" are what fragments are made of: input columns, or for a GEMM stem the im2col rows (one per output
 * pixel, column-major: unit = x * outHeight + y).
 */
final class Geometry {
    final Layer layer;
    final LayerKind kind;
    final Tensor in;
    final Tensor out;

    // input fragments
    final int inUnits;
    final long inUnitBytes;
    final int inPlanes;
    final int inChunks;
    final int inHeight;
    // output fragments
    final int outUnits;
    final int outHeight;
    final long outUnitBytes;
    final int outPlanes;
    final int outChunks;
    final boolean outVirtual;

    // kernel
    final int k, s, padL, padR, padT, padB;

    /** Passes over the x range: filter groups of {@code cims} for conv/GEMM/FC, channel sets of {@code lanes} for depthwise, 1 for Sum/Mul. */
    final int passes;
    /** Units a pass sweeps (output columns, or pixels for a GEMM; input columns for Sum/Mul). */
    final int costUnits;
    /**
     * Prefix sums of the cycles of one pass: {@code prefix[i]} = cycles of units 0..i-1; null when every unit costs
     * {@link #uniformCost} (GEMM, Sum, Mul), whose sweeps are closed-form (a GEMM stem has one unit per output pixel).
     */
    private final long[] prefix;
    private final long uniformCost;
    /** Cycles until the first output pixel completes (first bias read). */
    final int firstPixelCycles;
    /** Output channels produced per cycle of a write (16 for conv, 64 for channel-parallel). */
    final int concurrency;
    final long reductionCycles;

    // weights (or the second operand of Sum/Mul, read through the weight path)
    /** Weight loads per layer: 0 conv-like (a group of 16 filters per pass), 1 depthwise (all at once), 2 element-wise (per column). */
    final int weightType;
    /** Number of "filters" the weight logic iterates over (filter groups, channel sets, or columns of the operand). */
    final int filters;
    final long groupBytes;
    final long weightBytes;
    final boolean loadOnce;
    final int biasEntries;
    final long macs;

    Geometry(Network net, Layer layer, NpuConfig npu, boolean inputFromHost) {
        this.layer = layer;
        this.kind = layer.kind();
        this.in = net.tensor(layer.input());
        this.out = net.tensor(layer.output());
        int bpv = npu.bytesPerValue();
        long bank = npu.fmemBankBytes();
        int lanes = npu.lanes();
        int cims = npu.cims();

        this.inUnits = in.width();
        this.inHeight = in.height();
        this.inUnitBytes = in.columnBytes(bpv);
        if (in.width() < 1 || in.height() < 1 || out.width() < 1 || out.height() < 1 || inUnitBytes < 1 || lanes < 1 || cims < 1) {
            throw new IllegalArgumentException("layer " + layer.name() + ": a size is out of range (input " + in.height() + "x"
                    + in.width() + ", output " + out.height() + "x" + out.width() + ", " + lanes + " lanes, " + cims + " cims)");
        }
        if (inUnitBytes > bank) {
            throw new IllegalArgumentException("layer " + layer.name() + ": one input column (" + in.height() + " x "
                    + in.paddedChannels() + " values) is larger than an FMEM bank (" + bank + " bytes)");
        }
        // MIDAP keeps whole columns in a bank; the network input is not clamped to its width.
        int planes = (int) (bank / inUnitBytes);
        this.inPlanes = inputFromHost ? planes : Math.min(planes, inUnits);
        this.inChunks = ceilDiv(inUnits, inPlanes);

        this.outUnits = out.width();
        this.outHeight = out.height();
        this.outUnitBytes = out.columnBytes(bpv);
        this.outVirtual = out.virtual();
        if (outUnitBytes > bank) {
            throw new IllegalArgumentException("layer " + layer.name() + ": one output column (" + out.height() + " x "
                    + out.paddedChannels() + " values) is larger than an FMEM bank (" + bank + " bytes)");
        }
        this.outPlanes = Math.min((int) (bank / outUnitBytes), outUnits);
        this.outChunks = out.virtual() ? 0 : ceilDiv(outUnits, outPlanes);

        this.k = layer.kernel();
        this.s = layer.stride();
        this.padL = layer.padLeft();
        this.padR = layer.padRight();
        this.padT = layer.padTop();
        this.padB = layer.padBottom();

        int inC = layer.inPadded();
        int outC = layer.outPadded();
        long[] unitCost = null;
        long uniform = 0;
        int units;
        int first;
        switch (kind) {
            case GEMM -> {
                passes = outC / cims;
                int rows = ceilDiv(in.paddedChannels(), lanes);
                units = inUnits;
                uniform = rows;
                first = rows;
                concurrency = cims;
                weightType = 0;
                filters = passes;
                long filterBytes = (long) roundUp(in.paddedChannels(), lanes) * bpv;
                groupBytes = filterBytes * cims;
                weightBytes = filterBytes * outC;
                biasEntries = outC;
                macs = (long) out.height() * out.width() * layer.outChannels() * k * k * layer.inChannels();
            }
            case CONV, FC -> {
                passes = outC / cims;
                unitCost = new long[out.width()];
                units = out.width();
                int[] firstRef = new int[1];
                convColumns(unitCost, inC, lanes, firstRef);
                first = firstRef[0];
                concurrency = cims;
                weightType = 0;
                filters = passes;
                long filterBytes = (long) k * roundUp(k * inC, lanes) * bpv;
                groupBytes = filterBytes * cims;
                weightBytes = filterBytes * outC;
                biasEntries = outC;
                macs = (long) out.height() * out.width() * layer.outChannels() * k * k * layer.inChannels();
            }
            case DEPTHWISE -> {
                passes = ceilDiv(inC, lanes);
                unitCost = new long[out.width()];
                units = out.width();
                long rowTaps = 0;
                for (int oy = 0; oy < out.height(); oy++) rowTaps += validTaps(oy, in.height(), padT);
                for (int ox = 0; ox < out.width(); ox++) unitCost[ox] = validTaps(ox, in.width(), padL) * rowTaps;
                first = validTaps(0, in.width(), padL) * validTaps(0, in.height(), padT);
                concurrency = lanes;
                filters = passes;
                weightBytes = (long) k * k * inC * bpv;
                // Weights beyond the extended weight buffer stream one channel set at a time, double-buffered, as a
                // conv streams its filter groups (MIDAP splits the layer into channel groups).
                boolean fits = weightBytes <= npu.ewmemBytes();
                weightType = fits ? 1 : 0;
                groupBytes = fits ? weightBytes : (long) k * k * lanes * bpv;
                biasEntries = inC;
                // a max pool runs here too and does no MACs
                macs = layer.maxPool() ? 0 : (long) out.height() * out.width() * layer.outChannels() * k * k;
            }
            default -> {   // SUM, MUL: one cycle per 64-channel row of every pixel
                passes = 1;
                int rows = ceilDiv(in.paddedChannels(), lanes);
                units = in.width();
                uniform = (long) rows * in.height();
                first = 1;
                concurrency = lanes;
                weightType = 2;
                Tensor op = net.tensor(layer.operand());
                if (kind == LayerKind.SUM) {
                    filters = op.width();
                    groupBytes = op.columnBytes(bpv);
                } else {
                    filters = 1;
                    groupBytes = (long) op.paddedChannels() * bpv;
                }
                weightBytes = op.bytes(bpv);
                biasEntries = 0;
                macs = 0;
            }
        }
        this.firstPixelCycles = Math.max(1, first);
        this.loadOnce = weightType == 1 || kind == LayerKind.MUL
                || (weightType == 0 && kind != LayerKind.DEPTHWISE && weightBytes <= npu.wmemTotalBytes());
        this.costUnits = units;
        this.uniformCost = uniform;
        if (unitCost == null) {
            this.prefix = null;
        } else {
            this.prefix = new long[unitCost.length + 1];
            for (int i = 0; i < unitCost.length; i++) prefix[i + 1] = prefix[i] + unitCost[i];
        }
        this.reductionCycles = layer.fusedPool() ? ceilDiv(out.paddedChannels(), concurrency) : 0;
    }

    /** Compute cycles of units [from, to] (inclusive) for one pass. */
    long cost(int from, int to) {
        if (to < from) return 0;
        if (prefix == null) return (long) (to - from + 1) * uniformCost;
        return prefix[to + 1] - prefix[from];
    }

    /** All compute cycles of the layer, without stalls and overheads. */
    long computeCycles() {
        return cost(0, costUnits - 1) * passes + reductionCycles;
    }

    boolean isConvPool() { return kind == LayerKind.CONV || kind == LayerKind.FC || kind == LayerKind.DEPTHWISE; }

    /** Output unit of an input-space window start x (conv/depthwise). */
    int outColumnOf(int x) { return Math.floorDiv(x + padL, s); }

    /** Kernel taps of output position o that fall inside an input of size n (taps on padding are skipped). */
    int validTaps(int o, int n, int pad) {
        int start = o * s - pad;
        int lo = Math.max(0, -start), hi = Math.min(k, n - start);
        return Math.max(0, hi - lo);
    }

    /**
     * Cycles per output column of a conv (docs/midap.md §3): per kernel column inside the input, the 64-wide FMEM rows of the
     * k_h x C_in slab it reads (taps on padding rows skipped), plus one alignment bubble when the slab does not start
     * where the weight rows do and that FMEM row is not already latched.
     */
    private void convColumns(long[] cols, int inC, int lanes, int[] firstPixel) {
        int inW = in.width(), inH = in.height();
        long yz = (long) inH * inC;
        boolean pointwise = k == 1 && padL == 0 && padT == 0;
        if (pointwise) {
            long perPixel = ceilDiv(inC, lanes);
            for (int ox = 0; ox < cols.length; ox++) cols[ox] = perPixel * out.height();
            firstPixel[0] = (int) perPixel;
            return;
        }
        for (int ox = 0; ox < cols.length; ox++) {
            long cycles = 0;
            long latched = -1;
            int inX = ox * s - padL;
            for (int oy = 0; oy < out.height(); oy++) {
                int inY = oy * s - padT;
                int pixel = 0;
                for (int kx = 0; kx < k; kx++) {
                    int x = inX + kx;
                    if (x < 0 || x >= inW) continue;
                    int startKy = Math.max(0, -inY);
                    int endKy = Math.min(k, inH - inY);
                    if (endKy <= startKy) continue;
                    long wOffset = ((long) startKy * inC) % lanes;
                    long addr = x * yz + (long) (inY + startKy) * inC;
                    long fOffset = addr % lanes;
                    long startRow = addr / lanes;
                    long lastRow = ceilDiv(x * yz + (long) (inY + endKy) * inC, lanes) - 1;
                    long rows = ceilDiv((long) endKy * inC, lanes) - ((long) startKy * inC) / lanes;
                    long bubble = wOffset - fOffset;
                    for (long r = 0; r < rows; r++) {
                        if (bubble < 0) {
                            if (latched != startRow) {
                                pixel++;
                                latched = startRow;
                            }
                            bubble += lanes;
                            startRow++;
                        }
                        latched = Math.min(lastRow, startRow + r);
                        pixel++;
                    }
                }
                if (ox == 0 && oy == 0) firstPixel[0] = pixel;
                cycles += pixel;
            }
            cols[ox] = cycles;
        }
    }

    /** ⌈a / b⌉ for a ≥ 0, b ≥ 1, without the overflow of {@code (a + b - 1) / b} near the type's maximum. */
    static int ceilDiv(int a, int b) {
        if (b <= 0 || a < 0) throw new IllegalArgumentException("a size is out of range (" + a + " / " + b + "): use smaller values");
        return a / b + (a % b == 0 ? 0 : 1);
    }

    static long ceilDiv(long a, long b) {
        if (b <= 0 || a < 0) throw new IllegalArgumentException("a size is out of range (" + a + " / " + b + "): use smaller values");
        return a / b + (a % b == 0 ? 0 : 1);
    }

    static int roundUp(int v, int unit) { return Math.multiplyExact(ceilDiv(v, unit), unit); }
}
