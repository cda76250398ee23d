package org.s3nas.workbench.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.s3nas.workbench.engine.BatchNorm;
import org.s3nas.workbench.engine.GlobalPool;
import org.s3nas.workbench.engine.Im2col;
import org.s3nas.workbench.engine.Nd;
import org.s3nas.workbench.engine.OpenMpWait;
import org.s3nas.workbench.engine.Param;
import org.s3nas.workbench.engine.Parameters;
import org.s3nas.workbench.engine.Profile;
import org.s3nas.workbench.engine.Rng;
import org.s3nas.workbench.engine.Thresholds;
import org.s3nas.workbench.engine.Toolbox;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.BlockPosition;
import org.s3nas.workbench.model.Branch;
import org.s3nas.workbench.model.Supernet;

/**
 * The supernet as an explicit ND4J network with hand-written forward and backward passes (no SameDiff).
 *
 * <p>Layout NHWC, every activation a [rows = n*h*w, channels] matrix: 1x1 convs are single GEMMs, BN statistics are
 * GEMM column sums, and a superkernel's channel slice is its own contiguous buffer (one expand GEMM per superkernel,
 * the projection accumulates the superkernels' GEMMs, so no concat is ever materialised). Depthwise forward is
 * oneDNN; its backward is {@link DepthwiseBackward} (oneDNN depthwise forwards for both gradients). In training every
 * BN runs on the heap ({@link BatchNorm}), its input kept there from the forward to the backward; the inference
 * forward folds every BN into the weights before it and stays native ({@link #forward} with training = false).
 *
 * <p>Where the time goes: {@code bench engine --profile}. OpenMP's idle threads are made to sleep ({@link OpenMpWait}):
 * spinning, they took the cores the Java parts need.
 *
 * <p>Superkernel (paper Eq. 1-3): the depthwise weight of superkernel j is its largest kernel; kernel ring i
 * is multiplied by the indicators u_k1..u_ki; channel slice d is switched by u_e1..u_ed. The channel switch is applied
 * to the rows of the projection weight (equivalent to zeroing those depthwise outputs after their BN and activation,
 * which a masked depthwise weight alone would not do: BN's beta would bring zeroed channels back).
 * Each indicator is x = mean(w_split^2) / nu - t, nu the depthwise weights' initial variance: the split's energy in
 * units of its initial energy, so x starts near 1 whatever the split's size. With the plain sum, 16x96 ring weights
 * of a 7x7 superkernel give x of about 60 and sigmoid'(x) = 0: no threshold could ever move. With the plain mean
 * (about 0.04), RMSProp's normalised threshold steps (about 3 lr) cross every split within one or two steps and
 * momentum carries every threshold far past the target: every target ended at the smallest network.
 */
public final class SupernetNet implements AutoCloseable {
    static {
        OpenMpWait.passive(); // before ND4J loads its natives (see OpenMpWait)
    }

    /** Which indicators drive the masks in a step. */
    public enum MaskMode { THRESHOLDS, SAMPLED, FIXED }

    final Supernet supernet;
    final int batch, res, inC, classes;
    final Parameters parameters;
    final List<Param> params;
    final Thresholds thresholds;
    final List<Block> blocks = new ArrayList<>();
    final List<BatchNorm> norms;
    private final Toolbox tools;

    // stem
    private final int stemK, stemS, stemPad, h0, w0, stemC, colW;
    private final Param ws;
    private final BatchNorm bnS;
    private final INDArray col, s0, s1, dWs, evalWs, evalBs, imagesDev;
    private final float[] colHeap, s0Heap, s1Heap;
    // head
    private final int headIn, feat, hh, hw;
    private final Param wh, wfc, bfc;
    private final BatchNorm bnH;
    private final INDArray hPre, pooled, logits, dLogits, dPooled, dWh, dWfc, evalWh, evalBh;
    private final float[] hPreHeap, hPostHeap, pooledHeap, logitsHeap;
    private INDArray lastBlockOut;
    private MaskMode maskMode = MaskMode.THRESHOLDS;
    // shared scratch (flat, viewed per layer): native nS1, nS2; heap hS1, hS2; the gradient ping-pong
    private final INDArray nS1, nS2;
    private final INDArray[] gradFlat = new INDArray[2];
    private final float[] hS1, hS2;

