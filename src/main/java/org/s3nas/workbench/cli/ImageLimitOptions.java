package org.s3nas.workbench.cli;

import org.s3nas.workbench.train.TrainConfig;
import picocli.CommandLine.Option;

/** How many images a training uses (train, export-training, random-search): training images, then test images. */
final class ImageLimitOptions {
    @Option(names = "--limit-images", paramLabel = "K", description = "Use only K training images, before the validation split (default: the project's).")
    Integer limit;

    @Option(names = "--test-images", defaultValue = "0", paramLabel = "N", description = "Evaluate on at most N test images (default: the whole test split).")
    int testImages;

    /** {@code c} with these limits; without --limit-images it keeps its own training images. */
    TrainConfig applyTo(TrainConfig c) {
        return c.withImages(limit != null ? limit : c.limitImages(), testImages);
    }
}
