package org.s3nas.workbench.search.train;

import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.search.Param;

/**
 * Batch normalisation over the rows of an NHWC activation [m, c], fused with the activation, on the heap. Training
 * uses the batch statistics and tracks running ones; inference uses the running ones. During a calibration (after an
 * EMA swap, whose weights never produced statistics of their own) the running statistics become the plain average over
 * the calibration batches.
 */
final class Norm {
    static final double EPS = 1e-3;
    static final float MOMENTUM = 0.9f;

    final int c;
    final Param gamma, beta;
    final float[] runMean, runVar;
    final Activation act;
    private final double[] mean, invstd;
    private final float[] a, b;
    private Buf x;
    private int calibration = -1;

    Norm(String name, int c, Activation act) {
        this.c = c;
        this.act = act;
        gamma = new Param(name + ".gamma", c, false, null, true);
        beta = new Param(name + ".beta", c, false, null, true);
        java.util.Arrays.fill(gamma.value, 1f);
        runMean = new float[c];
        runVar = new float[c];
        java.util.Arrays.fill(runVar, 1f);
        mean = new double[c];
        invstd = new double[c];
        a = new float[c];
        b = new float[c];
    }

    /** From now on, training-mode forwards set the running statistics to the average of their batch statistics. */
    void startCalibration() { calibration = 0; }

    void endCalibration() { calibration = -1; }

    /** out = act(gamma * (x - mean) / sqrt(var + eps) + beta); out may not be x. */
    void forward(Buf in, Buf out, boolean training) {
        x = in;
        float[] hx = in.read();
        int m = in.rows;
        if (training) {
            double[] s1 = new double[c], s2 = new double[c];
            float[] f1 = new float[c], f2 = new float[c];
            // float partial sums over blocks of rows, double across blocks: fast and accurate enough
            for (int r0 = 0; r0 < m; r0 += 256) {
                int r1 = Math.min(m, r0 + 256);
                java.util.Arrays.fill(f1, 0f);
                java.util.Arrays.fill(f2, 0f);
                for (int r = r0; r < r1; r++) {
                    int base = r * c;
                    for (int ch = 0; ch < c; ch++) {
                        float v = hx[base + ch];
                        f1[ch] += v;
                        f2[ch] += v * v;
                    }
                }
                for (int ch = 0; ch < c; ch++) { s1[ch] += f1[ch]; s2[ch] += f2[ch]; }
            }
            for (int k = 0; k < c; k++) {
                double mu = s1[k] / m;
                double var = Math.max(0, s2[k] / m - mu * mu);
                mean[k] = mu;
                invstd[k] = 1 / Math.sqrt(var + EPS);
                if (calibration >= 0) {
                    runMean[k] = (float) ((runMean[k] * calibration + mu) / (calibration + 1));
                    runVar[k] = (float) ((runVar[k] * calibration + var) / (calibration + 1));
                } else {
                    runMean[k] = MOMENTUM * runMean[k] + (1 - MOMENTUM) * (float) mu;
                    runVar[k] = MOMENTUM * runVar[k] + (1 - MOMENTUM) * (float) var;
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
            a[k] = (float) (gamma.value[k] * invstd[k]);
            b[k] = (float) (beta.value[k] - mean[k] * gamma.value[k] * invstd[k]);
        }
        float[] hy = out.write();
        int n = m * c;
        if (act == null) {
            for (int r = 0; r < m; r++) {
                int base = r * c;
                for (int ch = 0; ch < c; ch++) {
                    int i = base + ch;
                    hy[i] = hx[i] * a[ch] + b[ch];
                }
            }
        } else if (act == Activation.RELU) {
            for (int r = 0; r < m; r++) {
                int base = r * c;
                for (int ch = 0; ch < c; ch++) {
                    int i = base + ch;
                    hy[i] = Math.max(0f, hx[i] * a[ch] + b[ch]);
                }
            }
        } else {
            Activation ac = act;
            for (int r = 0; r < m; r++) {
                int base = r * c;
                for (int ch = 0; ch < c; ch++) {
                    int i = base + ch;
                    hy[i] = Acts.f(ac, hx[i] * a[ch] + b[ch]);
                }
            }
        }
    }

    /**
     * Backward of the last training-mode forward: dy is the gradient w.r.t. the activated output; writes the gradient
     * w.r.t. the input into dx (may be dy) and accumulates dgamma, dbeta.
     */
    void backward(Buf dyBuf, Buf dxBuf) {
        float[] hx = x.read();
        float[] dy = dyBuf.read();
        float[] dx = dxBuf == dyBuf ? dyBuf.update() : dxBuf.write();
        int m = x.rows, n = m * c;
        double[] sg = new double[c], sgx = new double[c];
        Activation ac = act;
        float[] f1 = new float[c], f2 = new float[c];
        // pass 1: gradient through the activation (one loop per kind, so the JIT can vectorise the common ones)
        if (ac == Activation.RELU) {
            for (int r = 0; r < m; r++) {
                int base = r * c;
                for (int ch = 0; ch < c; ch++) {
                    int i = base + ch;
                    dx[i] = hx[i] * a[ch] + b[ch] > 0 ? dy[i] : 0f;
                }
            }
        } else if (ac != null) {
            for (int r = 0; r < m; r++) {
                int base = r * c;
                for (int ch = 0; ch < c; ch++) {
                    int i = base + ch;
                    dx[i] = dy[i] * Acts.df(ac, hx[i] * a[ch] + b[ch]);
                }
            }
        } else if (dx != dy) {
            System.arraycopy(dy, 0, dx, 0, n);
        }
        // float partial sums over blocks of rows, double across blocks
        for (int r0 = 0; r0 < m; r0 += 256) {
            int r1 = Math.min(m, r0 + 256);
            java.util.Arrays.fill(f1, 0f);
            java.util.Arrays.fill(f2, 0f);
            for (int r = r0; r < r1; r++) {
                int base = r * c;
                for (int ch = 0; ch < c; ch++) {
                    float g = dx[base + ch];
                    f1[ch] += g;
                    f2[ch] += g * hx[base + ch];
                }
            }
            for (int ch = 0; ch < c; ch++) { sg[ch] += f1[ch]; sgx[ch] += f2[ch]; }
        }
        float[] ka = new float[c], kb = new float[c], kc = new float[c];
        for (int k = 0; k < c; k++) {
            double dg = invstd[k] * (sgx[k] - mean[k] * sg[k]);
            gamma.grad[k] += (float) dg;
            beta.grad[k] += (float) sg[k];
            double s = gamma.value[k] * invstd[k];
            ka[k] = (float) s;
            kb[k] = (float) (-s * invstd[k] * dg / m);
            kc[k] = (float) (-s * sg[k] / m + s * mean[k] * invstd[k] * dg / m);
        }
        for (int r = 0; r < m; r++) {
            int base = r * c;
            for (int ch = 0; ch < c; ch++) {
                int i = base + ch;
                dx[i] = dx[i] * ka[ch] + hx[i] * kb[ch] + kc[ch];
            }
        }
    }
}
