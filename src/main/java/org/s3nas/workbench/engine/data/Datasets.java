package org.s3nas.workbench.engine.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.s3nas.workbench.model.DatasetSpec;

/** Loads a {@link DatasetSpec}'s training images, splits off validation, resizes and normalises. */
public final class Datasets {
    private Datasets() {}

    /** Training and validation images, resized to the training resolution and normalised per channel. */
    public record Split(ImageSet train, ImageSet validation, float[] mean, float[] std) {}

    /** The raw training images of a dataset folder (before resizing, split and normalisation). */
    public static ImageSet loadTraining(DatasetSpec spec, Path baseDir) { return load(spec, baseDir, false); }

    /** The raw test split: IDX t10k-images/labels (gzip or not), or CIFAR-10's test_batch.bin. */
    public static ImageSet loadTest(DatasetSpec spec, Path baseDir) { return load(spec, baseDir, true); }

    private static ImageSet load(DatasetSpec spec, Path baseDir, boolean test) {
        Path dir = baseDir == null ? Path.of(spec.path()) : baseDir.resolve(spec.path());
        if (!Files.isDirectory(dir)) throw new DatasetException(dir, "dataset folder not found");
        ImageSet set = switch (spec.format()) {
            case IDX -> {
                String split = test ? "t10k" : "train";
                Path images = find(dir, test, split + "-images-idx3-ubyte", split + "-images.idx3-ubyte");
                Path labels = find(dir, test, split + "-labels-idx1-ubyte", split + "-labels.idx1-ubyte");
                int[] shape = new int[3];
                float[] px = IdxReader.readImages(images, shape);
                int[] lb = IdxReader.readLabels(labels);
                if (lb.length != shape[0]) {
                    throw new DatasetException(labels, lb.length + " labels but " + images.getFileName() + " holds " + shape[0] + " images");
                }
                yield new ImageSet(px, lb, shape[1], shape[2], 1);
            }
            case CIFAR10 -> test ? cifar10Test(dir) : cifar10Training(dir);
        };
        for (int i = 0; i < set.count(); i++) {
            if (set.labels()[i] >= spec.classes()) {
                throw new DatasetException(dir, (test ? "test image " : "image ") + i + " has label " + set.labels()[i]
                        + " but the project declares " + spec.classes() + " classes");
            }
        }
        return set;
    }

    private static ImageSet cifar10Training(Path dir) {
        List<Path> files = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Path f = dir.resolve("data_batch_" + i + ".bin");
            if (Files.exists(f)) files.add(f);
        }
        if (files.isEmpty()) throw new DatasetException(dir.resolve("data_batch_1.bin"), "file not found (CIFAR-10 binary batches expected)");
        return Cifar10Reader.read(files);
    }

    private static ImageSet cifar10Test(Path dir) {
        Path f = dir.resolve("test_batch.bin");
        if (!Files.exists(f)) throw new DatasetException(f, "file not found (the CIFAR-10 test batch)");
        return Cifar10Reader.read(List.of(f));
    }

    private static Path find(Path dir, boolean test, String... stems) {
        for (String s : stems) {
            for (String name : new String[]{s, s + ".gz"}) {
                Path p = dir.resolve(name);
                if (Files.exists(p)) return p;
            }
        }
        throw new DatasetException(dir.resolve(stems[0] + ".gz"), "file not found (" + (test ? "the test split: " : "") + "neither "
                + stems[0] + " nor " + stems[0] + ".gz in " + dir + ")");
    }

    /**
     * Shuffles with {@code seed}, keeps the first {@code limit} images (0 = all), splits off {@code validationFraction}
     * for validation, resizes to {@code resolution} and normalises with the training split's per-channel mean and std.
     */
    public static Split split(ImageSet all, double validationFraction, int limit, int resolution, long seed) {
        int n = all.count();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i]; order[i] = order[j]; order[j] = t;
        }
        int use = limit > 0 ? Math.min(limit, n) : n;
        int nVal = (int) Math.round(use * validationFraction);
        if (validationFraction > 0 && nVal == 0 && use > 1) nVal = 1;
        int[] valIdx = java.util.Arrays.copyOfRange(order, 0, nVal);
        int[] trainIdx = java.util.Arrays.copyOfRange(order, nVal, use);
        ImageSet train = resize(all.select(trainIdx), resolution);
        ImageSet val = resize(all.select(valIdx), resolution);
        int c = all.channels();
        float[] mean = new float[c], std = new float[c];
        double[] s = new double[c], sq = new double[c];
        float[] p = train.pixels();
        for (int i = 0; i < p.length; i++) { s[i % c] += p[i]; sq[i % c] += (double) p[i] * p[i]; }
        long per = Math.max(1, p.length / c);
        for (int k = 0; k < c; k++) {
            double m = s[k] / per;
            mean[k] = (float) m;
            std[k] = (float) Math.max(1e-3, Math.sqrt(Math.max(0, sq[k] / per - m * m)));
        }
        normalise(train, mean, std);
        normalise(val, mean, std);
        return new Split(train, val, mean, std);
    }

    /** In place: {@code (x - mean) / std} per channel. */
    public static void normalise(ImageSet set, float[] mean, float[] std) {
        float[] p = set.pixels();
        int c = mean.length;
        for (int i = 0; i < p.length; i++) p[i] = (p[i] - mean[i % c]) / std[i % c];
    }

    /** Bilinear resize (align-corners false) to a square resolution; the same set when the size already matches. */
    public static ImageSet resize(ImageSet set, int res) {
        if (set.height() == res && set.width() == res) return set;
        int h = set.height(), w = set.width(), c = set.channels(), n = set.count();
        float[] out = new float[n * res * res * c];
        float sy = (float) h / res, sx = (float) w / res;
        float[] in = set.pixels();
        for (int i = 0; i < n; i++) {
            int ib = i * h * w * c, ob = i * res * res * c;
            for (int y = 0; y < res; y++) {
                float fy = Math.max(0, (y + 0.5f) * sy - 0.5f);
                int y0 = Math.min((int) fy, h - 1), y1 = Math.min(y0 + 1, h - 1);
                float ay = fy - y0;
                for (int x = 0; x < res; x++) {
                    float fx = Math.max(0, (x + 0.5f) * sx - 0.5f);
                    int x0 = Math.min((int) fx, w - 1), x1 = Math.min(x0 + 1, w - 1);
                    float ax = fx - x0;
                    for (int k = 0; k < c; k++) {
                        float v00 = in[ib + (y0 * w + x0) * c + k], v01 = in[ib + (y0 * w + x1) * c + k];
                        float v10 = in[ib + (y1 * w + x0) * c + k], v11 = in[ib + (y1 * w + x1) * c + k];
                        out[ob + (y * res + x) * c + k] = (1 - ay) * ((1 - ax) * v00 + ax * v01) + ay * ((1 - ax) * v10 + ax * v11);
                    }
                }
            }
        }
        return new ImageSet(out, set.labels().clone(), res, res, c);
    }

    /** Lists a folder's files (for error messages). */
    static String listing(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList().toString();
        } catch (IOException e) {
            return "(unreadable)";
        }
    }
}
