package org.s3nas.workbench.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.s3nas.workbench.engine.Acts;
import org.s3nas.workbench.engine.BatchNorm;
import org.s3nas.workbench.engine.Buf;
import org.s3nas.workbench.engine.GlobalPool;
import org.s3nas.workbench.engine.Im2col;
import org.s3nas.workbench.engine.Nd;
import org.s3nas.workbench.engine.Param;
import org.s3nas.workbench.engine.Parameters;
import org.s3nas.workbench.engine.Rng;
import org.s3nas.workbench.engine.Toolbox;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.Branch;

/**
 * One fixed architecture as a trainable network with hand-written forward and backward passes, in the manner of the
 * search engine's supernet (NHWC activations as [rows = n*h*w, channels] matrices, 1x1 convs as GEMMs, oneDNN
 * depthwise) but built directly from the architecture's blocks: each block's branches are merged (paper Fig. 8, as the
 * MIDAP lowering does) and each merged branch is its own expand slice -> BN -> act -> depthwise k x k -> BN -> act, the
 * projection summing the branches (the concatenation is never materialised).
 *
 * <p>Beyond the search engine: squeeze-and-excitation (global pool -> FC to {@link Block#seChannels()} -> ReLU -> FC
 * -> sigmoid -> channel-wise multiply of the block's expanded channels), every activation of
 * {@link Activation} (h-swish...), dropout before the FC and stochastic depth on residual blocks (drop rate growing
 * linearly with the block index to {@code dropConnect}, as EfficientNet).
 *
 * <p>Not thread-safe; one forward/backward at a time.
 */
public final class FixedNet implements AutoCloseable {
    final Architecture arch;
    final int batch, res, inC, classes;
    final double dropout, dropConnect;
    final Parameters parameters;
    final List<Param> params;
    final List<BatchNorm> norms;
    final List<Blk> blocks = new ArrayList<>();
    private final Toolbox tools;
    private final Map<String, Buf> scratch = new HashMap<>();
    private final Map<String, INDArray> nativeScratch = new HashMap<>();
    private final Map<String, float[]> heapScratch = new HashMap<>();

    // stem
    private final int stemK, stemS, stemPad, h0, w0, stemC, colW;
    private final Param ws;
    private final BatchNorm bnS;
    private final Buf col, s0, s1;
    // head
    private final int headIn, feat, hh, hw;
    private final Param wh, wfc, bfc;
    private final BatchNorm bnH;
    private final Buf hPre, hPost;
    private final float[] pooled, dropped, dropMask, logits;
    private Buf lastBlockOut;