    public SupernetNet(Supernet supernet, int batch, int resolution, long seed) {
        this.supernet = supernet;
        this.batch = batch;
        this.res = resolution;
        this.inC = supernet.input().channels();
        this.classes = supernet.head().classes();
        this.tools = new Toolbox(maxChannels(supernet), false);
        this.parameters = tools.parameters;
        this.params = parameters.all;
        this.norms = parameters.norms;
        Rng rng = new Rng(seed);
        List<String> thresholdNames = new ArrayList<>();

        stemK = supernet.stem().kernel();
        stemS = supernet.stem().stride();
        stemPad = (stemK - 1) / 2;
        stemC = supernet.stem().channels();
        h0 = Architecture.outSize(res, stemS);
        w0 = h0;
        colW = stemK * stemK * inC;
        long m0 = (long) batch * h0 * w0;
        ws = parameters.conv("stem.w", colW * stemC, stemK * stemK * stemC, Nd.zeros(colW, stemC), rng);
        bnS = parameters.bn("stem.bn", stemC, supernet.stem().activation());
        col = Nd.zeros(m0, colW);
        colHeap = new float[(int) (m0 * colW)];
        s0 = Nd.zeros(m0, stemC);
        s1 = Nd.zeros(m0, stemC);
        s0Heap = new float[(int) (m0 * stemC)];
        s1Heap = new float[(int) (m0 * stemC)];
        dWs = Nd.zeros(colW, stemC);
        evalWs = Nd.zeros(colW, stemC);
        imagesDev = Nd.zeros(batch, res, res, inC);
        evalBs = Nd.zeros(stemC);
        long maxMC = m0 * Math.max(stemC, colW);

        int h = h0, w = w0;
        for (BlockPosition p : supernet.blockPositions()) {
            Block b = new Block(p, h, w, rng, thresholdNames);
            blocks.add(b);
            maxMC = Math.max(maxMC, b.maxMC());
            h = b.hOut;
            w = b.wOut;
        }
        hh = h;
        hw = w;
        headIn = blocks.isEmpty() ? stemC : blocks.get(blocks.size() - 1).cout;
        feat = supernet.head().featureChannels();
        long mh = (long) batch * hh * hw;
        wh = parameters.conv("head.w", headIn * feat, feat, Nd.zeros(headIn, feat), rng);
        bnH = parameters.bn("head.bn", feat, supernet.head().activation());
        hPre = Nd.zeros(mh, feat);
        hPreHeap = new float[(int) (mh * feat)];
        hPostHeap = new float[(int) (mh * feat)];
        pooledHeap = new float[batch * feat];
        pooled = Nd.zeros(batch, feat);
        wfc = parameters.fc("fc.w", feat, classes, Nd.zeros(feat, classes), rng);
        bfc = parameters.add("fc.b", classes, false, null);
        logits = Nd.zeros(batch, classes);
        logitsHeap = new float[batch * classes];
        dLogits = Nd.zeros(batch, classes);
        dPooled = Nd.zeros(batch, feat);
        dWh = Nd.zeros(headIn, feat);
        evalWh = Nd.zeros(headIn, feat);
        evalBh = Nd.zeros(feat);
        dWfc = Nd.zeros(feat, classes);
        maxMC = Math.max(maxMC, mh * Math.max(feat, headIn));

        nS1 = Nd.zeros(maxMC);
        nS2 = Nd.zeros(maxMC);
        gradFlat[0] = Nd.zeros(maxMC);
        gradFlat[1] = Nd.zeros(maxMC);
        hS1 = new float[(int) maxMC];
        hS2 = new float[(int) maxMC];
        thresholds = new Thresholds(thresholdNames);
        parameters.upload();
        setMasks(MaskMode.THRESHOLDS, null, null);
    }

    private static int maxChannels(Supernet s) {
        int m = Math.max(s.stem().channels(), s.head().featureChannels());
        for (BlockPosition p : s.blockPositions()) {
            m = Math.max(m, p.outChannels());
            for (int j = 0; j < p.superkernels().size(); j++) {
                List<Integer> es = p.expansionsOf(j);
                m = Math.max(m, es.get(es.size() - 1) * p.inChannels());
            }
        }
        return m;
    }

    private static float sigmoid(double x) { return (float) (1 / (1 + Math.exp(-x))); }

    static double sigmoidDerivative(double x) {
        double s = 1 / (1 + Math.exp(-x));
        return s * (1 - s);
    }

    // ---------------------------------------------------------------- masks

    /**
     * Sets every superkernel's kernel-ring and channel-slice switches: from the thresholds (phase 2), sampled
     * uniformly over each superkernel's choices (phase 1), or fixed choices {@code fixed[block][superkernel] =
     * {kernelIndex, expansionIndex}} into the position's candidate lists.
     */
    public void setMasks(MaskMode mode, Rng rng, int[][][] fixed) {
        maskMode = mode;
        for (int bi = 0; bi < blocks.size(); bi++) {
            Block b = blocks.get(bi);
            for (int j = 0; j < b.units.size(); j++) {
                Unit u = b.units.get(j);
                switch (mode) {
                    case THRESHOLDS -> u.fromThresholds();
                    case SAMPLED -> {
                        int choices = u.nk * u.nonZeroExp() + (u.es[0] == 0 ? 1 : 0);
                        int c = rng.nextInt(choices);
                        if (u.es[0] == 0 && c == choices - 1) u.fixed(0, 0); // zeroed: its kernel does not matter, encode it as the smallest
                        else u.fixed(c % u.nk, c / u.nk + (u.es[0] == 0 ? 1 : 0));
                    }
                    case FIXED -> u.fixed(fixed[bi][j][0], fixed[bi][j][1]);
                }
            }
            b.skipped = b.residual && b.units.stream().allMatch(Unit::zeroed);
            for (Unit u : b.units) u.uploadEffective();
        }
    }

    /** Fixed choices selecting every superkernel's largest kernel and expansion (the benchmark network). */
    public int[][][] largestChoices() {
        int[][][] f = new int[blocks.size()][][];
        for (int bi = 0; bi < blocks.size(); bi++) {
            Block b = blocks.get(bi);
            f[bi] = new int[b.units.size()][];
            for (int j = 0; j < b.units.size(); j++) f[bi][j] = new int[]{b.units.get(j).nk - 1, b.units.get(j).es.length - 1};
        }
        return f;
    }

    /** The current hard indicators in the latency model's layout (1 = split on). */
    public double[] indicators(LatencyModel layout) {
        double[] u = new double[layout.count()];
        for (int bi = 0; bi < blocks.size(); bi++) {
            Block b = blocks.get(bi);
            for (int j = 0; j < b.units.size(); j++) {
                Unit un = b.units.get(j);
                for (int i = 1; i < un.nk; i++) u[layout.kernelIndicator(bi, j, i)] = un.uk[i] ? 1 : 0;
                for (int d = 1; d < un.es.length; d++) u[layout.expansionIndicator(bi, j, d)] = un.ue[d] ? 1 : 0;
            }
        }
        return u;
    }

