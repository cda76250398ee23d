package org.s3nas.workbench.npu;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.s3nas.workbench.model.NpuConfig;

/**
 * Builds a {@link Network} layer by layer in processing order, then pads every tensor's channels the way MIDAP stores
 * it (docs/midap.md §2): to a multiple of {@code cims} (16) when only convs/FCs read it, to a multiple of {@code lanes} (64)
 * when a depthwise/pool/Sum/Mul reads it or when a channel-parallel layer produces it.
 */
public final class NetworkBuilder {
    private final String name;
    private final int cims;
    private final int lanes;
    private final List<TensorDraft> tensors = new ArrayList<>();
    private final List<LayerDraft> layers = new ArrayList<>();
    private final Map<LayerKind, Integer> counters = new EnumMap<>(LayerKind.class);
    private Segment segment = Segment.STEM;
    private int stage = -1;
    private int block = -1;

    public NetworkBuilder(String name, NpuConfig npu) {
        this.name = name;
        this.cims = npu.cims();
        this.lanes = npu.lanes();
    }

    /** Where the next layers belong (stem, block b of stage s, head). */
    public NetworkBuilder at(Segment seg, int stageIndex, int blockIndex) {
        this.segment = seg;
        this.stage = stageIndex;
        this.block = blockIndex;
        return this;
    }

    public int height(int tensor) { return tensors.get(tensor).height; }

    public int width(int tensor) { return tensors.get(tensor).width; }

    public int channels(int tensor) { return tensors.get(tensor).channels; }

    /** The network input image (in DRAM). */
    public int input(int h, int w, int c) {
        TensorDraft t = tensor("input", h, w, c);
        t.toDram = true;
        return t.id;
    }

    /**
     * The stem: a GEMM on a host-side im2col when the input has at most 3 channels (docs/midap.md §2), otherwise a plain conv.
     */
    public int stem(int in, int outC, int k, int s) {
        TensorDraft src = tensors.get(in);
        if (src.channels > 3) return conv(in, outC, k, s, "stem");
        int oh = outSize(src.height, s), ow = outSize(src.width, s);
        // One im2col row per output pixel, aligned to a 64-wide FMEM row.
        TensorDraft cols = tensor("input (im2col)", 1, oh * ow, k * k * src.channels);
        cols.toDram = true;
        cols.fixedPadding = roundUp(k * k * src.channels, lanes);
        TensorDraft out = tensor(null, oh, ow, outC);
        LayerDraft l = layer(LayerKind.GEMM, "stem", cols.id, -1, out.id, k, s);
        l.gemmInputChannels = src.channels;
        return out.id;
    }

    /** k x k (or 1x1) convolution with SAME padding. */
    public int conv(int in, int outC, int k, int s, String role) {
        TensorDraft src = tensors.get(in);
        TensorDraft out = tensor(null, outSize(src.height, s), outSize(src.width, s), outC);
        layer(LayerKind.CONV, role, in, -1, out.id, k, s);
        return out.id;
    }

    /** Depthwise convolution over all channels of {@code in}. */
    public int depthwise(int in, int k, int s) {
        TensorDraft src = tensors.get(in);
        TensorDraft out = tensor(null, outSize(src.height, s), outSize(src.width, s), src.channels);
        LayerDraft l = layer(LayerKind.DEPTHWISE, "depthwise", in, -1, out.id, k, s);
        l.sliceChannels = src.channels;
        return out.id;
    }

    /** k x k max pool (SAME padding): MIDAP runs it on the depthwise datapath (docs/midap.md §3); it does no MACs. */
    public int maxPool(int in, int k, int s) {
        TensorDraft src = tensors.get(in);
        TensorDraft out = tensor(null, outSize(src.height, s), outSize(src.width, s), src.channels);
        LayerDraft l = layer(LayerKind.DEPTHWISE, MAX_POOL, in, -1, out.id, k, s);
        l.sliceChannels = src.channels;
        return out.id;
    }

    /** The role of a max pool layer. */
    static final String MAX_POOL = "max-pool";