    /**
     * @param dropout     dropout rate before the FC (0 = none)
     * @param dropConnect stochastic-depth rate of the last residual block (0 = none)
     */
    public FixedNet(Architecture arch, int batch, double dropout, double dropConnect, long seed) {
        this.arch = arch;
        this.batch = batch;
        this.res = arch.input().height();
        if (arch.input().width() != res) {
            throw new IllegalArgumentException("architecture '" + arch.name() + "': input " + arch.input().height() + "x"
                    + arch.input().width() + " is not square; training needs a square input");
        }
        this.inC = arch.input().channels();
        this.classes = arch.head().classes();
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("dropout must be in [0, 1), was " + dropout);
        if (!(dropConnect >= 0 && dropConnect < 1)) throw new IllegalArgumentException("stochastic depth must be in [0, 1), was " + dropConnect);
        this.dropout = dropout;
        this.dropConnect = dropConnect;
        this.tools = new Toolbox(maxChannels(arch), true);
        this.parameters = tools.parameters;
        this.params = parameters.all;
        this.norms = parameters.norms;
        Rng rng = new Rng(seed);

        stemK = arch.stem().kernel();
        stemS = Math.max(1, arch.stem().stride());
        stemPad = (stemK - 1) / 2;
        stemC = arch.stem().channels();
        h0 = Architecture.outSize(res, stemS);
        w0 = h0;
        colW = stemK * stemK * inC;
        int m0 = batch * h0 * w0;
        ws = parameters.conv("stem.w", colW * stemC, stemK * stemK * stemC, Nd.zeros(colW, stemC), rng);
        bnS = parameters.bn("stem.bn", stemC, arch.stem().activation());
        col = new Buf(m0, colW);
        s0 = new Buf(m0, stemC);
        s1 = new Buf(m0, stemC);

        int h = h0, w = w0, c = stemC;
        int residuals = (int) arch.blocks().stream().filter(b -> b.residual() && !b.isSkip()).count();
        int residualIndex = 0;
        for (int i = 0; i < arch.blocks().size(); i++) {
            Block b = arch.blocks().get(i);
            if (b.inChannels() != c) {
                throw new IllegalArgumentException("architecture '" + arch.name() + "': blocks[" + i + "] takes " + b.inChannels()
                        + " channels but receives " + c);
            }
            if (b.isSkip() && !b.residual()) {
                throw new IllegalArgumentException("architecture '" + arch.name() + "': blocks[" + i + "] has every branch zeroed but no residual");
            }
            double rate = 0;
            if (b.residual() && !b.isSkip()) {
                rate = residuals <= 1 ? dropConnect : dropConnect * residualIndex / (residuals - 1.0);
                residualIndex++;
            }
            Blk blk = new Blk(i, b, h, w, rate, rng);
            blocks.add(blk);
            h = blk.hOut;
            w = blk.wOut;
            c = b.outChannels();
        }
        hh = h;
        hw = w;
        headIn = c;
        feat = arch.head().featureChannels();
        int mh = batch * hh * hw;
        wh = parameters.conv("head.w", headIn * feat, feat, Nd.zeros(headIn, feat), rng);
        bnH = parameters.bn("head.bn", feat, arch.head().activation());
        hPre = new Buf(mh, feat);
        hPost = new Buf(mh, feat);
        pooled = new float[batch * feat];
        dropped = new float[batch * feat];
        dropMask = new float[batch * feat];
        wfc = parameters.fc("fc.w", feat, classes, null, rng);
        bfc = parameters.add("fc.b", classes, false, null);
        logits = new float[batch * classes];
        uploadParameters();
    }

    /** The widest activation of the network (the BN work buffers' size). */
    private static int maxChannels(Architecture a) {
        int m = Math.max(a.stem().channels(), a.head().featureChannels());
        for (Block b : a.blocks()) {
            m = Math.max(m, b.outChannels());
            for (Branch br : b.mergedBranches()) m = Math.max(m, br.expansion() * b.inChannels());
        }
        return m;
    }

    /** out = bn(in): the BN reads and writes the buffers' heap sides. */
    private static void bnForward(BatchNorm bn, Buf in, Buf out, boolean training) {
        bn.forward(in.read(), out.write(), null, in.rows, training);
    }

    /** The backward of {@link #bnForward}: {@code in} is that forward's input; dy becomes dx in place. */
    private static void bnBackward(BatchNorm bn, Buf in, Buf dy) {
        float[] x = in.read();
        float[] d = dy.update();
        bn.backward(x, d, d, in.rows);
    }

    public Architecture architecture() { return arch; }

    public int batchSize() { return batch; }

    public int resolution() { return res; }

    /** Number of trainable values. */
    public long parameterCount() { return params.stream().mapToLong(Param::size).sum(); }

    Buf scratch(String role, int rows, int cols) {
        return scratch.computeIfAbsent(role + ":" + rows + "x" + cols, k -> new Buf(rows, cols));
    }

    INDArray nativeScratch(long... shape) {
        return nativeScratch.computeIfAbsent(Arrays.toString(shape), k -> Nd.zeros(shape));
    }

    float[] heapScratch(String role, int size) {
        float[] a = heapScratch.get(role);
        if (a == null || a.length < size) {
            a = new float[size];
            heapScratch.put(role, a);
        }
        return a;
    }