    /** The choice read off the current masks: per block, per superkernel, the largest choice whose prefix is on. */
    public Architecture decode(String name) {
        return supernet.architecture(name, (p, j) -> {
            Unit u = blocks.get(p.index()).units.get(j);
            return new Branch(u.ks[u.chosenKernel()], u.es[u.chosenExpansion()]);
        });
    }

    /** Per block, per superkernel: {kernel, expansion} currently selected. */
    public int[][][] currentChoiceIndices() {
        int[][][] f = new int[blocks.size()][][];
        for (int bi = 0; bi < blocks.size(); bi++) {
            Block b = blocks.get(bi);
            f[bi] = new int[b.units.size()][];
            for (int j = 0; j < b.units.size(); j++) f[bi][j] = new int[]{b.units.get(j).chosenKernel(), b.units.get(j).chosenExpansion()};
        }
        return f;
    }

    public int[][][] currentChoices() {
        int[][][] f = new int[blocks.size()][][];
        for (int bi = 0; bi < blocks.size(); bi++) {
            Block b = blocks.get(bi);
            f[bi] = new int[b.units.size()][];
            for (int j = 0; j < b.units.size(); j++) {
                Unit u = b.units.get(j);
                f[bi][j] = new int[]{u.ks[u.chosenKernel()], u.es[u.chosenExpansion()]};
            }
        }
        return f;
    }

    /**
     * The split energies of the current weights (x + t of every indicator; a slice's per kernel ring), in the units of
     * {@link #indicatorInputs}: the decoded architecture as a function of the thresholds alone ({@link SplitGeometry}).
     */
    public SplitGeometry geometry(LatencyModel layout) {
        List<SplitGeometry.Unit> out = new ArrayList<>();
        for (int bi = 0; bi < blocks.size(); bi++) {
            Block b = blocks.get(bi);
            for (int j = 0; j < b.units.size(); j++) {
                Unit u = b.units.get(j);
                float[] w = u.wd.value;
                double[] ring = new double[u.nk];
                double[][] slice = new double[u.es.length][u.nk];
                for (int i = 0; i < w.length; i++) {
                    double e = (double) w[i] * w[i];
                    int r = u.ringOf[i / u.cj], d = u.sliceOf[i % u.cj];
                    ring[r] += e;
                    slice[d][r] += e;
                }
                for (int i = 1; i < u.nk; i++) ring[i] = ring[i] / u.ringCount[i] / u.nu;
                for (int d = 1; d < u.es.length; d++) for (int r = 0; r < u.nk; r++) slice[d][r] = slice[d][r] / u.sliceCount[d] / u.nu;
                int[] lk = new int[u.nk], le = new int[u.es.length];
                for (int i = 1; i < u.nk; i++) lk[i] = layout.kernelIndicator(bi, j, i);
                for (int d = 1; d < u.es.length; d++) le[d] = layout.expansionIndicator(bi, j, d);
                out.add(new SplitGeometry.Unit(bi, j, ring, slice, u.tk.clone(), u.te.clone(), lk, le));
            }
        }
        return new SplitGeometry(out.toArray(new SplitGeometry.Unit[0]), thresholds.count(), layout);
    }

    /** The current threshold values (a copy). */
    public double[] thresholdValues() { return thresholds.value.clone(); }

    /** Sets the thresholds (e.g. a guarded step or the final repair) and the masks they select. */
    public void setThresholdValues(double[] t) {
        if (t.length != thresholds.count()) throw new IllegalArgumentException(t.length + " thresholds given, the supernet has " + thresholds.count());
        System.arraycopy(t, 0, thresholds.value, 0, t.length);
        setMasks(MaskMode.THRESHOLDS, null, null);
    }

    /** Current indicator inputs x = mean(w_split^2) / nu - t, in threshold order. */
    public double[] indicatorInputs() {
        double[] x = new double[thresholds.count()];
        for (Block b : blocks) {
            for (Unit u : b.units) {
                for (int i = 1; i < u.nk; i++) x[u.tk[i]] = u.xk[i];
                for (int d = 1; d < u.es.length; d++) x[u.te[d]] = u.xe[d];
            }
        }
        return x;
    }

    // ---------------------------------------------------------------- forward / backward

    /** Forward pass on a batch of NHWC images (batch x res x res x inC); returns the logits [batch x classes] (heap, live). */
    public float[] forward(float[] images, boolean training) {
        return training ? forwardHeap(images, true) : forwardEval(images);
    }

    /** The training forward (BN on the heap); with training = false, the reference for {@link #forwardEval}. */
    float[] forwardHeap(float[] images, boolean training) {
        Profile.push(Profile.Part.STEM);
        Im2col.stem(images, colHeap, batch, res, res, inC, h0, w0, stemK, stemS, stemPad, colW);
        Nd.upload(colHeap, col);
        Nd.gemm(col, ws.device, s0, false, false, 1, 0);
        Nd.download(s0, s0Heap, 0, s0Heap.length);
        Profile.pop();
        bnS.forward(s0Heap, s1Heap, null, (int) s0.size(0), training);
        Nd.upload(s1Heap, s1);
        INDArray x = s1;
        float[] xHeap = s1Heap;
        for (Block b : blocks) {
            x = b.forward(x, xHeap, training);
            xHeap = b.outHeap();
        }
        lastBlockOut = x;
        Profile.push(Profile.Part.HEAD);
        Nd.gemm(x, wh.device, hPre, false, false, 1, 0);
        Nd.download(hPre, hPreHeap, 0, hPreHeap.length);
        bnH.forward(hPreHeap, hPostHeap, null, (int) hPre.size(0), training);
        float[] out = head();
        Profile.pop();
        return out;
    }