    /**
     * A concatenation target for the depthwise branches of a MixConv block (concatenation is free: each branch writes
     * its channel slice at an offset).
     */
    public int concat(int h, int w, List<Integer> branchChannels) {
        int real = 0, padded = 0;
        for (int c : branchChannels) {
            real += c;
            padded += roundUp(c, lanes);
        }
        TensorDraft t = tensor(null, h, w, real);
        t.fixedPadding = padded;
        return t.id;
    }

    /** One depthwise branch of a MixConv block: the {@code channels} of {@code in}, written into {@code concat}. */
    public void depthwiseBranch(int in, int channels, int k, int s, int concat) {
        LayerDraft l = layer(LayerKind.DEPTHWISE, "depthwise", in, -1, concat, k, s);
        l.sliceChannels = channels;
        TensorDraft c = tensors.get(concat);
        if (c.name == null) c.name = l.name;
    }

    /** Fully connected layer on a pooled vector. */
    public int fc(int in, int outC, String role) {
        TensorDraft out = tensor(null, 1, 1, outC);
        layer(LayerKind.FC, role, in, -1, out.id, 1, 1);
        return out.id;
    }

    /** Fuses a global average pool into the producer of {@code tensor}; returns the pooled vector. */
    public int globalPool(int tensor) {
        LayerDraft producer = null;
        for (LayerDraft l : layers) if (l.output == tensor) producer = l;
        if (producer == null) throw new IllegalArgumentException("global pool of a tensor no layer produces");
        TensorDraft src = tensors.get(tensor);
        TensorDraft pooled = tensor(producer.name + " (pool)", 1, 1, src.channels);
        pooled.poolSource = tensor;
        producer.pooled = pooled.id;
        return pooled.id;
    }

    /** Residual add of {@code main} (on chip) and {@code operand} (from DRAM through the weight path). */
    public int sum(int main, int operand) {
        return elementWise(LayerKind.SUM, "residual", main, operand);
    }

    /** SE scale: {@code main} times the squeeze vector {@code vector}, read through the weight path. */
    public int mul(int main, int vector) {
        return elementWise(LayerKind.MUL, "se-scale", main, vector);
    }

    /** An element-wise layer of {@code main}'s shape whose second operand goes to DRAM and comes back through the weight path. */
    private int elementWise(LayerKind kind, String role, int main, int operand) {
        TensorDraft src = tensors.get(main);
        TensorDraft out = tensor(null, src.height, src.width, src.channels);
        layer(kind, role, main, operand, out.id, 1, 1);
        tensors.get(operand).toDram = true;
        return out.id;
    }