    /** dst.grad += op(a) op(b) (a weight gradient computed natively). */
    void addGemmGrad(Param dst, INDArray a, INDArray b, boolean ta, boolean tb) {
        INDArray g = nativeScratch(dst.device.shape());
        Nd.gemm(a, b, g, ta, tb, 1, 0);
        float[] tmp = heapScratch("grad", dst.size());
        Nd.download(g, tmp, 0, dst.size());
        for (int i = 0; i < dst.size(); i++) dst.grad[i] += tmp[i];
    }

    /** Uploads what the native side reads (after an optimiser step, a checkpoint restore or an EMA swap). */
    public void uploadParameters() {
        parameters.upload();
        for (Blk b : blocks) for (Br br : b.branches) br.uploadFlip();
    }

    public void zeroGradients() {
        parameters.zeroGradients();
    }

    /**
     * Writes the current weights in the engine-state format ({@link org.s3nas.workbench.search.EngineState}: tensor
     * names, this engine's layouts), which the exported PyTorch training starts from ({@code train.py --initial-state}).
     */
    public void writeState(java.nio.file.Path dir) throws java.io.IOException {
        org.s3nas.workbench.search.EngineState.writeTensors(params, List.of(), new double[0], dir);
    }

    // ---------------------------------------------------------------- forward / backward

    /**
     * Forward pass of a batch of NHWC images (batch x res x res x inC). Training: batch statistics, dropout and
     * stochastic depth drawn from {@code rng}. Returns the logits [batch x classes] (owned by the network).
     */
    public float[] forward(float[] images, boolean training, Rng rng) {
        if (images.length < batch * res * res * inC) {
            throw new IllegalArgumentException("a batch of " + batch + " images of " + res + "x" + res + "x" + inC + " needs "
                    + batch * res * res * inC + " values, got " + images.length);
        }
        Im2col.stem(images, col.write(), batch, res, res, inC, h0, w0, stemK, stemS, stemPad, colW);
        Nd.gemm(col.dev(), ws.device, s0.devOut(), false, false, 1, 0);
        bnForward(bnS, s0, s1, training);
        Buf x = s1;
        for (Blk b : blocks) x = b.forward(x, training, rng);
        lastBlockOut = x;
        Nd.gemm(x.dev(), wh.device, hPre.devOut(), false, false, 1, 0);
        bnForward(bnH, hPre, hPost, training);
        GlobalPool.forward(hPost.read(), pooled, batch, hh * hw, feat);
        boolean drop = training && dropout > 0;
        float keepScale = (float) (1 / (1 - dropout));
        for (int i = 0; i < pooled.length; i++) {
            dropMask[i] = !drop ? 1f : (rng.nextDouble() >= dropout ? keepScale : 0f);
            dropped[i] = pooled[i] * dropMask[i];
        }
        for (int n = 0; n < batch; n++) {
            for (int k = 0; k < classes; k++) logits[n * classes + k] = bfc.value[k];
            for (int f = 0; f < feat; f++) {
                float v = dropped[n * feat + f];
                if (v == 0f) continue;
                int wb = f * classes;
                for (int k = 0; k < classes; k++) logits[n * classes + k] += v * wfc.value[wb + k];
            }
        }
        return logits;
    }

