package org.s3nas.workbench.train;

import java.nio.file.Path;
import org.s3nas.workbench.model.Architecture;

/**
 * What a finished training measured. Accuracies are fractions; the EMA figures are the ones to quote.
 *
 * @param testAccuracy        EMA weights on {@code testImages} images of the dataset's test split
 * @param testAccuracyRaw     the raw (last-step) weights on the same images (BN statistics re-estimated for them too)
 * @param validationAccuracy  EMA weights on the validation split (at most the configured validation images)
 * @param trainImages         training images per epoch (after the validation split and the image limit)
 */
public record TrainResult(Architecture architecture, double testAccuracy, double testAccuracyRaw, double validationAccuracy,
                          int trainImages, int validationImages, int testImages, int epochs, long steps, long parameters,
                          double seconds, Path runDirectory) {}
