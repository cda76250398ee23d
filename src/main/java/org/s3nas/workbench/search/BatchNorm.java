package org.s3nas.workbench.search;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.s3nas.workbench.model.Activation;

/**
 * Batch normalisation (+ ReLU / ReLU6) over the rows of an NHWC activation viewed as [m, c], computed on the Java
 * heap: one bulk copy in, one pass for the statistics, one fused pass for normalise + affine + activation, one bulk
 * copy out (backward: two passes). Measured under load, ND4J's broadcast/elementwise ops took 8-15 ms each on
 * 128x28x28x32 and dominated the step; the raw batchnorm/batchnorm_bp ops took 59/314 ms on 128x28x28x96, and
 * SameDiff's batchNorm cannot be trained in M2.1 (STACK.md).
 */
final class BatchNorm {
    static final double EPS = 1e-3;
    static final float RUNNING_MOMENTUM = 0.9f;

    /** Heap buffers and threads shared by every BN of a network (layers run one after another). */
    static final class Work {
        final Parallel par;
        float[] x = new float[0], y = new float[0], d = new float[0];
        final double[][] s1, s2;
        final int maxC;

        Work(Parallel par, int maxC) {
            this.par = par;
            this.maxC = maxC;
            s1 = new double[par.parts][maxC];
            s2 = new double[par.parts][maxC];
        }

        /** Grows the heap buffers to n values (once per network size). */
        void ensure(int n) {
            if (x.length < n) {
                x = new float[n];
                y = new float[n];
                d = new float[n];
            }
        }
    }

    final int c;
    final Param gamma, beta;
    final float[] runMean, runVar;
    final Activation act;
    private final double[] mean, invstd;
    private final Work work;

    BatchNorm(String name, int c, Activation act, Work work) {
        this.c = c;
        this.act = act;
        this.work = work;
        gamma = new Param(name + ".gamma", c, false, null);
        beta = new Param(name + ".beta", c, false, null);
        java.util.Arrays.fill(gamma.value, 1f);
        runMean = new float[c];
        runVar = new float[c];
        java.util.Arrays.fill(runVar, 1f);
        mean = new double[c];
        invstd = new double[c];
        if (act != null && act != Activation.RELU && act != Activation.RELU6) {
            throw new IllegalArgumentException("activation " + act + " is not supported by the search engine (relu, relu6)");
        }
    }

    /** Sums per channel of v (and of v*w when w is given) over rows, per part then combined in a fixed order. */
    private void columnSums(float[] v, float[] w, int m, double[] sum, double[] sumProd, boolean square) {
        Work k = work;
        k.par.rows(m, (from, to, part) -> {
            double[] a = k.s1[part], b = k.s2[part];
            java.util.Arrays.fill(a, 0, c, 0);
            java.util.Arrays.fill(b, 0, c, 0);
            float[] fa = new float[c], fb = new float[c];
            for (int r0 = from; r0 < to; r0 += 256) {
                int r1 = Math.min(to, r0 + 256);
                java.util.Arrays.fill(fa, 0f);
                java.util.Arrays.fill(fb, 0f);
                for (int r = r0; r < r1; r++) {
                    int base = r * c;
                    if (square) {
                        for (int ch = 0; ch < c; ch++) { float x = v[base + ch]; fa[ch] += x; fb[ch] += x * x; }
                    } else {
                        for (int ch = 0; ch < c; ch++) { fa[ch] += v[base + ch]; fb[ch] += v[base + ch] * w[base + ch]; }
                    }
                }
                for (int ch = 0; ch < c; ch++) { a[ch] += fa[ch]; b[ch] += fb[ch]; }
            }
        });
        java.util.Arrays.fill(sum, 0);
        java.util.Arrays.fill(sumProd, 0);
        for (int p = 0; p < k.par.parts; p++) {
            for (int ch = 0; ch < c; ch++) { sum[ch] += k.s1[p][ch]; sumProd[ch] += k.s2[p][ch]; }
        }
    }

    /** y = act(gamma * (x - mean) / sqrt(var + eps) + beta); training uses (and tracks) the batch statistics. */
    void forward(INDArray x, INDArray y, boolean training) { forward(x, y, null, training); }