    /** Backward pass from dLoss/dlogits [batch x classes]; accumulates every parameter's gradient. */
    public void backward(float[] dLogits) {
        float[] dPooled = heapScratch("dPooled", batch * feat);
        Arrays.fill(dPooled, 0, batch * feat, 0f);
        for (int n = 0; n < batch; n++) {
            for (int k = 0; k < classes; k++) bfc.grad[k] += dLogits[n * classes + k];
            for (int f = 0; f < feat; f++) {
                float v = dropped[n * feat + f];
                int wb = f * classes;
                double s = 0;
                for (int k = 0; k < classes; k++) {
                    float g = dLogits[n * classes + k];
                    wfc.grad[wb + k] += v * g;
                    s += g * wfc.value[wb + k];
                }
                dPooled[n * feat + f] = (float) s * dropMask[n * feat + f];
            }
        }
        int hwn = hh * hw;
        Buf dH = scratch("dHead", batch * hwn, feat);
        GlobalPool.backward(dPooled, dH.write(), batch, hwn, feat);
        bnBackward(bnH, hPre, dH);
        addGemmGrad(wh, lastBlockOut.dev(), dH.dev(), true, false);
        Buf dOut = scratch("dBlockOut", lastBlockOut.rows, headIn);
        Nd.gemm(dH.dev(), wh.device, dOut.devOut(), false, true, 1, 0);
        for (int i = blocks.size() - 1; i >= 0; i--) dOut = blocks.get(i).backward(dOut);
        bnBackward(bnS, s0, dOut);
        addGemmGrad(ws, col.dev(), dOut.dev(), true, false);
    }

    /**
     * The SE excitations of the last forward, for the first {@code images} images of the batch: block index (in the
     * architecture) -> [image][expanded channel] sigmoid outputs. Blocks without SE are absent.
     */
    public Map<Integer, double[][]> excitations(int images) {
        Map<Integer, double[][]> out = new java.util.LinkedHashMap<>();
        for (Blk b : blocks) {
            if (b.se == null) continue;
            double[][] e = new double[images][b.se.c];
            for (int n = 0; n < images; n++) for (int ch = 0; ch < b.se.c; ch++) e[n][ch] = b.se.e[n * b.se.c + ch];
            out.put(b.index, e);
        }
        return out;
    }

    /** Starts / ends a BN calibration (running statistics = average over the next training-mode forwards). */
    void calibration(boolean start) {
        for (BatchNorm n : norms) {
            if (start) n.startCalibration();
            else n.endCalibration();
        }
    }

    @Override
    public void close() {
        tools.close();
    }

    // ---------------------------------------------------------------- blocks

    /** One block: merged branches, optional SE, projection + BN, residual with stochastic depth. */
    final class Blk {
        final int index;
        final Block spec;
        final int cin, cout, stride, hIn, wIn, hOut, wOut, min, mout;
        final boolean residual, skip;
        final double dropRate;
        final List<Br> branches = new ArrayList<>();
        final Se se;
        final BatchNorm bnP;
        final Buf p, out;
        final float[] keep;
        Buf xIn;

        Blk(int index, Block b, int h, int w, double dropRate, Rng rng) {
            this.index = index;
            this.spec = b;
            cin = b.inChannels();
            cout = b.outChannels();
            stride = Math.max(1, b.stride());
            residual = b.residual();
            skip = b.isSkip();
            this.dropRate = dropRate;
            hIn = h;
            wIn = w;
            hOut = Architecture.outSize(h, stride);
            wOut = Architecture.outSize(w, stride);
            min = batch * hIn * wIn;
            mout = batch * hOut * wOut;
            keep = new float[batch];
            if (skip) {
                se = null;
                bnP = null;
                p = null;
                out = null;
                return;
            }
            List<Branch> merged = b.mergedBranches();
            boolean expand = b.hasExpandConv();
            int total = b.expandedChannels();
            int offset = 0;
            for (int j = 0; j < merged.size(); j++) {
                Br br = new Br(this, j, merged.get(j), expand, total, offset, rng);
                branches.add(br);
                offset += br.cj;
            }
            se = b.seChannels() > 0 ? new Se("b" + index + ".se", total, b.seChannels(), rng) : null;
            bnP = parameters.bn("b" + index + ".project.bn", cout, null);
            p = new Buf(mout, cout);
            out = new Buf(mout, cout);
        }

