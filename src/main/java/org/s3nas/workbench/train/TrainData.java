package org.s3nas.workbench.train;

import java.nio.file.Path;
import org.s3nas.workbench.engine.data.Datasets;
import org.s3nas.workbench.engine.data.ImageSet;
import org.s3nas.workbench.model.DatasetSpec;

/**
 * The images of a final training: the training split (minus validation, after the image limit) and the dataset's
 * test split, both at the architecture's resolution and normalised with the training split's per-channel statistics
 * (the same split, shuffle and normalisation as a search with the same seed and limit).
 */
public record TrainData(ImageSet train, ImageSet validation, ImageSet test, float[] mean, float[] std) {

    public static TrainData load(DatasetSpec spec, Path baseDir, int resolution, int limitImages, int testImages, long seed) {
        ImageSet all = Datasets.loadTraining(spec, baseDir);
        Datasets.Split split = Datasets.split(all, spec.validationFraction(), limitImages, resolution, seed);
        ImageSet test = Datasets.resize(Datasets.loadTest(spec, baseDir).limit(testImages), resolution);
        Datasets.normalise(test, split.mean(), split.std());
        return new TrainData(split.train(), split.validation(), test, split.mean(), split.std());
    }
}
