package org.s3nas.workbench.search.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.s3nas.workbench.model.DatasetSpec;
import org.s3nas.workbench.search.data.Cifar10Reader;
import org.s3nas.workbench.search.data.DatasetException;
import org.s3nas.workbench.search.data.Datasets;
import org.s3nas.workbench.search.data.IdxReader;
import org.s3nas.workbench.search.data.ImageSet;

/**
 * The images of a final training: the training split (minus validation, after the image limit) and the dataset's
 * test split, both at the architecture's resolution and normalised with the training split's per-channel statistics
 * (the same split, shuffle and normalisation as a search with the same seed and limit).
 */
public record TrainData(ImageSet train, ImageSet validation, ImageSet test, float[] mean, float[] std) {

    public static TrainData load(DatasetSpec spec, Path baseDir, int resolution, int limitImages, int testImages, long seed) {
        ImageSet all = Datasets.loadTraining(spec, baseDir);
        Datasets.Split split = Datasets.split(all, spec.validationFraction(), limitImages, resolution, seed);
        ImageSet test = Datasets.resize(loadTest(spec, baseDir).limit(testImages), resolution);
        normalise(test, split.mean(), split.std());
        return new TrainData(split.train(), split.validation(), test, split.mean(), split.std());
    }

    /** The raw test split: IDX t10k-images/labels (gzip or not), or CIFAR-10's test_batch.bin. */
    public static ImageSet loadTest(DatasetSpec spec, Path baseDir) {
        Path dir = baseDir == null ? Path.of(spec.path()) : baseDir.resolve(spec.path());
        if (!Files.isDirectory(dir)) throw new DatasetException(dir, "dataset folder not found");
        ImageSet set = switch (spec.format()) {
            case IDX -> {
                Path images = find(dir, "t10k-images-idx3-ubyte", "t10k-images.idx3-ubyte");
                Path labels = find(dir, "t10k-labels-idx1-ubyte", "t10k-labels.idx1-ubyte");
                int[] shape = new int[3];
                float[] px = IdxReader.readImages(images, shape);
                int[] lb = IdxReader.readLabels(labels);
                if (lb.length != shape[0]) {
                    throw new DatasetException(labels, lb.length + " labels but " + images.getFileName() + " holds " + shape[0] + " images");
                }
                yield new ImageSet(px, lb, shape[1], shape[2], 1);
            }
            case CIFAR10 -> {
                Path f = dir.resolve("test_batch.bin");
                if (!Files.exists(f)) throw new DatasetException(f, "file not found (the CIFAR-10 test batch)");
                yield Cifar10Reader.read(List.of(f));
            }
        };
        for (int i = 0; i < set.count(); i++) {
            if (set.labels()[i] >= spec.classes()) {
                throw new DatasetException(dir, "test image " + i + " has label " + set.labels()[i] + " but the project declares "
                        + spec.classes() + " classes");
            }
        }
        return set;
    }

    private static Path find(Path dir, String... stems) {
        for (String s : stems) {
            for (String name : new String[]{s, s + ".gz"}) {
                Path p = dir.resolve(name);
                if (Files.exists(p)) return p;
            }
        }
        throw new DatasetException(dir.resolve(stems[0] + ".gz"), "file not found (the test split: neither " + stems[0] + " nor "
                + stems[0] + ".gz in " + dir + ")");
    }

    static void normalise(ImageSet set, float[] mean, float[] std) {
        float[] p = set.pixels();
        int c = mean.length;
        for (int i = 0; i < p.length; i++) p[i] = (p[i] - mean[i % c]) / std[i % c];
    }
}