        Buf forward(Buf x, boolean training, Rng rng) {
            xIn = x;
            if (skip) return x;
            for (Br br : branches) br.forward(x, training);
            if (se != null) se.forward(this);
            boolean first = true;
            for (Br br : branches) {
                Nd.gemm(br.s.dev(), br.wp.device, first ? p.devOut() : p.devUpdate(), false, false, 1, first ? 0 : 1);
                first = false;
            }
            bnForward(bnP, p, out, training);
            if (residual) {
                float scale = (float) (1 / (1 - dropRate));
                for (int n = 0; n < batch; n++) {
                    keep[n] = training && dropRate > 0 ? (rng.nextDouble() >= dropRate ? scale : 0f) : 1f;
                }
                float[] o = out.update(), xi = x.read();
                int per = hOut * wOut * cout;
                for (int n = 0; n < batch; n++) {
                    float k = keep[n];
                    int base = n * per;
                    if (k == 1f) {
                        for (int i = base; i < base + per; i++) o[i] += xi[i];
                    } else {
                        for (int i = base; i < base + per; i++) o[i] = o[i] * k + xi[i];
                    }
                }
            }
            return out;
        }

        /** Returns the gradient w.r.t. the block input (a buffer the next call may reuse). */
        Buf backward(Buf dOut) {
            if (skip) return dOut;
            Buf dP = scratch("dP", mout, cout);
            float[] dp = dP.write(), d = dOut.read();
            if (residual) {
                int per = hOut * wOut * cout;
                for (int n = 0; n < batch; n++) {
                    float k = keep[n];
                    for (int i = n * per; i < (n + 1) * per; i++) dp[i] = d[i] * k;
                }
            } else {
                System.arraycopy(d, 0, dp, 0, dp.length);
            }
            bnBackward(bnP, p, dP);
            List<Buf> dS = new ArrayList<>();
            for (Br br : branches) {
                addGemmGrad(br.wp, br.s.dev(), dP.dev(), true, false);
                Buf ds = scratch("dS" + br.j, mout, br.cj);
                Nd.gemm(dP.dev(), br.wp.device, ds.devOut(), false, true, 1, 0);
                dS.add(ds);
            }
            if (se != null) se.backward(this, dS);
            // two input-gradient buffers per shape: never the one dOut is
            Buf dX = scratch("dXa", min, cin);
            if (dX == dOut) dX = scratch("dXb", min, cin);
            boolean first = true;
            for (Br br : branches) {
                br.backward(dS.get(br.j), dX, first);
                first = false;
            }
            if (residual) dX.devUpdate().addi(dOut.dev());
            return dX;
        }
    }

    /** One merged branch: expand slice (unless the block has no expand conv) -> BN -> act -> depthwise -> BN -> act. */
    final class Br {
        final Blk blk;
        final int j, k, pad, cj, offset;
        final boolean expand;
        final Param we, wd, wp;
        final BatchNorm bnE, bnD;
        final Buf e, a0, d, b;
        Buf a, s;
        final INDArray wdFlip;

        Br(Blk blk, int j, Branch branch, boolean expand, int total, int offset, Rng rng) {
            this.blk = blk;
            this.j = j;
            this.k = branch.kernel();
            this.pad = (k - 1) / 2;
            this.cj = branch.expansion() * blk.cin;
            this.offset = offset;
            this.expand = expand;
            if (k % 2 == 0 || k < 1) throw new IllegalArgumentException("blocks[" + blk.index + "]: kernel " + k + " must be odd");
            String name = "b" + blk.index + ".k" + k;
            if (expand) {
                we = parameters.conv(name + ".expand.w", blk.cin * cj, total, Nd.zeros(blk.cin, cj), rng);
                bnE = parameters.bn(name + ".expand.bn", cj, blk.spec.activation());
                e = new Buf(blk.min, cj);
                a0 = new Buf(blk.min, cj);
            } else {
                we = null;
                bnE = null;
                e = null;
                a0 = null;
            }
            wd = parameters.conv(name + ".depthwise.w", k * k * cj, k * k, Nd.zeros(k, k, cj, 1), rng);
            wdFlip = Nd.zeros(k, k, cj, 1);
            bnD = parameters.bn(name + ".depthwise.bn", cj, blk.spec.activation());
            d = new Buf(blk.mout, cj);
            b = new Buf(blk.mout, cj);
            s = blk.spec.seChannels() > 0 ? new Buf(blk.mout, cj) : b;
            wp = parameters.conv(name + ".project.w", cj * blk.cout, blk.cout, Nd.zeros(cj, blk.cout), rng);
        }

