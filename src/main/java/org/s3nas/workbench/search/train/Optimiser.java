package org.s3nas.workbench.search.train;

import java.util.List;
import org.s3nas.workbench.search.Param;

/**
 * One optimiser step as the search engine does it: L2 weight decay on conv/FC weights, global gradient-norm clipping,
 * then RMSProp as in the authors' TF code (ms = rho*ms + (1-rho)*g^2; mom = mu*mom + lr*g/sqrt(ms+eps); w -= mom),
 * with the mean square starting at 0 (a run of a few hundred steps cannot afford TF1's start at 1).
 */
final class Optimiser {
    private Optimiser() {}

    /** Applies the step to every parameter; returns the gradient norm before clipping. */
    static double step(List<Param> params, double lr, TrainConfig c) {
        if (c.weightDecay() > 0) {
            float wd = (float) c.weightDecay();
            for (Param p : params) {
                if (!p.decay) continue;
                for (int i = 0; i < p.size(); i++) p.grad[i] += wd * p.value[i];
            }
        }
        double s = 0;
        for (Param p : params) for (float g : p.grad) s += (double) g * g;
        double norm = Math.sqrt(s);
        float scale = c.gradientClip() > 0 && norm > c.gradientClip() ? (float) (c.gradientClip() / norm) : 1f;
        float d = (float) c.rmsDecay(), m = (float) c.rmsMomentum(), l = (float) lr, e = (float) c.rmsEpsilon();
        for (Param p : params) {
            float[] w = p.value, g = p.grad, ms = p.ms, mom = p.mom;
            for (int i = 0; i < w.length; i++) {
                float gi = g[i] * scale;
                ms[i] = d * ms[i] + (1 - d) * gi * gi;
                mom[i] = m * mom[i] + l * gi / (float) Math.sqrt(ms[i] + e);
                w[i] -= mom[i];
            }
        }
        return norm;
    }
}
