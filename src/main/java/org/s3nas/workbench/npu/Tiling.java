package org.s3nas.workbench.npu;

import java.util.ArrayList;
import java.util.List;
import org.s3nas.workbench.model.NpuConfig;

/**
 * The layer compiler's fallback for feature maps the FMEM banks cannot plan (docs/midap.md §6: a large map beside
 * reserved tensors, or a kernel window wider than the free banks, cannot be planned): the layer runs in pieces from
 * DRAM. Everything in FMEM is evicted (what is not already in DRAM is written back), the
 * output rows are split into the fewest stripes whose input rows (with the kernel's halo) leave room in the banks for
 * a kernel window, and each stripe is swept in column groups that fill every bank: a group is loaded, computed and
 * written to DRAM, and the next group's fragments are loaded into the banks the running group no longer reads (the
 * columns of a window's overlap are read again). Stripes run one after another.
 */
final class Tiling {
    /** One stripe of output rows: its geometry (heights and padding of the stripe) and its program. */
    record Stripe(Geometry geometry, LayerProgram program, int firstRow, int rows, int groups) {}

    private Tiling() {}

    /**
     * The stripes of {@code layer}, or an {@link IllegalStateException} saying why the layer cannot run even tiled.
     */
    static List<Stripe> plan(Network net, Layer layer, NpuConfig npu) {
        if (layer.kind() == LayerKind.GEMM) {
            throw new IllegalStateException("layer " + layer.name() + ": the stem's im2col input cannot be planned in "
                    + npu.fmemBanks() + " FMEM banks of " + npu.fmemBankBytes() + " bytes");
        }
        Tensor in = net.tensor(layer.input()), out = net.tensor(layer.output());
        int k = layer.kernel(), s = layer.stride();
        long bank = npu.fmemBankBytes();
        int banks = npu.fmemBanks();
        long inRowBytes = (long) in.paddedChannels() * npu.bytesPerValue();
        long outRowBytes = (long) out.paddedChannels() * npu.bytesPerValue();
        for (int stripes = 1; stripes <= out.height(); stripes++) {
            int rows = Geometry.ceilDiv(out.height(), stripes);
            int inRows = Math.min(in.height(), (rows - 1) * s + k);
            long planes = bank / (inRows * inRowBytes);
            if (rows * outRowBytes > bank || planes * banks < Math.min(k, in.width())) continue;
            // a residual operand streams a column at a time through the extended weight buffer
            if (layer.kind() == LayerKind.SUM && inRows * inRowBytes > npu.ewmemBytes()) continue;
            List<Stripe> out2 = new ArrayList<>();
            for (int r0 = 0; r0 < out.height(); r0 += rows) {
                out2.add(stripe(net, layer, npu, r0, Math.min(rows, out.height() - r0)));
            }
            return out2;
        }
        throw new IllegalStateException("layer " + layer.name() + " cannot run on this FMEM, not even tiled: a "
                + k + "x" + k + " kernel window over " + in.paddedChannels() + " channels needs " + k + " columns of "
                + Math.min(in.height(), k) * inRowBytes + " bytes, more than the " + banks + " banks of " + bank
                + " bytes hold; larger FMEM banks in the NPU configuration would run it");
    }

    /** Output rows [r0, r0 + rows) as a layer of its own: its input rows with the halo, padding only at the map's edges. */
    private static Stripe stripe(Network net, Layer layer, NpuConfig npu, int r0, int rows) {
        Tensor in = net.tensor(layer.input()), out = net.tensor(layer.output());
        int s = layer.stride(), k = layer.kernel();
        int top = r0 * s - layer.padTop();
        int inFirst = Math.max(0, top);
        int inLast = Math.min(in.height(), (r0 + rows - 1) * s - layer.padTop() + k);   // exclusive
        int padTop = inFirst - top;
        int padBottom = Math.max(0, (r0 + rows - 1) * s - layer.padTop() + k - in.height());
        List<Tensor> tensors = new ArrayList<>(net.tensors());
        tensors.set(in.id(), withHeight(in, inLast - inFirst));
        tensors.set(out.id(), withHeight(out, rows));
        if (layer.operand() >= 0) {
            Tensor op = net.tensor(layer.operand());
            // a residual operand has the input's shape and is striped with it; an SE squeeze vector is not
            if (op.height() == in.height() && op.width() == in.width()) tensors.set(op.id(), withHeight(op, inLast - inFirst));
        }
        Layer l = new Layer(layer.index(), layer.name(), layer.kind(), layer.segment(), layer.stage(), layer.block(),
                layer.role(), layer.input(), layer.operand(), layer.output(), layer.pooled(), layer.inChannels(),
                layer.outChannels(), layer.inPadded(), layer.outPadded(), k, s, padTop, layer.padLeft(), padBottom,
                layer.padRight());
        Geometry g = new Geometry(new Network(net.name(), tensors, net.layers()), l, npu, false);
        int planes = (int) (npu.fmemBankBytes() / g.inUnitBytes);
        return columnGroups(g, npu.fmemBanks(), planes, r0, rows);
    }