        void uploadFlip() {
            float[] w = wd.value, flip = heapScratch("flip", w.length);
            for (int tap = 0; tap < k * k; tap++) {
                int ky = tap / k, kx = tap % k;
                System.arraycopy(w, tap * cj, flip, ((k - 1 - ky) * k + (k - 1 - kx)) * cj, cj);
            }
            Nd.upload(flip, wdFlip);
        }

        void forward(Buf x, boolean training) {
            if (expand) {
                Nd.gemm(x.dev(), we.device, e.devOut(), false, false, 1, 0);
                bnForward(bnE, e, a0, training);
                a = a0;
            } else {
                a = x;
            }
            Nd.depthwise(a.dev4(batch, blk.hIn, blk.wIn), wd.device, d.devOut4(batch, blk.hOut, blk.wOut), k, blk.stride, pad);
            bnForward(bnD, d, b, training);
        }

        /** dS: gradient w.r.t. this branch's depthwise-BN output b (after the SE's backward); accumulates into dX. */
        void backward(Buf dB, Buf dX, boolean first) {
            bnBackward(bnD, d, dB);
            Buf dA = scratch("dA" + j, blk.min, cj);
            int n = batch, h = blk.hIn, w = blk.wIn, ho = blk.hOut, wo = blk.wOut;
            float[] tmp = heapScratch("dwgrad", wd.size());
            tools.depthwiseBackward.run(a.read(), dB.read(), n, h, w, ho, wo, cj, k, blk.stride, wdFlip, dA.write(), tmp);
            for (int i = 0; i < wd.size(); i++) wd.grad[i] += tmp[i];
            if (expand) {
                bnBackward(bnE, e, dA);
                addGemmGrad(we, blk.xIn.dev(), dA.dev(), true, false);
                Nd.gemm(dA.dev(), we.device, first ? dX.devOut() : dX.devUpdate(), false, true, 1, first ? 0 : 1);
            } else if (first) {
                dX.devOut().assign(dA.dev());
            } else {
                dX.devUpdate().addi(dA.dev());
            }
        }
    }

    /** Squeeze-and-excitation over a block's expanded channels (all branches). */
    final class Se {
        final int c, cse;
        final Param w1, b1, w2, b2;
        final float[] pooledX, r, e;

        Se(String name, int c, int cse, Rng rng) {
            this.c = c;
            this.cse = cse;
            w1 = parameters.conv(name + ".reduce.w", c * cse, cse, null, rng);
            b1 = parameters.add(name + ".reduce.b", cse, false, null);
            w2 = parameters.conv(name + ".expand.w", cse * c, c, null, rng);
            b2 = parameters.add(name + ".expand.b", c, false, null);
            pooledX = new float[batch * c];
            r = new float[batch * cse];
            e = new float[batch * c];
        }