    /**
     * The inference forward, all native: every BN (running statistics) is folded into the weights of the conv before
     * it plus a bias, the activations run in place, the projection's BN and the residual are the projection GEMMs'
     * starting value; nothing goes through the heap but the pooled head. Same result as the training-path code with
     * training = false up to float rounding (the scale multiplies the weights instead of the conv's output).
     */
    private float[] forwardEval(float[] images) {
        Profile.push(Profile.Part.STEM);
        // the stem as one oneDNN conv on the images (no im2col): ws is [k, k, inC, stemC] row-major
        Nd.upload(images, 0, imagesDev, imagesDev.length());
        fold(bnS, ws.value, colW, stemC, evalWs, evalBs);
        Nd.conv2dBias(imagesDev, evalWs.reshape('c', stemK, stemK, inC, stemC), evalBs, s1.reshape('c', batch, h0, w0, stemC), stemK, stemS, stemPad);
        bnS.activateInPlace(s1);
        Profile.pop();
        INDArray x = s1;
        for (Block b : blocks) x = b.forwardEval(x);
        Profile.push(Profile.Part.HEAD);
        fold(bnH, wh.value, headIn, feat, evalWh, evalBh);
        Nd.gemmBias(x, evalWh, evalBh, hPre);
        bnH.activateInPlace(hPre);
        Nd.download(hPre, hPostHeap, 0, hPostHeap.length);
        float[] out = head();
        Profile.pop();
        return out;
    }