    /**
     * The stripes of output channels [{@code first}, {@code first + channels}) of {@code layer} run as a layer of its
     * own (an output-channel group, see {@code Engine}): its output (and for a depthwise layer its input, whose
     * channels are the same) holds only the group's channels, and its global pool accumulates only them.
     */
    static List<Stripe> planGroup(Network net, Layer layer, NpuConfig npu, int first, int channels) {
        boolean depthwise = layer.kind() == LayerKind.DEPTHWISE;
        List<Tensor> tensors = new ArrayList<>(net.tensors());
        Tensor out = net.tensor(layer.output());
        int outReal = Math.max(0, Math.min(channels, layer.outChannels() - first));
        tensors.set(out.id(), withChannels(out, Math.max(0, Math.min(channels, out.channels() - first)), channels));
        int inReal = layer.inChannels(), inPadded = layer.inPadded();
        if (depthwise) {
            Tensor in = net.tensor(layer.input());
            tensors.set(in.id(), withChannels(in, Math.max(0, Math.min(channels, in.channels() - first)), channels));
            inReal = Math.max(0, Math.min(channels, layer.inChannels() - first));
            inPadded = channels;
        }
        Layer l = new Layer(layer.index(), layer.name(), layer.kind(), layer.segment(), layer.stage(), layer.block(),
                layer.role(), layer.input(), layer.operand(), layer.output(), layer.pooled(), inReal, outReal, inPadded,
                channels, layer.kernel(), layer.stride(), layer.padTop(), layer.padLeft(), layer.padBottom(),
                layer.padRight());
        return plan(new Network(net.name(), tensors, net.layers()), l, npu);
    }

    private static Tensor withChannels(Tensor t, int channels, int padded) {
        return new Tensor(t.id(), t.name(), t.height(), t.width(), channels, padded, true, t.virtual());
    }

    private static Tensor withHeight(Tensor t, int height) {
        return new Tensor(t.id(), t.name(), height, t.width(), t.channels(), t.paddedChannels(), true, t.virtual());
    }

    /**
     * Column groups of every bank's worth of input columns. A group computes the output columns whose windows lie in
     * it; the next group starts at the first column the next output reads. The behaviours are a group's loads, then
     * its step: the loads of group i+1 fire while group i runs, each once the step has passed the last output that
     * reads the bank it refills.
     */
    private static Stripe columnGroups(Geometry g, int banks, int planes, int r0, int rows) {
        boolean window = g.isConvPool();
        int k = window ? g.k : 1, s = window ? g.s : 1, padL = window ? g.padL : 0;
        List<LayerCompiler.InFrag> frags = new ArrayList<>();
        List<LayerProgram.Behavior> behaviors = new ArrayList<>();
        int x = 0, groups = 0;
        long lastStep = 0;
        int[] prevTails = null;
        int prevFirst = 0, prevLast = 0;
        while (x < g.outUnits) {
            int a = Math.max(0, x * s - padL);
            int b = (int) Math.min(g.inUnits, a + (long) banks * planes);
            int last = b == g.inUnits ? g.outUnits - 1 : Math.min(g.outUnits - 1, Math.floorDiv(b - k + padL, s));
            if (last < x) throw new IllegalStateException("layer " + g.layer.name() + ": a column group of "
                    + (b - a) + " columns cannot hold its " + k + "-column kernel window");
            int first = frags.size();
            int n = 0;
            for (int h = a; h < b; h += planes, n++) {
                LayerCompiler.InFrag f = new LayerCompiler.InFrag(n, h, Math.min(b, h + planes));
                // the bank is free once the previous group's last output reading it has started
                int cond = prevTails == null ? -1
                        : n < prevTails.length ? Math.min(prevLast, Math.floorDiv(prevTails[n] - 1 + padL, s)) + 1 : prevFirst;
                frags.add(f);
                behaviors.add(LayerProgram.Behavior.load(frags.size() - 1, cond));
            }
            int minX = window ? x * s - padL : x;
            int maxX = window ? last * s - padL : last;
            behaviors.add(LayerProgram.Behavior.process(first, frags.size(), minX, maxX));
            lastStep = g.cost(x, last) * g.passes;
            prevTails = new int[n];
            for (int j = 0; j < n; j++) prevTails[j] = frags.get(first + j).tail;
            prevFirst = x;
            prevLast = last;
            x = last + 1;
            groups++;
        }
        LayerProgram p = new LayerProgram(frags, 0, behaviors, List.of(), false, lastStep);
        return new Stripe(g, p, r0, rows, groups);
    }
}
