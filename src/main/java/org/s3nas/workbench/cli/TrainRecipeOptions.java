package org.s3nas.workbench.cli;

import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.train.TrainConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The final training's recipe on the command line, shared by {@code train} (the ND4J engine) and
 * {@code export-training} (the PyTorch package): the project's search recipe with these overrides.
 */
final class TrainRecipeOptions {
    @Option(names = "--epochs", defaultValue = "3", paramLabel = "N", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Mixin
    ImageLimitOptions images;

    @Option(names = "--batch", paramLabel = "B", description = "Batch size (default: the project's).")
    Integer batch;

    @Option(names = "--lr", paramLabel = "LR", description = "Peak learning rate (default: the project's).")
    Double lr;

    @Option(names = "--warmup-epochs", paramLabel = "W", description = "Linear warm-up length in epochs (default: 0.2 x epochs, at most 1).")
    Double warmup;

    @Option(names = "--dropout", defaultValue = "0.2", paramLabel = "P", description = "Dropout before the FC (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--stochastic-depth", defaultValue = "0", paramLabel = "P",
            description = "Drop rate of the last residual block, linear in the block index (default: ${DEFAULT-VALUE}, off).")
    double stochasticDepth;

    @Option(names = "--ema", defaultValue = "0.9999", paramLabel = "D", description = "EMA decay of the weights (default: ${DEFAULT-VALUE}; min(D, (1+n)/(10+n)) after n steps).")
    double ema;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: the project's).")
    Long seed;

    /** The project's search recipe with these overrides; an invalid value is an IllegalArgumentException naming it. */
    TrainConfig config(Project p) {
        TrainConfig c = images.applyTo(TrainConfig.from(p.search(), epochs));
        if (batch != null) c = c.withBatchSize(batch);
        if (lr != null) c = c.withLearningRate(lr);
        if (warmup != null) c = c.withWarmupEpochs(warmup);
        if (seed != null) c = c.withSeed(seed);
        c = c.withRegularisation(dropout, stochasticDepth).withEmaDecay(ema);
        if (!c.problems().isEmpty()) throw new IllegalArgumentException(String.join("; ", c.problems()));
        return c;
    }
}
