package org.s3nas.workbench.train;

import java.util.Map;
import org.s3nas.workbench.model.DatasetSpec;
import org.s3nas.workbench.model.Records;
import org.s3nas.workbench.model.SearchConfig;

/**
 * Final-training settings: the paper's recipe (§5.1: RMSProp 0.9/0.9/1e-3, lr decayed x0.97 every 2.4 epochs,
 * weight decay 1e-5, label smoothing 0.1, EMA 0.9999; EfficientNet's linear warm-up, dropout before the FC and
 * stochastic depth) scaled down to a CPU: few epochs, small batches, an image limit.
 *
 * @param dataset             where the images come from (the project's dataset)
 * @param epochs              passes over the training split
 * @param warmupEpochs        linear learning-rate warm-up from 0 (may be fractional)
 * @param emaDecay            EMA decay of the weights; the effective decay is min(emaDecay, (1+n)/(10+n)) after n
 *                            updates (TF's num_updates rule), so a short run averages its recent steps
 * @param dropout             dropout rate before the FC
 * @param stochasticDepth     drop rate of the last residual block (0 = off), linear in the block index
 * @param limitImages         use only this many training images before the validation split (0 = all)
 * @param testImages          evaluate on at most this many test images (0 = the whole test split)
 * @param validationImages    validate on at most this many images at each epoch end (0 = all)
 * @param calibrationBatches  training batches that re-estimate the BN statistics for the EMA weights before evaluation
 */
public record TrainConfig(DatasetSpec dataset, int epochs, int batchSize, double learningRate, double warmupEpochs,
                          double lrDecay, double lrDecayEpochs, double weightDecay, double labelSmoothing, double emaDecay,
                          double dropout, double stochasticDepth, double gradientClip, double rmsDecay, double rmsMomentum,
                          double rmsEpsilon, long seed, int limitImages, int testImages, int validationImages,
                          int calibrationBatches, int checkpointEverySteps) {

    /** The project's search recipe (dataset, batch, learning rate, decay, RMSProp, smoothing) for a final training. */
    public static TrainConfig from(SearchConfig s, int epochs) {
        return new TrainConfig(s.dataset(), epochs, s.batchSize(), s.learningRate(), Math.min(1.0, 0.2 * epochs), s.lrDecay(),
                s.lrDecayEpochs(), s.weightDecay(), s.labelSmoothing(), 0.9999, 0.2, 0, s.gradientClip(), s.rmsDecay(),
                s.rmsMomentum(), s.rmsEpsilon(), s.seed(), s.limitImages(), 0, 2000, 5, Math.max(1, s.checkpointEverySteps()));
    }

    /** Problems with the values, one message per field (empty when valid). */
    public java.util.List<String> problems() {
        java.util.List<String> p = new java.util.ArrayList<>();
        if (dataset == null) p.add("dataset: missing");
        if (epochs < 1) p.add("epochs: must be at least 1, was " + epochs);
        if (batchSize < 1) p.add("batchSize: must be at least 1, was " + batchSize);
        if (!(learningRate > 0)) p.add("learningRate: must be positive, was " + learningRate);
        if (!(warmupEpochs >= 0)) p.add("warmupEpochs: must be 0 or more, was " + warmupEpochs);
        if (!(lrDecay > 0 && lrDecay <= 1)) p.add("lrDecay: must be in (0, 1], was " + lrDecay);
        if (!(lrDecayEpochs > 0)) p.add("lrDecayEpochs: must be positive, was " + lrDecayEpochs);
        if (!(emaDecay >= 0 && emaDecay < 1)) p.add("emaDecay: must be in [0, 1), was " + emaDecay);
        if (!(dropout >= 0 && dropout < 1)) p.add("dropout: must be in [0, 1), was " + dropout);
        if (!(stochasticDepth >= 0 && stochasticDepth < 1)) p.add("stochasticDepth: must be in [0, 1), was " + stochasticDepth);
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) p.add("labelSmoothing: must be in [0, 1), was " + labelSmoothing);
        if (limitImages < 0) p.add("limitImages: must be 0 (all) or more, was " + limitImages);
        if (testImages < 0) p.add("testImages: must be 0 (all) or more, was " + testImages);
        if (checkpointEverySteps < 1) p.add("checkpointEverySteps: must be at least 1, was " + checkpointEverySteps);
        return p;
    }

    public TrainConfig withEpochs(int e) {
        return Records.with(this, "epochs", e);
    }

    public TrainConfig withWarmupEpochs(double w) {
        return Records.with(this, "warmupEpochs", w);
    }

    public TrainConfig withBatchSize(int b) {
        return Records.with(this, "batchSize", b);
    }

    public TrainConfig withLearningRate(double lr) {
        return Records.with(this, "learningRate", lr);
    }

    public TrainConfig withRegularisation(double drop, double depth) {
        return Records.with(this, Map.of("dropout", drop, "stochasticDepth", depth));
    }

    public TrainConfig withEmaDecay(double d) {
        return Records.with(this, "emaDecay", d);
    }

    public TrainConfig withSeed(long s) {
        return Records.with(this, "seed", s);
    }

    public TrainConfig withImages(int limit, int test) {
        return Records.with(this, Map.of("limitImages", limit, "testImages", test));
    }

    public TrainConfig withCheckpointEverySteps(int n) {
        return Records.with(this, "checkpointEverySteps", n);
    }
}
