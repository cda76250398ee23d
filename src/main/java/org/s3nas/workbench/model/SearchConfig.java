package org.s3nas.workbench.model;

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
                           Double thresholdLearningRateScale, Double thresholdMomentum,
                           long seed, int limitImages, int checkpointEverySteps) {

    /** The thresholds' learning rate = this x the weights' (the paper: 1). */
    public static final double DEFAULT_THRESHOLD_LR_SCALE = 6;
    /** The thresholds' RMSProp momentum (the paper: the weights' 0.9). */
    public static final double DEFAULT_THRESHOLD_MOMENTUM = 0;

    public SearchConfig {
        if (thresholdLearningRateScale == null) thresholdLearningRateScale = DEFAULT_THRESHOLD_LR_SCALE;
        if (thresholdMomentum == null) thresholdMomentum = DEFAULT_THRESHOLD_MOMENTUM;
    }

    /** Paper defaults (λ1 = 15, λ2 = 100, RMSProp 0.9/0.9/1e-3, decay 0.97 per 2.4 epochs) at CPU scale. */
    public static SearchConfig defaults(DatasetSpec dataset, int trainingResolution, double targetLatencyMs) {
        return new SearchConfig(dataset, trainingResolution, targetLatencyMs, LossKind.S3NAS, 15, 100,
                2, 1, 128, 0.016 * 128 / 256, 0.97, 2.4, 1e-5, 0.1, 10, 0.9, 0.9, 1e-3,
                DEFAULT_THRESHOLD_LR_SCALE, DEFAULT_THRESHOLD_MOMENTUM, 1, 0, 200);
    }

    public SearchConfig withTargetLatencyMs(double t) {
        return new SearchConfig(dataset, trainingResolution, t, loss, lambda1, lambda2, phase1Epochs, phase2Epochs, batchSize,
                learningRate, lrDecay, lrDecayEpochs, weightDecay, labelSmoothing, gradientClip, rmsDecay, rmsMomentum,
                rmsEpsilon, thresholdLearningRateScale, thresholdMomentum, seed, limitImages, checkpointEverySteps);
    }

    public SearchConfig withEpochs(int p1, int p2) {
        return new SearchConfig(dataset, trainingResolution, targetLatencyMs, loss, lambda1, lambda2, p1, p2, batchSize,
                learningRate, lrDecay, lrDecayEpochs, weightDecay, labelSmoothing, gradientClip, rmsDecay, rmsMomentum,
                rmsEpsilon, thresholdLearningRateScale, thresholdMomentum, seed, limitImages, checkpointEverySteps);
    }

    public SearchConfig withLimitImages(int k) {
        return new SearchConfig(dataset, trainingResolution, targetLatencyMs, loss, lambda1, lambda2, phase1Epochs, phase2Epochs, batchSize,
                learningRate, lrDecay, lrDecayEpochs, weightDecay, labelSmoothing, gradientClip, rmsDecay, rmsMomentum,
                rmsEpsilon, thresholdLearningRateScale, thresholdMomentum, seed, k, checkpointEverySteps);
    }

    public SearchConfig withSeed(long s) {
        return new SearchConfig(dataset, trainingResolution, targetLatencyMs, loss, lambda1, lambda2, phase1Epochs, phase2Epochs, batchSize,
                learningRate, lrDecay, lrDecayEpochs, weightDecay, labelSmoothing, gradientClip, rmsDecay, rmsMomentum,
                rmsEpsilon, thresholdLearningRateScale, thresholdMomentum, s, limitImages, checkpointEverySteps);
    }

    public SearchConfig withDataset(DatasetSpec d) {
        return new SearchConfig(d, trainingResolution, targetLatencyMs, loss, lambda1, lambda2, phase1Epochs, phase2Epochs, batchSize,
                learningRate, lrDecay, lrDecayEpochs, weightDecay, labelSmoothing, gradientClip, rmsDecay, rmsMomentum,
                rmsEpsilon, thresholdLearningRateScale, thresholdMomentum, seed, limitImages, checkpointEverySteps);
    }

    public SearchConfig withBatchSize(int b) {
        return new SearchConfig(dataset, trainingResolution, targetLatencyMs, loss, lambda1, lambda2, phase1Epochs, phase2Epochs, b,
                learningRate, lrDecay, lrDecayEpochs, weightDecay, labelSmoothing, gradientClip, rmsDecay, rmsMomentum,
                rmsEpsilon, thresholdLearningRateScale, thresholdMomentum, seed, limitImages, checkpointEverySteps);
    }

    public SearchConfig withCheckpointEverySteps(int k) {
        return new SearchConfig(dataset, trainingResolution, targetLatencyMs, loss, lambda1, lambda2, phase1Epochs, phase2Epochs, batchSize,
                learningRate, lrDecay, lrDecayEpochs, weightDecay, labelSmoothing, gradientClip, rmsDecay, rmsMomentum,
                rmsEpsilon, thresholdLearningRateScale, thresholdMomentum, seed, limitImages, k);
    }

    /** The thresholds' optimiser: learning-rate scale and momentum. */
    public SearchConfig withThresholdOptimiser(double lrScale, double momentum) {
        return new SearchConfig(dataset, trainingResolution, targetLatencyMs, loss, lambda1, lambda2, phase1Epochs, phase2Epochs, batchSize,
                learningRate, lrDecay, lrDecayEpochs, weightDecay, labelSmoothing, gradientClip, rmsDecay, rmsMomentum,
                rmsEpsilon, lrScale, momentum, seed, limitImages, checkpointEverySteps);
    }
}