    /** Uploads w [rows, cols] with column j scaled by bn's eval scale, and bn's eval shift as the bias. */
    private static void fold(BatchNorm bn, float[] w, int rows, int cols, INDArray wDev, INDArray biasDev) {
        float[] scale = new float[cols], shift = new float[cols], f = new float[rows * cols];
        bn.evalAffine(scale, shift);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) f[r * cols + j] = w[r * cols + j] * scale[j];
        }
        Nd.upload(f, wDev);
        Nd.upload(shift, biasDev);
    }

    /** Global average pool of hPostHeap, FC: the logits (heap, live). */
    private float[] head() {
        GlobalPool.forward(hPostHeap, pooledHeap, batch, hh * hw, feat);
        Nd.upload(pooledHeap, pooled);
        Nd.gemm(pooled, wfc.device, logits, false, false, 1, 0);
        Nd.download(logits, logitsHeap, 0, logitsHeap.length);
        for (int n = 0; n < batch; n++) {
            for (int k = 0; k < classes; k++) logitsHeap[n * classes + k] += bfc.value[k];
        }
        return logitsHeap;
    }

    /** Backward pass from dLoss/dlogits (heap, batch x classes); accumulates every parameter's gradient. */
    public void backward(float[] dLogitsHeap) {
        Profile.push(Profile.Part.HEAD);
        Nd.upload(dLogitsHeap, dLogits);
        for (int n = 0; n < batch; n++) {
            for (int k = 0; k < classes; k++) bfc.grad[k] += dLogitsHeap[n * classes + k];
        }
        Nd.gemm(pooled, dLogits, dWfc, true, false, 1, 0);
        addDownload(dWfc, wfc.grad);
        Nd.gemm(dLogits, wfc.device, dPooled, false, true, 1, 0);
        float[] dp = Nd.download(dPooled);
        GlobalPool.backward(dp, hPostHeap, batch, hh * hw, feat);
        long mh = hPre.size(0);
        bnH.backward(hPreHeap, hPostHeap, hPostHeap, (int) mh);
        INDArray dH = Nd.view(nS1, mh, feat);
        Nd.upload(hPostHeap, 0, dH, mh * feat);
        Nd.gemm(lastBlockOut, dH, dWh, true, false, 1, 0);
        addDownload(dWh, wh.grad);
        int cur = 0;
        INDArray dOut = Nd.view(gradFlat[cur], mh, headIn);
        Nd.gemm(dH, wh.device, dOut, false, true, 1, 0);
        Profile.pop();
        for (int bi = blocks.size() - 1; bi >= 0; bi--) {
            Block b = blocks.get(bi);
            if (b.skipped) {
                b.backwardSkipped();
                continue;
            }
            INDArray dX = Nd.view(gradFlat[1 - cur], b.min, b.cin);
            b.backward(dOut, dX);
            dOut = dX;
            cur = 1 - cur;
        }
        // stem (no input gradient needed)
        int m0 = (int) s0.size(0);
        Nd.download(dOut, hS1, 0, (long) m0 * stemC);
        bnS.backward(s0Heap, hS1, hS1, m0);
        dOut = Nd.view(nS1, m0, stemC);
        Nd.upload(hS1, 0, dOut, (long) m0 * stemC);
        Profile.push(Profile.Part.STEM);
        Nd.gemm(col, dOut, dWs, true, false, 1, 0);
        addDownload(dWs, ws.grad);
        Profile.pop();
    }

    /**
     * Whether the latency term's straight-through gradient also reaches the weights (through x = mean(w^2) / nu - t), as
     * in the paper, or only the thresholds. The target controller keeps it on the thresholds: through the weights it
     * shrinks the splits' energies with the weights' momentum and keeps switching splits off after the term has stopped.
     */
    private boolean latencyIntoWeights = true;

    public void setLatencyIntoWeights(boolean on) { latencyIntoWeights = on; }

    /**
     * Chains the threshold gradients (straight-through: du/dx = sigmoid'(x), x = mean(w^2) / nu - t) for every superkernel
     * after {@link #backward}: the CE part comes from the depthwise and projection gradients, the latency part is
     * {@code latencyCoef * dLatency/du} (null when the loss has no latency term). In SAMPLED/FIXED modes only the
     * weights' gradients are masked (no threshold gradient).
     */
    public void finishGradients(MaskMode mode, LatencyModel layout, double[] dLatencyDu, double latencyCoef) {
        Profile.push(Profile.Part.CHAIN);
        for (int bi = 0; bi < blocks.size(); bi++) {
            Block b = blocks.get(bi);
            for (int j = 0; j < b.units.size(); j++) {
                b.units.get(j).chain(mode == MaskMode.THRESHOLDS, b.skipped, layout, bi, j, dLatencyDu, latencyCoef);
            }
        }
        Profile.pop();
    }

    public void zeroGradients() {
        parameters.zeroGradients();
        Arrays.fill(thresholds.grad, 0);
    }

    /** Uploads the parameters the native side reads (after an optimiser step or a checkpoint restore). */
    public void uploadParameters() {
        parameters.upload();
    }

    private static void addDownload(INDArray src, float[] dst) {
        float[] g = Nd.download(src);
        for (int i = 0; i < g.length; i++) dst[i] += g[i];
    }

    @Override
    public void close() {
        tools.close();
    }

    // ---------------------------------------------------------------- blocks

    /**
     * One searchable block: per superkernel expand -> BN -> act -> depthwise superkernel -> BN -> act; project -> BN;
     * residual. The GEMMs and depthwise convs read and write native buffers; every BN runs on the heap and the BN
     * inputs stay there for the backward (so the backward downloads nothing the forward already had).
     */
    final class Block {
        final BlockPosition pos;
        final int cin, cout, stride, hIn, wIn, hOut, wOut;
        final long min, mout;
        final boolean residual;
        final List<Unit> units = new ArrayList<>();
        final BatchNorm bnP;
        final INDArray p, out, evalBp;
        final float[] pHeap, outHeap;
        INDArray xIn;
        float[] xInHeap;
        boolean skipped;

        Block(BlockPosition pos, int h, int w, Rng rng, List<String> thresholdNames) {
            this.pos = pos;
            cin = pos.inChannels();
            cout = pos.outChannels();
            stride = pos.stride();
            residual = pos.residual();
            hIn = h;
            wIn = w;
            hOut = Architecture.outSize(h, stride);
            wOut = Architecture.outSize(w, stride);
            min = (long) batch * hIn * wIn;
            mout = (long) batch * hOut * wOut;
            int total = 0;
            for (int j = 0; j < pos.superkernels().size(); j++) {
                List<Integer> es = pos.expansionsOf(j);
                total += es.get(es.size() - 1) * cin;
            }
            for (int j = 0; j < pos.superkernels().size(); j++) units.add(new Unit(this, j, total, rng, thresholdNames));
            bnP = parameters.bn("b" + pos.index() + ".project.bn", cout, null);
            p = Nd.zeros(mout, cout);
            out = Nd.zeros(mout, cout);
            evalBp = Nd.zeros(cout);
            pHeap = new float[(int) (mout * cout)];
            outHeap = new float[(int) (mout * cout)];
        }

        long maxMC() {
            long m = Math.max(min * cin, mout * cout);
            for (Unit u : units) m = Math.max(m, Math.max(min, mout) * u.cj);
            return m;
        }

        /** The heap copy of the block's output (its input when skipped). */
        float[] outHeap() { return skipped ? xInHeap : outHeap; }

        /** x is the block input (native) and xHeap its heap copy. */
        INDArray forward(INDArray x, float[] xHeap, boolean training) {
            xIn = x;
            xInHeap = xHeap;
            if (skipped) return x;
            boolean first = true;
            int mi = (int) min, mo = (int) mout;
            for (Unit u : units) {
                // a zeroed superkernel still runs in phase 2: its straight-through gradient may switch it back on
                u.computed = !u.zeroed() || (training && maskMode == MaskMode.THRESHOLDS);
                if (!u.computed) continue;
                Profile.push(Profile.Part.EXPAND_GEMM);
                INDArray e = Nd.view(nS1, min, u.cj);
                Nd.gemm(x, u.we.device, e, false, false, 1, 0);
                Nd.download(e, u.eHeap, 0, min * u.cj);
                Profile.pop();
                u.bnE.forward(u.eHeap, u.aHeap, null, mi, training);
                Profile.push(Profile.Part.DW_FWD);
                Nd.upload(u.aHeap, 0, nS1, min * u.cj);
                INDArray d = Nd.view4(nS2, batch, hOut, wOut, u.cj);
                Nd.depthwise(Nd.view4(nS1, batch, hIn, wIn, u.cj), u.weff, d, u.k, stride, u.pad);
                Nd.download(d, u.dHeap, 0, mout * u.cj);
                Profile.pop();
                u.bnD.forward(u.dHeap, hS1, null, mo, training);
                Profile.push(Profile.Part.PROJECT_GEMM);
                Nd.upload(hS1, 0, u.b, mout * u.cj);
                Nd.gemm(u.b, u.wpEff, p, false, false, 1, first ? 0 : 1);
                Profile.pop();
                first = false;
            }
            if (first) p.assign(0);
            Nd.download(p, pHeap, 0, pHeap.length);
            bnP.forward(pHeap, outHeap, residual ? xHeap : null, mo, training);
            Nd.upload(outHeap, out);
            return out;
        }

        /** The inference forward (see {@link SupernetNet#forwardEval}); x is native, the output is {@link #out}. */
        INDArray forwardEval(INDArray x) {
            if (skipped) return x;
            float[] scaleP = new float[cout], shiftP = new float[cout];
            bnP.evalAffine(scaleP, shiftP);
            Nd.upload(shiftP, evalBp);
            // the first superkernel's projection carries the projection BN's shift as its bias, the others add onto
            // it, the residual comes last
            boolean first = true;
            for (Unit u : units) {
                if (u.zeroed()) continue;
                Profile.push(Profile.Part.EXPAND_GEMM);
                fold(u.bnE, u.we.value, cin, u.cj, u.evalWe, u.evalBe);
                INDArray e = Nd.view(nS1, min, u.cj);
                Nd.gemmBias(x, u.evalWe, u.evalBe, e);
                u.bnE.activateInPlace(e);
                Profile.pop();
                Profile.push(Profile.Part.DW_FWD);
                float[] scale = new float[u.cj], shift = new float[u.cj], wd = new float[u.wk.length];
                u.bnD.evalAffine(scale, shift);
                for (int i = 0; i < wd.length; i++) wd[i] = u.wk[i] * scale[i % u.cj];
                Nd.upload(wd, u.evalWd);
                Nd.upload(shift, u.evalBd);
                INDArray d = Nd.view4(nS2, batch, hOut, wOut, u.cj);
                Nd.depthwiseBias(Nd.view4(nS1, batch, hIn, wIn, u.cj), u.evalWd, u.evalBd, d, u.k, stride, u.pad);
                u.bnD.activateInPlace(d);
                Profile.pop();
                Profile.push(Profile.Part.PROJECT_GEMM);
                float[] wp = new float[u.cj * cout];
                for (int c = 0; c < u.cj; c++) {
                    for (int o = 0; o < cout; o++) wp[c * cout + o] = u.wpEffHeap[c * cout + o] * scaleP[o];
                }
                Nd.upload(wp, u.evalWp);
                if (first) Nd.gemmBias(Nd.view(nS2, mout, u.cj), u.evalWp, evalBp, out);
                else Nd.gemm(Nd.view(nS2, mout, u.cj), u.evalWp, out, false, false, 1, 1);
                first = false;
                Profile.pop();
            }
            if (first) {
                // every superkernel zeroed (a non-residual block): the projection BN's shift alone
                out.assign(0);
                out.addiRowVector(evalBp);
            }
            if (residual) out.addi(x);
            return out;
        }

        void backwardSkipped() {
            for (Unit u : units) {
                u.computed = false;
                Arrays.fill(u.dWeff, 0f);
                Arrays.fill(u.dWpEff, 0f);
            }
        }

        void backward(INDArray dOut, INDArray dX) {
            int mi = (int) min, mo = (int) mout;
            long outLen = mout * cout;
            Nd.download(dOut, hS2, 0, outLen);
            // the residual's gradient first, then every superkernel's expand GEMM accumulates onto it
            boolean first = !residual;
            if (residual) Nd.upload(hS2, 0, dX, outLen);
            bnP.backward(pHeap, hS2, hS2, mo);
            INDArray dP = Nd.view(nS1, mout, cout);
            Nd.upload(hS2, 0, dP, outLen);
            for (Unit u : units) {
                if (!u.computed) {
                    Arrays.fill(u.dWeff, 0f);
                    Arrays.fill(u.dWpEff, 0f);
                    continue;
                }
                Profile.push(Profile.Part.PROJECT_GEMM);
                Nd.gemm(u.b, dP, u.dWpEffDev, true, false, 1, 0);
                Nd.download(u.dWpEffDev, u.dWpEff, 0, u.dWpEff.length);
                INDArray dB = Nd.view(nS2, mout, u.cj);
                Nd.gemm(dP, u.wpEff, dB, false, true, 1, 0);
                Nd.download(dB, hS1, 0, mout * u.cj);
                Profile.pop();
                u.bnD.backward(u.dHeap, hS1, hS1, mo);
                tools.depthwiseBackward.run(u.aHeap, hS1, batch, hIn, wIn, hOut, wOut, u.cj, u.k, stride, u.weffFlip, hS2, u.dWeff);
                u.bnE.backward(u.eHeap, hS2, hS2, mi);
                Profile.push(Profile.Part.EXPAND_GEMM);
                INDArray dA = Nd.view(nS2, min, u.cj);
                Nd.upload(hS2, 0, dA, min * u.cj);
                Nd.gemm(xIn, dA, u.dWeDev, true, false, 1, 0);
                addDownload(u.dWeDev, u.we.grad);
                Nd.gemm(dA, u.we.device, dX, false, true, 1, first ? 0 : 1);
                Profile.pop();
                first = false;
            }
            if (first) dX.assign(0);
        }
    }

    /** One superkernel of a block: its expand slice, its depthwise superkernel, its rows of the projection. */
    final class Unit {
        final Block block;
        final int j, k, pad, cj, nk;
        /** The depthwise weights' initial variance (He, fan-out k*k): x is measured in units of it. */
        final double nu;
        final int[] ks, es;
        final int[] ringOf, sliceOf;
        final int[] ringCount, sliceCount;
        final Param we, wd, wp;
        final BatchNorm bnE, bnD;
        /** b: the depthwise BN's output (native, the projection's input, kept for its weight gradient). */
        final INDArray b, weff, weffFlip, wpEff, dWpEffDev, dWeDev;
        /** The inference forward's weights and biases (BN folded in). */
        final INDArray evalWe, evalBe, evalWd, evalBd, evalWp;
        /** The heap copies kept from the forward for the backward: expand output, its activation, depthwise output. */
        final float[] eHeap, aHeap, dHeap;
        final float[] wk, dWeff, dWpEff, wpEffHeap;
        final float[] mk, me;
        final double[] xk, xe;
        final boolean[] uk, ue;
        final int[] tk, te;
        boolean computed;

        Unit(Block block, int j, int totalExpanded, Rng rng, List<String> thresholdNames) {
            this.block = block;
            this.j = j;
            BlockPosition pos = block.pos;
            ks = pos.superkernels().get(j).kernelSizes().stream().mapToInt(Integer::intValue).toArray();
            es = pos.expansionsOf(j).stream().mapToInt(Integer::intValue).toArray();
            k = ks[ks.length - 1];
            pad = (k - 1) / 2;
            nk = ks.length;
            nu = 2.0 / (k * k);
            cj = es[es.length - 1] * block.cin;
            String name = "b" + pos.index() + ".sk" + j;
            ringOf = new int[k * k];
            ringCount = new int[nk];
            for (int ky = 0; ky < k; ky++) {
                for (int kx = 0; kx < k; kx++) {
                    int radius = Math.max(Math.abs(ky - pad), Math.abs(kx - pad));
                    int r = 0;
                    while (ks[r] < 2 * radius + 1) r++;
                    ringOf[ky * k + kx] = r;
                    ringCount[r] += cj;
                }
            }
            sliceOf = new int[cj];
            sliceCount = new int[es.length];
            for (int c = 0; c < cj; c++) {
                int s = 0;
                while (c >= es[s] * block.cin) s++;
                sliceOf[c] = s;
                sliceCount[s] += k * k;
            }
            we = parameters.conv(name + ".expand.w", block.cin * cj, totalExpanded, Nd.zeros(block.cin, cj), rng);
            bnE = parameters.bn(name + ".expand.bn", cj, pos.activation());
            wd = parameters.conv(name + ".depthwise.w", k * k * cj, k * k, null, rng);
            bnD = parameters.bn(name + ".depthwise.bn", cj, pos.activation());
            wp = parameters.conv(name + ".project.w", cj * block.cout, block.cout, null, rng);
            eHeap = new float[(int) (block.min * cj)];
            aHeap = new float[(int) (block.min * cj)];
            dHeap = new float[(int) (block.mout * cj)];
            b = Nd.zeros(block.mout, cj);
            weff = Nd.zeros(k, k, cj, 1);
            weffFlip = Nd.zeros(k, k, cj, 1);
            wpEff = Nd.zeros(cj, block.cout);
            dWpEffDev = Nd.zeros(cj, block.cout);
            dWeDev = Nd.zeros(block.cin, cj);
            evalWe = Nd.zeros(block.cin, cj);
            evalBe = Nd.zeros(cj);
            evalWd = Nd.zeros(k, k, cj, 1);
            evalBd = Nd.zeros(cj);
            evalWp = Nd.zeros(cj, block.cout);
            wk = new float[k * k * cj];
            dWeff = new float[k * k * cj];
            dWpEff = new float[cj * block.cout];
            wpEffHeap = new float[cj * block.cout];
            mk = new float[nk];
            me = new float[es.length];
            xk = new double[nk];
            xe = new double[es.length];
            uk = new boolean[nk];
            ue = new boolean[es.length];
            tk = new int[nk];
            te = new int[es.length];
            for (int i = 1; i < nk; i++) {
                tk[i] = thresholdNames.size();
                thresholdNames.add(name + ".kernel" + ks[i]);
            }
            for (int dd = 1; dd < es.length; dd++) {
                te[dd] = thresholdNames.size();
                thresholdNames.add(name + ".expansion" + es[dd]);
            }
        }

        int nonZeroExp() { return (int) Arrays.stream(es).filter(x -> x != 0).count(); }

        boolean zeroed() { return es[0] == 0 && !ue[1]; }

        int chosenKernel() {
            int c = 0;
            while (c + 1 < nk && uk[c + 1]) c++;
            return c;
        }

        int chosenExpansion() {
            int c = 0;
            while (c + 1 < es.length && ue[c + 1]) c++;
            return c;
        }

        /** Eq. 1-3: kernel rings first (on the raw weight), then channel slices (on the kernel-masked weight). */
        void fromThresholds() {
            double[] t = thresholds.value;
            double[] ring = new double[nk];
            float[] w = wd.value;
            for (int i = 0; i < w.length; i++) ring[ringOf[i / cj]] += (double) w[i] * w[i];
            mk[0] = 1;
            uk[0] = true;
            for (int i = 1; i < nk; i++) {
                xk[i] = ring[i] / ringCount[i] / nu - t[tk[i]];
                uk[i] = xk[i] > 0;
                mk[i] = mk[i - 1] * (uk[i] ? 1 : 0);
            }
            maskKernel();
            double[] slice = new double[es.length];
            for (int i = 0; i < wk.length; i++) slice[sliceOf[i % cj]] += (double) wk[i] * wk[i];
            me[0] = 1;
            ue[0] = true;
            for (int dd = 1; dd < es.length; dd++) {
                xe[dd] = slice[dd] / sliceCount[dd] / nu - t[te[dd]];
                ue[dd] = xe[dd] > 0;
                me[dd] = me[dd - 1] * (ue[dd] ? 1 : 0);
            }
        }

        /** Sets the switches to one choice: kernel index kc, expansion index ec (indicator prefixes on, the next off). */
        void fixed(int kc, int ec) {
            double[] t = thresholds.value;
            mk[0] = 1;
            uk[0] = true;
            for (int i = 1; i < nk; i++) {
                uk[i] = i <= kc;
                mk[i] = uk[i] ? 1 : 0;
            }
            maskKernel();
            me[0] = 1;
            ue[0] = true;
            for (int dd = 1; dd < es.length; dd++) {
                ue[dd] = dd <= ec;
                me[dd] = ue[dd] ? 1 : 0;
            }
            // keep x current for display (the threshold inputs), even though the switches are imposed
            double[] ring = new double[nk];
            for (int i = 0; i < wd.value.length; i++) ring[ringOf[i / cj]] += (double) wd.value[i] * wd.value[i];
            for (int i = 1; i < nk; i++) xk[i] = ring[i] / ringCount[i] / nu - t[tk[i]];
            double[] slice = new double[es.length];
            for (int i = 0; i < wk.length; i++) slice[sliceOf[i % cj]] += (double) wk[i] * wk[i];
            for (int dd = 1; dd < es.length; dd++) xe[dd] = slice[dd] / sliceCount[dd] / nu - t[te[dd]];
        }

        private void maskKernel() {
            float[] w = wd.value;
            for (int i = 0; i < w.length; i++) wk[i] = mk[ringOf[i / cj]] * w[i];
        }

        void uploadEffective() {
            Nd.upload(wk, weff);
            float[] flip = new float[wk.length];
            for (int tap = 0; tap < k * k; tap++) {
                int ky = tap / k, kx = tap % k;
                System.arraycopy(wk, tap * cj, flip, ((k - 1 - ky) * k + (k - 1 - kx)) * cj, cj);
            }
            Nd.upload(flip, weffFlip);
            int co = block.cout;
            for (int c = 0; c < cj; c++) {
                float m = me[sliceOf[c]];
                for (int o = 0; o < co; o++) wpEffHeap[c * co + o] = m * wp.value[c * co + o];
            }
            Nd.upload(wpEffHeap, wpEff);
        }

        /**
         * The straight-through gradients of one nested chain of indicators (the kernel rings or the expansion slices):
         * option {@code i} is used while indicators 1..i are all on, so dL/du_i sums {@code optionSums[s]} over the options
         * s >= i whose other indicators are on. Returns dL/dx_i (the latency term included when it goes into the weights)
         * and subtracts dL/dx_i with the latency term from the thresholds' gradients ({@code thresholdOf[i]}).
         */
        private double[] indicatorGradients(double[] optionSums, boolean[] on, double[] x, int[] thresholdOf,
                                            java.util.function.IntUnaryOperator latencyIndicator, double[] dLat, double coef) {
            int n = optionSums.length;
            double[] gx = new double[n];
            for (int i = 1; i < n; i++) {
                double du = 0;
                for (int s = i; s < n; s++) {
                    double prod = 1;
                    for (int q = 1; q <= s; q++) if (q != i) prod *= on[q] ? 1 : 0;
                    du += optionSums[s] * prod;
                }
                double lat = dLat != null ? coef * dLat[latencyIndicator.applyAsInt(i)] : 0;
                double sd = sigmoidDerivative(x[i]);
                gx[i] = (latencyIntoWeights ? du + lat : du) * sd;
                thresholds.grad[thresholdOf[i]] -= (du + lat) * sd;
            }
            return gx;
        }

        /** Masks the weight gradients and, with thresholds, chains the straight-through indicator gradients. */
        void chain(boolean withThresholds, boolean skipped, LatencyModel layout, int bi, int jj, double[] dLat, double coef) {
            int co = block.cout;
            float[] wpv = wp.value;
            if (!withThresholds) {
                for (int i = 0; i < wk.length; i++) wd.grad[i] += mk[ringOf[i / cj]] * dWeff[i];
                for (int c = 0; c < cj; c++) {
                    float m = me[sliceOf[c]];
                    for (int o = 0; o < co; o++) wp.grad[c * co + o] += m * dWpEff[c * co + o];
                }
                return;
            }
            // channel slices: dL/dm_c = sum_o wp[c,o] * dL/dwpEff[c,o]
            int ne = es.length;
            double[] sliceSum = new double[ne];
            for (int c = 0; c < cj; c++) {
                double dm = 0;
                float m = me[sliceOf[c]];
                for (int o = 0; o < co; o++) {
                    dm += (double) wpv[c * co + o] * dWpEff[c * co + o];
                    wp.grad[c * co + o] += m * dWpEff[c * co + o];
                }
                sliceSum[sliceOf[c]] += dm;
            }
            double[] gxe = indicatorGradients(sliceSum, ue, xe, te, dd -> layout.expansionIndicator(bi, jj, dd), dLat, coef);
            // gradient w.r.t. the kernel-masked weight wk: the conv's, plus the slice norms' (x_e = mean(wk^2) / nu - t)
            double[] ringSum = new double[nk];
            float[] w = wd.value;
            float[] dwk = new float[wk.length];
            for (int i = 0; i < wk.length; i++) {
                int s = sliceOf[i % cj];
                double g = dWeff[i] + (s >= 1 ? 2.0 * wk[i] / (sliceCount[s] * nu) * gxe[s] : 0);
                dwk[i] = (float) g;
                ringSum[ringOf[i / cj]] += g * w[i];
            }
            double[] gxk = indicatorGradients(ringSum, uk, xk, tk, i -> layout.kernelIndicator(bi, jj, i), dLat, coef);
            for (int i = 0; i < wk.length; i++) {
                int r = ringOf[i / cj];
                wd.grad[i] += (float) (mk[r] * dwk[i] + (r >= 1 ? 2.0 * w[i] / (ringCount[r] * nu) * gxk[r] : 0));
            }
        }
    }
}
