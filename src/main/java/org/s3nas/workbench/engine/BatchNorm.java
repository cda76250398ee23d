package org.s3nas.workbench.engine;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.s3nas.workbench.model.Activation;

/**
 * Batch normalisation fused with any activation of {@link Activation} (or none), over the rows of an NHWC activation
 * held on the Java heap as [m, c]; the one batch norm of both networks (the search's supernet and the final
 * training's fixed network). Forward: one pass for the statistics, one fused pass for normalise + affine +
 * activation (+ residual); backward: one pass for the activation's derivative and the two channel sums, one for dx.
 * Training uses (and tracks) the batch statistics, inference the running ones; during a calibration (after an EMA
 * swap, whose weights never produced statistics of their own) the running statistics become the plain average of the
 * calibration batches' statistics.
 *
 * <p>The loops are written for HotSpot's auto-vectoriser (docs/batch-norm.md says why each rule matters): every loop
 * runs flat over a block of whole rows with the per-channel coefficients repeated to the block's length; every array
 * of a loop is indexed by i alone (each block is copied into a per-thread scratch block and back); a mask and sums are
 * separate loops; step functions are {@code min(1, v * 2^127 * 2^127)} (0 for v &lt;= 0, 1 for v &gt; 0) instead of
 * conditionals. The derivative is recomputed from the BN input with the forward's own float coefficients, so it sees
 * bit for bit the pre-activation the forward saw.
 */
public final class BatchNorm {
    static final double EPS = 1e-3;
    static final float RUNNING_MOMENTUM = 0.9f;
    /** Values per block of rows (the scratch and coefficient blocks stay in L1). */
    private static final int BLOCK = 2048;
    /** Blocks summed in float before the sums go to double (float sums of a few hundred values). */
    private static final int FLUSH = 16;
    private static final float BIG = 0x1p127f;

    /** Heap buffers and threads shared by every BN of a network (layers run one after another). */
    public static final class Work {
        final Parallel par;
        float[] x = new float[0], y = new float[0], d = new float[0];
        final double[][] s1, s2;
        /** Per thread: float sums, scratch blocks. */
        final float[][] f1, f2, t1, t2, t3;
        /** Coefficient blocks (read-only inside a parallel section). */
        final float[] pa, pb, pc, pm;
        final int maxC;

        public Work(Parallel par, int maxC) {
            this.par = par;
            this.maxC = maxC;
            int len = Math.max(BLOCK, maxC);
            s1 = new double[par.parts][maxC];
            s2 = new double[par.parts][maxC];
            f1 = new float[par.parts][len];
            f2 = new float[par.parts][len];
            t1 = new float[par.parts][len];
            t2 = new float[par.parts][len];
            t3 = new float[par.parts][len];
            pa = new float[len];
            pb = new float[len];
            pc = new float[len];
            pm = new float[len];
        }

        /** Grows the heap buffers of the INDArray entry points to n values (once per network size). */
        void ensure(int n) {
            if (x.length < n) {
                x = new float[n];
                y = new float[n];
                d = new float[n];
            }
        }
    }

    // ---- block kernels: every array indexed by i from 0 (see the class comment)