        void forward(Blk blk) {
            int hwn = blk.hOut * blk.wOut;
            Arrays.fill(pooledX, 0f);
            for (Br br : blk.branches) {
                float[] x = br.b.read();
                for (int n = 0; n < batch; n++) {
                    int pb = n * c + br.offset;
                    for (int s = 0; s < hwn; s++) {
                        int xb = (n * hwn + s) * br.cj;
                        for (int ch = 0; ch < br.cj; ch++) pooledX[pb + ch] += x[xb + ch];
                    }
                    for (int ch = 0; ch < br.cj; ch++) pooledX[pb + ch] /= hwn;
                }
            }
            for (int n = 0; n < batch; n++) {
                for (int q = 0; q < cse; q++) {
                    double v = b1.value[q];
                    for (int ch = 0; ch < c; ch++) v += pooledX[n * c + ch] * w1.value[ch * cse + q];
                    r[n * cse + q] = (float) v;
                }
                for (int ch = 0; ch < c; ch++) {
                    double v = b2.value[ch];
                    for (int q = 0; q < cse; q++) v += Math.max(0f, r[n * cse + q]) * w2.value[q * c + ch];
                    e[n * c + ch] = Acts.sigmoid((float) v);
                }
            }
            for (Br br : blk.branches) {
                float[] x = br.b.read(), y = br.s.write();
                for (int n = 0; n < batch; n++) {
                    int eb = n * c + br.offset;
                    for (int s = 0; s < hwn; s++) {
                        int xb = (n * hwn + s) * br.cj;
                        for (int ch = 0; ch < br.cj; ch++) y[xb + ch] = x[xb + ch] * e[eb + ch];
                    }
                }
            }
        }

        /** dS (gradients w.r.t. the scaled outputs, per branch) become the gradients w.r.t. the branch outputs b, in place. */
        void backward(Blk blk, List<Buf> dS) {
            int hwn = blk.hOut * blk.wOut;
            float[] dE = heapScratch("se.dE", batch * c);
            Arrays.fill(dE, 0, batch * c, 0f);
            for (Br br : blk.branches) {
                float[] x = br.b.read(), g = dS.get(br.j).update();
                for (int n = 0; n < batch; n++) {
                    int eb = n * c + br.offset;
                    for (int s = 0; s < hwn; s++) {
                        int xb = (n * hwn + s) * br.cj;
                        for (int ch = 0; ch < br.cj; ch++) {
                            dE[eb + ch] += g[xb + ch] * x[xb + ch];
                            g[xb + ch] *= e[eb + ch];
                        }
                    }
                }
            }
            float[] dPooled = heapScratch("se.dPooled", batch * c);
            float[] dR = heapScratch("se.dR", batch * cse);
            for (int n = 0; n < batch; n++) {
                for (int ch = 0; ch < c; ch++) {
                    float ev = e[n * c + ch];
                    dE[n * c + ch] *= ev * (1 - ev); // now dG, the gradient of the gate's input
                }
                for (int q = 0; q < cse; q++) {
                    float rv = r[n * cse + q], ra = Math.max(0f, rv);
                    double s = 0;
                    for (int ch = 0; ch < c; ch++) {
                        float dg = dE[n * c + ch];
                        w2.grad[q * c + ch] += ra * dg;
                        s += dg * w2.value[q * c + ch];
                    }
                    dR[n * cse + q] = rv > 0 ? (float) s : 0f;
                    b1.grad[q] += dR[n * cse + q];
                }
                for (int ch = 0; ch < c; ch++) {
                    b2.grad[ch] += dE[n * c + ch];
                    double s = 0;
                    float px = pooledX[n * c + ch];
                    for (int q = 0; q < cse; q++) {
                        float dr = dR[n * cse + q];
                        w1.grad[ch * cse + q] += px * dr;
                        s += dr * w1.value[ch * cse + q];
                    }
                    dPooled[n * c + ch] = (float) (s / hwn);
                }
            }
            for (Br br : blk.branches) {
                float[] g = dS.get(br.j).update();
                for (int n = 0; n < batch; n++) {
                    int eb = n * c + br.offset;
                    for (int s = 0; s < hwn; s++) {
                        int xb = (n * hwn + s) * br.cj;
                        for (int ch = 0; ch < br.cj; ch++) g[xb + ch] += dPooled[eb + ch];
                    }
                }
            }
        }
    }
}
