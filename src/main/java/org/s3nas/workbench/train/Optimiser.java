package org.s3nas.workbench.train;

import java.util.List;
import org.s3nas.workbench.engine.Param;
import org.s3nas.workbench.engine.RmsProp;

/**
 * One optimiser step of the final training, the search engine's ({@link RmsProp}): L2 weight decay on conv/FC weights,
 * global gradient-norm clipping, then RMSProp.
 */
final class Optimiser {
    private Optimiser() {}

    /** Applies the step to every parameter; returns the gradient norm before clipping. */
    static double step(List<Param> params, double lr, TrainConfig c) {
        RmsProp.weightDecay(params, c.weightDecay());
        double norm = c.gradientClip() > 0 ? RmsProp.clip(params, null, false, c.gradientClip()) : RmsProp.globalNorm(params, null, false);
        RmsProp.update(params, lr, c.rmsDecay(), c.rmsMomentum(), c.rmsEpsilon());
        return norm;
    }
}