    private static void statSums(float[] x, float[] ref, float[] fa, float[] fb, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[i] - ref[i];
            fa[i] += v;
            fb[i] += v * v;
        }
    }

    private static void affine(float[] x, float[] y, float[] a, float[] b, int n) {
        for (int i = 0; i < n; i++) y[i] = x[i] * a[i] + b[i];
    }

    private static void affineResidual(float[] x, float[] r, float[] y, float[] a, float[] b, int n) {
        for (int i = 0; i < n; i++) y[i] = x[i] * a[i] + b[i] + r[i];
    }

    private static void affineRelu(float[] x, float[] y, float[] a, float[] b, int n) {
        for (int i = 0; i < n; i++) y[i] = Math.max(0f, x[i] * a[i] + b[i]);
    }

    private static void affineRelu6(float[] x, float[] y, float[] a, float[] b, int n) {
        for (int i = 0; i < n; i++) y[i] = Math.min(6f, Math.max(0f, x[i] * a[i] + b[i]));
    }

    private static void affineHswish(float[] x, float[] y, float[] a, float[] b, int n) {
        for (int i = 0; i < n; i++) {
            float z = x[i] * a[i] + b[i];
            y[i] = z * Math.min(6f, Math.max(0f, z + 3f)) / 6f;
        }
    }

    private static void affineHsigmoid(float[] x, float[] y, float[] a, float[] b, int n) {
        for (int i = 0; i < n; i++) y[i] = Math.min(6f, Math.max(0f, x[i] * a[i] + b[i] + 3f)) / 6f;
    }

    /** Swish and sigmoid: exp is not vectorised; one scalar loop. */
    private static void affineScalar(Activation ac, float[] x, float[] y, float[] a, float[] b, int n) {
        for (int i = 0; i < n; i++) y[i] = Acts.f(ac, x[i] * a[i] + b[i]);
    }

    /** 1 for v &gt; 0, 0 for v &lt;= 0, without a branch. */
    private static float step(float v) { return Math.min(1f, Math.max(0f, v) * BIG * BIG); }

    private static void maskRelu(float[] x, float[] dy, float[] g, float[] a, float[] b, int n) {
        for (int i = 0; i < n; i++) {
            float y = Math.max(0f, x[i] * a[i] + b[i]);
            g[i] = dy[i] * Math.min(1f, y * BIG * BIG);
        }
    }

    private static void maskRelu6(float[] x, float[] dy, float[] g, float[] a, float[] b, int n) {
        for (int i = 0; i < n; i++) {
            float y = Math.min(6f, Math.max(0f, x[i] * a[i] + b[i]));
            g[i] = dy[i] * Math.min(1f, y * BIG * BIG) * Math.min(1f, (6f - y) * BIG * BIG);
        }
    }

    /** h-swish' = 0 below -3, (2z + 3) / 6 inside, 1 from 3 on. */
    private static void maskHswish(float[] x, float[] dy, float[] g, float[] a, float[] b, int n) {
        for (int i = 0; i < n; i++) {
            float z = x[i] * a[i] + b[i];
            float above = step(3f - z);
            g[i] = dy[i] * (step(z + 3f) * above * (2f * z + 3f) / 6f + (1f - above));
        }
    }

    private static void maskHsigmoid(float[] x, float[] dy, float[] g, float[] a, float[] b, int n) {
        for (int i = 0; i < n; i++) {
            float z = x[i] * a[i] + b[i];
            g[i] = dy[i] * (step(z + 3f) * step(3f - z) / 6f);
        }
    }

    private static void maskScalar(Activation ac, float[] x, float[] dy, float[] g, float[] a, float[] b, int n) {
        for (int i = 0; i < n; i++) g[i] = dy[i] * Acts.df(ac, x[i] * a[i] + b[i]);
    }

    /** y = act(x * a + b) over a block. */
    private static void affineAct(Activation ac, float[] x, float[] y, float[] a, float[] b, int n) {
        switch (ac) {
            case RELU -> affineRelu(x, y, a, b, n);
            case RELU6 -> affineRelu6(x, y, a, b, n);
            case HSWISH -> affineHswish(x, y, a, b, n);
            case HSIGMOID -> affineHsigmoid(x, y, a, b, n);
            case SWISH, SIGMOID -> affineScalar(ac, x, y, a, b, n);
        }
    }

    /** g = dy * act'(x * a + b) over a block. */
    private static void maskAct(Activation ac, float[] x, float[] dy, float[] g, float[] a, float[] b, int n) {
        switch (ac) {
            case RELU -> maskRelu(x, dy, g, a, b, n);
            case RELU6 -> maskRelu6(x, dy, g, a, b, n);
            case HSWISH -> maskHswish(x, dy, g, a, b, n);
            case HSIGMOID -> maskHsigmoid(x, dy, g, a, b, n);
            case SWISH, SIGMOID -> maskScalar(ac, x, dy, g, a, b, n);
        }
    }

    private static void gradSums(float[] x, float[] g, float[] mean, float[] fa, float[] fb, int n) {
        for (int i = 0; i < n; i++) {
            float v = g[i];
            fa[i] += v;
            fb[i] += v * (x[i] - mean[i]);
        }
    }

    private static void gradApply(float[] x, float[] g, float[] a, float[] b, float[] c, int n) {
        for (int i = 0; i < n; i++) g[i] = g[i] * a[i] + x[i] * b[i] + c[i];
    }

    public final int c;
    public final Param gamma, beta;
    public final float[] runMean, runVar;
    public final Activation act;
    private final double[] mean, invstd;
    /** At least 0 during a calibration: the batches averaged so far. */
    private int calibration = -1;
    /** The forward's y = x * scale + shift (before the activation), kept for the backward's mask. */
    private final float[] scale, shift;
    private final Work work;

    /** A BN whose parameters keep no moving average (the search's). */
    public BatchNorm(String name, int c, Activation act, Work work) {
        this(name, c, act, work, false);
    }

    /** @param act null for none; {@code keepEma}: gamma and beta keep an exponential moving average (final training) */
    public BatchNorm(String name, int c, Activation act, Work work, boolean keepEma) {
        this.c = c;
        this.act = act;
        this.work = work;
        if (c > work.maxC) throw new IllegalArgumentException(name + ": " + c + " channels, the work buffers hold " + work.maxC);
        gamma = new Param(name + ".gamma", c, false, null, keepEma);
        beta = new Param(name + ".beta", c, false, null, keepEma);
        Arrays.fill(gamma.value, 1f);
        runMean = new float[c];
        runVar = new float[c];
        Arrays.fill(runVar, 1f);
        mean = new double[c];
        invstd = new double[c];
        scale = new float[c];
        shift = new float[c];
    }

    /** From now on, training-mode forwards set the running statistics to the average of their batch statistics. */
    public void startCalibration() { calibration = 0; }

    public void endCalibration() { calibration = -1; }

    /**
     * The eval-mode affine of the running statistics, y = act(x * scale + shift), in the forward's own float rounding
     * (an eval forward folds it into the weights before this BN and a bias).
     */
    public void evalAffine(float[] scaleOut, float[] shiftOut) {
        for (int k = 0; k < c; k++) {
            double is = 1 / Math.sqrt(runVar[k] + EPS);
            scaleOut[k] = (float) (gamma.value[k] * is);
            shiftOut[k] = (float) (beta.value[k] - runMean[k] * gamma.value[k] * is);
        }
    }

    /**
     * Applies this BN's activation to a contiguous native array in place (eval forward): ReLU and ReLU6 with ND4J's
     * legacy scalar ops (faster than the custom relu op), the others on the heap with the training's own functions.
     */
    public void activateInPlace(INDArray y) {
        if (act == null) return;
        switch (act) {
            case RELU -> org.nd4j.linalg.factory.Nd4j.getExecutioner().exec(new org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear(y, y, 0.0));
            case RELU6 -> org.nd4j.linalg.factory.Nd4j.getExecutioner().exec(new org.nd4j.linalg.api.ops.impl.scalar.Relu6(y, y, 0.0));
            default -> {
                int n = (int) y.length();
                work.ensure(n);
                float[] v = work.y;
                Nd.download(y, v, 0, n);
                for (int i = 0; i < n; i++) v[i] = Acts.f(act, v[i]);
                Nd.upload(v, 0, y, n);
            }
        }
    }

    /** Rows per block of a flat loop. */
    private int rowsPerBlock() { return Math.max(1, BLOCK / c); }

    /** Adds a block of float sums to the per-channel double sums and clears it. */
    private static void flush(float[] fa, float[] fb, double[] a, double[] b, int len, int c) {
        for (int i = 0; i < len; i++) {
            a[i % c] += fa[i];
            b[i % c] += fb[i];
        }
        Arrays.fill(fa, 0, len, 0f);
        Arrays.fill(fb, 0, len, 0f);
    }

    /** Repeats a per-channel row over a block of rows. */
    private void repeat(float[] row, float[] pattern) {
        int len = rowsPerBlock() * c;
        for (int i = 0; i < len; i += c) System.arraycopy(row, 0, pattern, i, c);
    }

    /**
     * Per-channel sums of (v - ref) and of (v - ref)^2 over m rows, per part then combined in a fixed order
     * (deterministic). The reference (the first row) keeps the float sums away from cancellation. Every part's sums are cleared first: {@link Parallel#rows} runs fewer parts
     * for small row counts, and a part that does not run must add nothing (it once added a previous layer's sums:
     * garbage statistics below 1024 rows).
     */
    private void columnSums(float[] v, int m, float[] refPattern, double[] sum, double[] sumProd) {
        summedPass(m, (base, n, part, fa, fb) -> {
            float[] t = work.t1[part];
            System.arraycopy(v, base, t, 0, n);
            statSums(t, refPattern, fa, fb, n);
        }, sum, sumProd);
    }

    /** One block of a {@link #summedPass}: values [base, base + n) of the [m, c] rows; adds its sums to fa and fb. */
    private interface SumBlock { void run(int base, int n, int part, float[] fa, float[] fb); }

    /**
     * Runs {@code block} over the m rows in blocks of whole rows, in parallel parts, and gathers the per-channel sums
     * it adds (float per block, flushed to double every {@link #FLUSH} blocks, parts combined in a fixed order).
     */
    private void summedPass(int m, SumBlock block, double[] sum, double[] sumProd) {
        Work k = work;
        int rows = rowsPerBlock(), cc = c;
        for (int p = 0; p < k.par.parts; p++) {
            Arrays.fill(k.s1[p], 0, cc, 0);
            Arrays.fill(k.s2[p], 0, cc, 0);
        }
        k.par.rows(m, (from, to, part) -> {
            double[] a = k.s1[part], b = k.s2[part];
            float[] fa = k.f1[part], fb = k.f2[part];
            int len = rows * cc;
            Arrays.fill(fa, 0, len, 0f);
            Arrays.fill(fb, 0, len, 0f);
            int blocks = 0;
            for (int r0 = from; r0 < to; r0 += rows) {
                block.run(r0 * cc, Math.min(rows, to - r0) * cc, part, fa, fb);
                if (++blocks == FLUSH || r0 + rows >= to) {
                    flush(fa, fb, a, b, len, cc);
                    blocks = 0;
                }
            }
        });
        Arrays.fill(sum, 0);
        Arrays.fill(sumProd, 0);
        for (int p = 0; p < k.par.parts; p++) {
            for (int ch = 0; ch < cc; ch++) { sum[ch] += k.s1[p][ch]; sumProd[ch] += k.s2[p][ch]; }
        }
    }

    /** y = act(gamma * (x - mean) / sqrt(var + eps) + beta); training uses (and tracks) the batch statistics. */
    public void forward(INDArray x, INDArray y, boolean training) { forward(x, y, null, training); }

    /** As {@link #forward(INDArray, INDArray, boolean)}, then adds {@code residual} (when not null) to y. */
    public void forward(INDArray x, INDArray y, INDArray residual, boolean training) {
        int m = (int) x.size(0);
        int n = m * c;
        work.ensure(n);
        Nd.download(x, work.x, 0, n);
        if (residual != null) Nd.download(residual, work.d, 0, n);
        forward(work.x, work.y, residual == null ? null : work.d, m, training);
        Nd.upload(work.y, 0, y, n);
    }

    /**
     * The heap forward: x, y and residual (may be null) are [m, c] from index 0; y may not be x. The backward
     * needs the same x again.
     */
    public void forward(float[] hx, float[] hy, float[] hr, int m, boolean training) {
        Profile.push(Profile.Part.BN_FWD);
        if (training) {
            double[] s1 = new double[c], s2 = new double[c];
            float[] ref = new float[c];
            System.arraycopy(hx, 0, ref, 0, c);
            repeat(ref, work.pm);
            columnSums(hx, m, work.pm, s1, s2);
            for (int k = 0; k < c; k++) {
                double d = s1[k] / m;
                double mu = ref[k] + d;
                double var = Math.max(0, s2[k] / m - d * d);
                mean[k] = mu;
                invstd[k] = 1 / Math.sqrt(var + EPS);
                if (calibration >= 0) {
                    runMean[k] = (float) ((runMean[k] * calibration + mu) / (calibration + 1));
                    runVar[k] = (float) ((runVar[k] * calibration + var) / (calibration + 1));
                } else {
                    runMean[k] = RUNNING_MOMENTUM * runMean[k] + (1 - RUNNING_MOMENTUM) * (float) mu;
                    runVar[k] = RUNNING_MOMENTUM * runVar[k] + (1 - RUNNING_MOMENTUM) * (float) var;
                }
            }
            if (calibration >= 0) calibration++;
        } else {
            for (int k = 0; k < c; k++) {
                mean[k] = runMean[k];
                invstd[k] = 1 / Math.sqrt(runVar[k] + EPS);
            }
        }
        for (int k = 0; k < c; k++) {
            scale[k] = (float) (gamma.value[k] * invstd[k]);
            shift[k] = (float) (beta.value[k] - mean[k] * gamma.value[k] * invstd[k]);
        }
        float[] pa = work.pa, pb = work.pb;
        repeat(scale, pa);
        repeat(shift, pb);
        final int cc = c, rows = rowsPerBlock();
        final Activation ac = act;
        final boolean res = hr != null;
        // the fused kernels add a residual only to a BN without activation (the projection BN): never drop one silently
        if (res && ac != null) throw new IllegalArgumentException("a residual with an activation is not supported (" + ac + ")");
        work.par.rows(m, (from, to, part) -> {
            float[] tx = work.t1[part], ty = work.t2[part], tr = work.t3[part];
            for (int r0 = from; r0 < to; r0 += rows) {
                int n = Math.min(rows, to - r0) * cc, base = r0 * cc;
                System.arraycopy(hx, base, tx, 0, n);
                if (ac != null) {
                    affineAct(ac, tx, ty, pa, pb, n);
                } else if (res) {
                    System.arraycopy(hr, base, tr, 0, n);
                    affineResidual(tx, tr, ty, pa, pb, n);
                } else {
                    affine(tx, ty, pa, pb, n);
                }
                System.arraycopy(ty, 0, hy, base, n);
            }
        });
        Profile.pop();
    }

    /**
     * Training-mode backward through the activation and the normalisation: x is the BN input of the last forward,
     * dy the gradient w.r.t. its (activated) output; writes dx (may be dy) and accumulates dgamma/dbeta. y is not
     * needed (the mask is recomputed from x) and kept for the callers' symmetry.
     */
    public void backward(INDArray x, INDArray y, INDArray dy, INDArray dx) {
        int m = (int) x.size(0);
        int n = m * c;
        work.ensure(n);
        Nd.download(x, work.x, 0, n);
        Nd.download(dy, work.d, 0, n);
        backward(work.x, work.d, work.d, m);
        Nd.upload(work.d, 0, dx, n);
    }

    /** The heap backward: x (the forward's input), dy and dx are [m, c] from index 0; dx may be dy. */
    public void backward(float[] hx, float[] hdy, float[] hdx, int m) {
        Profile.push(Profile.Part.BN_BWD);
        final int cc = c, rows = rowsPerBlock();
        float[] pa = work.pa, pb = work.pb, pm = work.pm;
        repeat(scale, pa);
        repeat(shift, pb);
        float[] mu = new float[c];
        for (int k = 0; k < c; k++) mu[k] = (float) mean[k];
        repeat(mu, pm);
        double[] dbeta = new double[c], sxdy = new double[c];
        // one pass: g = dy through the activation's derivative (written to dx), sum g, sum g * (x - mean)
        final Activation ac = act;
        Work wk = work;
        summedPass(m, (base, n, part, fa, fb) -> {
            float[] tx = wk.t1[part], td = wk.t2[part], tg = wk.t3[part];
            System.arraycopy(hx, base, tx, 0, n);
            if (ac == null) {
                System.arraycopy(hdy, base, tg, 0, n);
            } else {
                System.arraycopy(hdy, base, td, 0, n);
                maskAct(ac, tx, td, tg, pa, pb, n);
            }
            gradSums(tx, tg, pm, fa, fb, n);
            System.arraycopy(tg, 0, hdx, base, n);
        }, dbeta, sxdy);
        float[] a = new float[c], b = new float[c], k0 = new float[c];
        for (int k = 0; k < c; k++) {
            double dg = invstd[k] * sxdy[k];
            gamma.grad[k] += (float) dg;
            beta.grad[k] += (float) dbeta[k];
            double s = gamma.value[k] * invstd[k];
            a[k] = (float) s;
            b[k] = (float) (-s * invstd[k] * dg / m);
            k0[k] = (float) (-s * dbeta[k] / m + s * mean[k] * invstd[k] * dg / m);
        }
        repeat(a, pa);
        repeat(b, pb);
        repeat(k0, work.pc);
        float[] pc = work.pc;
        work.par.rows(m, (from, to, part) -> {
            float[] tx = work.t1[part], tg = work.t3[part];
            for (int r0 = from; r0 < to; r0 += rows) {
                int n = Math.min(rows, to - r0) * cc, base = r0 * cc;
                System.arraycopy(hx, base, tx, 0, n);
                System.arraycopy(hdx, base, tg, 0, n);
                gradApply(tx, tg, pa, pb, pc, n);
                System.arraycopy(tg, 0, hdx, base, n);
            }
        });
        Profile.pop();
    }
}