    public Network build() {
        // Mark what reads each tensor, then pad.
        for (LayerDraft l : layers) {
            TensorDraft in = tensors.get(l.input);
            if (l.kind.channelParallel()) in.wide = true;
            if (l.operand >= 0) tensors.get(l.operand).wide = true;
            if (l.kind.channelParallel()) tensors.get(l.output).wide = true;
            if (l.pooled >= 0) tensors.get(l.output).wide = true;
        }
        int[] padded = new int[tensors.size()];
        for (TensorDraft t : tensors) {
            if (t.fixedPadding > 0) padded[t.id] = t.fixedPadding;
            else if (t.poolSource < 0) padded[t.id] = roundUp(t.channels, t.wide ? lanes : cims);
        }
        for (TensorDraft t : tensors) {
            if (t.poolSource >= 0) padded[t.id] = Math.max(padded[t.poolSource], roundUp(t.channels, t.wide ? lanes : cims));
        }
        // A fused pool whose layer output has no other reader is never stored; outputs nobody reads are the result.
        boolean[] read = new boolean[tensors.size()];
        int[] readers = new int[tensors.size()];
        for (LayerDraft l : layers) {
            read[l.input] = true;
            readers[l.input]++;
            if (l.operand >= 0) read[l.operand] = true;
        }
        List<Tensor> ts = new ArrayList<>();
        for (TensorDraft t : tensors) {
            boolean virtual = false, toDram = t.toDram;
            LayerDraft producer = producerOf(t.id);
            if (producer != null && producer.pooled >= 0 && producer.output == t.id) {
                if (!read[t.id]) virtual = true;
                else toDram = true;   // several readers, one a reduction: written to DRAM (docs/midap.md §2)
            }
            if (producer != null && !read[t.id] && !virtual) toDram = true;   // the network output
            if (readers[t.id] > 1) toDram = true;   // later readers reload what no longer fits
            String n = t.name != null ? t.name : (producer != null ? producer.name : "tensor" + t.id);
            ts.add(new Tensor(t.id, n, t.height, t.width, t.channels, padded[t.id], toDram, virtual));
        }
        List<Layer> ls = new ArrayList<>();
        for (LayerDraft l : layers) {
            Tensor in = ts.get(l.input), out = ts.get(l.output);
            int inCh, outCh, inPad, outPad;
            switch (l.kind) {
                case GEMM -> {
                    inCh = l.gemmInputChannels;
                    outCh = out.channels();
                    inPad = in.paddedChannels();
                    outPad = roundUp(outCh, cims);
                }
                case CONV, FC -> {
                    inCh = in.channels();
                    outCh = out.channels();
                    inPad = in.paddedChannels();
                    outPad = roundUp(outCh, cims);
                }
                case DEPTHWISE -> {
                    inCh = l.sliceChannels;
                    outCh = l.sliceChannels;
                    inPad = roundUp(l.sliceChannels, lanes);
                    outPad = inPad;
                }
                default -> {   // SUM, MUL
                    inCh = in.channels();
                    outCh = out.channels();
                    inPad = in.paddedChannels();
                    outPad = out.paddedChannels();
                }
            }
            int padT = (l.kernel - 1) / 2, padL = padT;
            int padB = l.kernel - 1 - padT, padR = padB;
            ls.add(new Layer(l.index, l.name, l.kind, l.segment, l.stage, l.block, l.role, l.input, l.operand,
                    l.output, l.pooled, inCh, outCh, inPad, outPad, l.kernel, l.stride, padT, padL, padB, padR));
        }
        return new Network(name, ts, ls);
    }

    private LayerDraft producerOf(int tensor) {
        LayerDraft p = null;
        for (LayerDraft l : layers) if (l.output == tensor) p = l;
        return p;
    }

    private TensorDraft tensor(String n, int h, int w, int c) {
        TensorDraft t = new TensorDraft();
        t.id = tensors.size();
        t.name = n;
        t.height = h;
        t.width = w;
        t.channels = c;
        tensors.add(t);
        return t;
    }

    private LayerDraft layer(LayerKind kind, String role, int in, int operand, int out, int k, int s) {
        LayerDraft l = new LayerDraft();
        l.index = layers.size();
        int n = counters.merge(kind == LayerKind.GEMM ? LayerKind.CONV : kind, 1, Integer::sum);
        l.name = kind.namePrefix() + n;
        l.kind = kind;
        l.segment = segment;
        l.stage = stage;
        l.block = block;
        l.role = role;
        l.input = in;
        l.operand = operand;
        l.output = out;
        l.kernel = k;
        l.stride = s;
        layers.add(l);
        if (tensors.get(out).name == null) tensors.get(out).name = l.name;
        return l;
    }

    /** SAME padding output size: ceil(in / stride). */
    static int outSize(int in, int stride) { return (in + stride - 1) / stride; }

    static int roundUp(int v, int unit) { return (v + unit - 1) / unit * unit; }

    private static final class TensorDraft {
        int id;
        String name;
        int height, width, channels;
        boolean toDram;
        boolean wide;
        int fixedPadding;
        int poolSource = -1;
    }

    private static final class LayerDraft {
        int index;
        String name;
        LayerKind kind;
        Segment segment;
        int stage, block;
        String role;
        int input, operand = -1, output, pooled = -1;
        int kernel, stride;
        int sliceChannels;
        int gemmInputChannels;
    }
}