    /** As {@link #forward(INDArray, INDArray, boolean)}, then adds {@code residual} (when not null) to y. */
    void forward(INDArray x, INDArray y, INDArray residual, boolean training) {
        int m = (int) x.size(0);
        int n = m * c;
        work.ensure(n);
        float[] hx = work.x, hy = work.y, hr = work.d;
        Nd.download(x, hx, 0, n);
        if (residual != null) Nd.download(residual, hr, 0, n);
        final boolean res = residual != null;
        if (training) {
            double[] s1 = new double[c], s2 = new double[c];
            columnSums(hx, null, m, s1, s2, true);
            for (int k = 0; k < c; k++) {
                double mu = s1[k] / m;
                double var = Math.max(0, s2[k] / m - mu * mu);
                mean[k] = mu;
                invstd[k] = 1 / Math.sqrt(var + EPS);
                runMean[k] = RUNNING_MOMENTUM * runMean[k] + (1 - RUNNING_MOMENTUM) * (float) mu;
                runVar[k] = RUNNING_MOMENTUM * runVar[k] + (1 - RUNNING_MOMENTUM) * (float) var;
            }
        } else {
            for (int k = 0; k < c; k++) {
                mean[k] = runMean[k];
                invstd[k] = 1 / Math.sqrt(runVar[k] + EPS);
            }
        }
        float[] a = new float[c], b = new float[c];
        for (int k = 0; k < c; k++) {
            a[k] = (float) (gamma.value[k] * invstd[k]);
            b[k] = (float) (beta.value[k] - mean[k] * gamma.value[k] * invstd[k]);
        }
        final int cc = c;
        final Activation ac = act;
        work.par.rows(m, (from, to, part) -> {
            for (int r = from; r < to; r++) {
                int base = r * cc;
                if (ac == Activation.RELU) {
                    for (int ch = 0; ch < cc; ch++) hy[base + ch] = Math.max(0f, hx[base + ch] * a[ch] + b[ch]);
                } else if (ac == Activation.RELU6) {
                    for (int ch = 0; ch < cc; ch++) hy[base + ch] = Math.min(6f, Math.max(0f, hx[base + ch] * a[ch] + b[ch]));
                } else if (res) {
                    for (int ch = 0; ch < cc; ch++) hy[base + ch] = hx[base + ch] * a[ch] + b[ch] + hr[base + ch];
                } else {
                    for (int ch = 0; ch < cc; ch++) hy[base + ch] = hx[base + ch] * a[ch] + b[ch];
                }
            }
        });
        Nd.upload(hy, 0, y, n);
    }

    /**
     * Training-mode backward through the activation and the normalisation: x is the BN input and y the activated
     * output of the last forward (unused without activation), dy the gradient w.r.t. y; writes dx (may be dy) and accumulates dgamma/dbeta.
     */
    void backward(INDArray x, INDArray y, INDArray dy, INDArray dx) {
        int m = (int) x.size(0);
        int n = m * c;
        work.ensure(n);
        float[] hx = work.x, hy = work.y, hd = work.d;
        Nd.download(x, hx, 0, n);
        Nd.download(dy, hd, 0, n);
        final int cc = c;
        if (act != null) {
            Nd.download(y, hy, 0, n);
            final boolean six = act == Activation.RELU6;
            work.par.rows(m, (from, to, part) -> {
                for (int i = from * cc; i < to * cc; i++) {
                    float v = hy[i];
                    if (v <= 0f || (six && v >= 6f)) hd[i] = 0f;
                }
            });
        }
        double[] dbeta = new double[c], sxdy = new double[c];
        columnSums(hd, hx, m, dbeta, sxdy, false);
        float[] a = new float[c], b = new float[c], k0 = new float[c];
        for (int k = 0; k < c; k++) {
            double dg = invstd[k] * (sxdy[k] - mean[k] * dbeta[k]);
            gamma.grad[k] += (float) dg;
            beta.grad[k] += (float) dbeta[k];
            double s = gamma.value[k] * invstd[k];
            a[k] = (float) s;
            b[k] = (float) (-s * invstd[k] * dg / m);
            k0[k] = (float) (-s * dbeta[k] / m + s * mean[k] * invstd[k] * dg / m);
        }
        work.par.rows(m, (from, to, part) -> {
            for (int r = from; r < to; r++) {
                int base = r * cc;
                for (int ch = 0; ch < cc; ch++) hd[base + ch] = hd[base + ch] * a[ch] + hx[base + ch] * b[ch] + k0[ch];
            }
        });
        Nd.upload(hd, 0, dx, n);
    }
}
