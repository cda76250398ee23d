package org.s3nas.workbench.train;

/**
 * The learning rate of step n (0-based): linear warm-up from lr/W to lr over the first W steps (EfficientNet), then the
 * paper's staircase decay lr * decay^floor(epoch / decayEpochs), the epoch counted from the start of training.
 */
public final class Schedule {
    private Schedule() {}

    public static double learningRate(TrainConfig c, long step, int stepsPerEpoch) {
        return learningRate(c.learningRate(), c.warmupEpochs(), c.lrDecay(), c.lrDecayEpochs(), step, stepsPerEpoch);
    }

    public static double learningRate(double lr, double warmupEpochs, double decay, double decayEpochs, long step, int stepsPerEpoch) {
        double warmupSteps = warmupEpochs * stepsPerEpoch;
        if (step < warmupSteps) return lr * (step + 1) / Math.ceil(warmupSteps);
        double epoch = (double) step / stepsPerEpoch;
        return lr * Math.pow(decay, Math.floor(epoch / decayEpochs));
    }
}
