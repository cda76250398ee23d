package org.s3nas.workbench.engine;

import java.util.List;

/**
 * RMSProp as in the authors' TF code: ms = decay*ms + (1-decay)*g^2; mom = momentum*mom + lr*g/sqrt(ms+eps);
 * w -= mom. The mean square starts at 0 (as Keras and PyTorch), not at 1 as TF1's RMSPropOptimizer: with 1, the
 * first few dozen steps barely move the weights, which a CPU-sized search of a few hundred steps cannot afford.
 * The search (weights and thresholds) and the final training (weights) both step with it.
 */
public final class RmsProp {
    private RmsProp() {}

    public static void init(List<Param> params, Thresholds t) {
        for (Param p : params) java.util.Arrays.fill(p.ms, 0f);
        java.util.Arrays.fill(t.ms, 0.0);
    }

    /** Adds weight decay (L2: gradient wd*w) to the decayed parameters' gradients. */
    public static void weightDecay(List<Param> params, double wd) {
        if (wd <= 0) return;
        for (Param p : params) {
            if (!p.decay) continue;
            for (int i = 0; i < p.value.length; i++) p.grad[i] += (float) (wd * p.value[i]);
        }
    }

    /** Global gradient norm over weights and (when included) thresholds. */
    public static double globalNorm(List<Param> params, Thresholds t, boolean withThresholds) {
        double s = 0;
        for (Param p : params) for (float g : p.grad) s += (double) g * g;
        if (withThresholds) for (double g : t.grad) s += g * g;
        return Math.sqrt(s);
    }

    /** Scales every gradient so that the global norm is at most clip; returns the norm before clipping. */
    public static double clip(List<Param> params, Thresholds t, boolean withThresholds, double clip) {
        double norm = globalNorm(params, t, withThresholds);
        if (norm > clip && norm > 0) {
            float f = (float) (clip / norm);
            for (Param p : params) for (int i = 0; i < p.grad.length; i++) p.grad[i] *= f;
            if (withThresholds) for (int i = 0; i < t.grad.length; i++) t.grad[i] *= clip / norm;
        }
        return norm;
    }

    public static void update(List<Param> params, double lr, double decay, double momentum, double eps) {
        float d = (float) decay, m = (float) momentum, l = (float) lr, e = (float) eps;
        for (Param p : params) {
            float[] w = p.value, g = p.grad, ms = p.ms, mom = p.mom;
            for (int i = 0; i < w.length; i++) {
                ms[i] = d * ms[i] + (1 - d) * g[i] * g[i];
                mom[i] = m * mom[i] + l * g[i] / (float) Math.sqrt(ms[i] + e);
                w[i] -= mom[i];
            }
        }
    }

    public static void update(Thresholds t, double lr, double decay, double momentum, double eps) {
        for (int i = 0; i < t.value.length; i++) {
            t.ms[i] = decay * t.ms[i] + (1 - decay) * t.grad[i] * t.grad[i];
            t.mom[i] = momentum * t.mom[i] + lr * t.grad[i] / Math.sqrt(t.ms[i] + eps);
            t.value[i] -= t.mom[i];
        }
    }
}
