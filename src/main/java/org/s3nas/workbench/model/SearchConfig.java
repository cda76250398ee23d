package org.s3nas.workbench.model;

import java.util.Map;

/**
 * A search run's settings (paper §5.1 scaled down for a CPU). The latency term uses the table profiled at the
 * supernet's own input shape even when training runs at {@code trainingResolution}.
 *
 * <p>The thresholds share RMSProp with the weights, as in the paper, but with their own learning-rate scale and
 * momentum. The paper's values are 1 and the weights' momentum (0.9); they suit its ~2,500 phase-2 steps. A CPU search
 * has a few dozen: momentum 0.9 then carries the thresholds about nine steps past the point where the estimate met
 * the target, and the search ends far below it (a fifth to a half of T on Fashion-MNIST), so the defaults here are a
 * 6x rate without momentum. Absent from a file they take these defaults.
 */
public record SearchConfig(DatasetSpec dataset, int trainingResolution, double targetLatencyMs,
                           LossKind loss, double lambda1, double lambda2,
                           int phase1Epochs, int phase2Epochs, int batchSize,
                           double learningRate, double lrDecay, double lrDecayEpochs,
                           double weightDecay, double labelSmoothing, double gradientClip,
                           double rmsDecay, double rmsMomentum, double rmsEpsilon,
                           Double thresholdLearningRateScale, Double thresholdMomentum, Double targetTolerance,
                           long seed, int limitImages, int checkpointEverySteps) {

    /** The thresholds' learning rate = this x the weights' (the paper: 1). */
    public static final double DEFAULT_THRESHOLD_LR_SCALE = 6;
    /** The thresholds' RMSProp momentum (the paper: the weights' 0.9). */
    public static final double DEFAULT_THRESHOLD_MOMENTUM = 0;

    /** The target band's width below T with loss TARGET: the search lands in [(1 - tolerance) T, T]. */
    public static final double DEFAULT_TARGET_TOLERANCE = 0.03;

    public SearchConfig {
        if (thresholdLearningRateScale == null) thresholdLearningRateScale = DEFAULT_THRESHOLD_LR_SCALE;
        if (thresholdMomentum == null) thresholdMomentum = DEFAULT_THRESHOLD_MOMENTUM;
        if (targetTolerance == null) targetTolerance = DEFAULT_TARGET_TOLERANCE;
    }

    /** The lower edge of the target band, (1 - tolerance) T. */
    public double targetLowerMs() { return (1 - targetTolerance) * targetLatencyMs; }

    /** Paper defaults (λ1 = 15, λ2 = 100, RMSProp 0.9/0.9/1e-3, decay 0.97 per 2.4 epochs) at CPU scale. */
    public static SearchConfig defaults(DatasetSpec dataset, int trainingResolution, double targetLatencyMs) {
        return new SearchConfig(dataset, trainingResolution, targetLatencyMs, LossKind.TARGET, 15, 100,
                2, 1, 128, 0.016 * 128 / 256, 0.97, 2.4, 1e-5, 0.1, 10, 0.9, 0.9, 1e-3,
                DEFAULT_THRESHOLD_LR_SCALE, DEFAULT_THRESHOLD_MOMENTUM, DEFAULT_TARGET_TOLERANCE, 1, 0, 200);
    }

    public SearchConfig withTargetLatencyMs(double t) {
        return Records.with(this, "targetLatencyMs", t);
    }

    public SearchConfig withEpochs(int p1, int p2) {
        return Records.with(this, Map.of("phase1Epochs", p1, "phase2Epochs", p2));
    }

    public SearchConfig withLimitImages(int k) {
        return Records.with(this, "limitImages", k);
    }

    public SearchConfig withSeed(long s) {
        return Records.with(this, "seed", s);
    }

    public SearchConfig withDataset(DatasetSpec d) {
        return Records.with(this, "dataset", d);
    }

    public SearchConfig withBatchSize(int b) {
        return Records.with(this, "batchSize", b);
    }

    public SearchConfig withCheckpointEverySteps(int k) {
        return Records.with(this, "checkpointEverySteps", k);
    }

    /** The thresholds' optimiser: learning-rate scale and momentum. */
    public SearchConfig withThresholdOptimiser(double lrScale, double momentum) {
        return Records.with(this, Map.of("thresholdLearningRateScale", lrScale, "thresholdMomentum", momentum));
    }

    /** The latency-aware loss. */
    public SearchConfig withLoss(LossKind l) {
        return Records.with(this, "loss", l);
    }

    /** The target band's relative width below T (loss TARGET). */
    public SearchConfig withTargetTolerance(double tolerance) {
        return Records.with(this, "targetTolerance", tolerance);
    }
}
