package org.s3nas.workbench.experiments;

import java.util.Locale;

/**
 * How much work each experiment of the reproduction report may do. Every figure of the report says which budget made
 * it: the numbers of images and epochs are printed beside the accuracies.
 *
 * @param searchImages     training images of each search (before its validation split)
 * @param phase1Epochs     supernet-training epochs of each search
 * @param phase2Epochs     threshold-search epochs of each search
 * @param trainImages      training images of each final training (before its validation split)
 * @param trainEpochs      epochs of each final training
 * @param testImages       test images each final accuracy is measured on (0 = the whole test split)
 * @param randomSamples    architectures the random-search baseline short-trains
 * @param randomEpochs     epochs of each random-search short training
 * @param batchSize        batch of every search and training
 * @param looseTargetFactor the loose target of Table 7 = this x the search target
 */
public record Budget(String name, int searchImages, int phase1Epochs, int phase2Epochs, int trainImages, int trainEpochs,
                     int testImages, int randomSamples, int randomEpochs, int batchSize, double looseTargetFactor) {
    public Budget {
        if (searchImages < batchSize || trainImages < batchSize) {
            throw new IllegalArgumentException("budget '" + name + "': fewer images than one batch of " + batchSize);
        }
        if (phase1Epochs < 1 || phase2Epochs < 1 || trainEpochs < 1 || randomEpochs < 1 || randomSamples < 1) {
            throw new IllegalArgumentException("budget '" + name + "': every epoch count and the random samples must be at least 1");
        }
        if (!(looseTargetFactor > 1)) throw new IllegalArgumentException("budget '" + name + "': the loose target factor must exceed 1");
    }

    /** A few thousand images, 1 + 1 search epochs, 2 training epochs: a couple of hours on a shared 2-core CPU. */
    public static Budget small() { return new Budget("small", 4000, 1, 1, 4000, 2, 2000, 4, 1, 64, 1.6); }

    /** The least that still trains: 1,200 images, one epoch everywhere, 2 random samples. */
    public static Budget tiny() { return new Budget("tiny", 1200, 1, 1, 1200, 1, 1000, 2, 1, 64, 1.6); }

    public static Budget named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "small" -> small();
            case "tiny" -> tiny();
            default -> throw new IllegalArgumentException("--budget: '" + name + "' is not a budget; use small or tiny");
        };
    }

    /** One line for the report header. */
    public String describe() {
        return String.format(Locale.ROOT, "budget '%s': searches on %d images (%d + %d epochs), final trainings on %d images x %d epochs, "
                        + "test on %s images, random search %d samples x %d epoch(s), batch %d", name, searchImages, phase1Epochs, phase2Epochs,
                trainImages, trainEpochs, testImages == 0 ? "all" : String.valueOf(testImages), randomSamples, randomEpochs, batchSize);
    }
}
