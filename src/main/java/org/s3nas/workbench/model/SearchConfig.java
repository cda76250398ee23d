package org.s3nas.workbench.model;

/**
 * A search run's settings (paper §5.1 scaled down for a CPU). The latency term uses the table profiled at the
 * supernet's own input shape even when training runs at {@code trainingResolution} (SPEC §4).
 */
public record SearchConfig(DatasetSpec dataset, int trainingResolution, double targetLatencyMs,
                           LossKind loss, double lambda1, double lambda2,
                           int phase1Epochs, int phase2Epochs, int batchSize,
                           double learningRate, double lrDecay, double lrDecayEpochs,
                           double weightDecay, double labelSmoothing, double gradientClip,
                           double rmsDecay, double rmsMomentum, double rmsEpsilon,
                           long seed, int limitImages, int checkpointEverySteps) {

    /** Paper defaults (λ1 = 15, λ2 = 100, RMSProp 0.9/0.9/1e-3, decay 0.97 per 2.4 epochs) at CPU scale. */
    public static SearchConfig defaults(DatasetSpec dataset, int trainingResolution, double targetLatencyMs) {
        return new SearchConfig(dataset, trainingResolution, targetLatencyMs, LossKind.S3NAS, 15, 100,
                2, 1, 128, 0.016 * 128 / 256, 0.97, 2.4, 1e-5, 0.1, 10, 0.9, 0.9, 1e-3, 1, 0, 200);
    }

    public SearchConfig withTargetLatencyMs(double t) {
        return new SearchConfig(dataset, trainingResolution, t, loss, lambda1, lambda2, phase1Epochs, phase2Epochs, batchSize,
                learningRate, lrDecay, lrDecayEpochs, weightDecay, labelSmoothing, gradientClip, rmsDecay, rmsMomentum,
                rmsEpsilon, seed, limitImages, checkpointEverySteps);
    }

    public SearchConfig withEpochs(int p1, int p2) {
        return new SearchConfig(dataset, trainingResolution, targetLatencyMs, loss, lambda1, lambda2, p1, p2, batchSize,
                learningRate, lrDecay, lrDecayEpochs, weightDecay, labelSmoothing, gradientClip, rmsDecay, rmsMomentum,
                rmsEpsilon, seed, limitImages, checkpointEverySteps);
    }

    public SearchConfig withLimitImages(int k) {
        return new SearchConfig(dataset, trainingResolution, targetLatencyMs, loss, lambda1, lambda2, phase1Epochs, phase2Epochs, batchSize,
                learningRate, lrDecay, lrDecayEpochs, weightDecay, labelSmoothing, gradientClip, rmsDecay, rmsMomentum,
                rmsEpsilon, seed, k, checkpointEverySteps);
    }

    public SearchConfig withSeed(long s) {
        return new SearchConfig(dataset, trainingResolution, targetLatencyMs, loss, lambda1, lambda2, phase1Epochs, phase2Epochs, batchSize,
                learningRate, lrDecay, lrDecayEpochs, weightDecay, labelSmoothing, gradientClip, rmsDecay, rmsMomentum,
                rmsEpsilon, s, limitImages, checkpointEverySteps);
    }
}
