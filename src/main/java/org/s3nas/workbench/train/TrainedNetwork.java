package org.s3nas.workbench.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.s3nas.workbench.engine.data.Datasets;
import org.s3nas.workbench.engine.data.ImageSet;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.post.ExcitationSource;

/**
 * A trained architecture loaded from its run folder ({@link TrainRun}'s {@code model.bin}: EMA weights, their BN
 * statistics, the input normalisation), run in inference mode. As an {@link ExcitationSource} it hands each SE
 * block's sigmoid outputs [image][expanded channel] to the sink, over the dataset's test split first and then its
 * training images when more are asked for.
 */
public final class TrainedNetwork implements ExcitationSource, AutoCloseable {
    private final Architecture arch;
    private final TrainConfig config;
    private final Path dataBaseDir;
    private final FixedNet net;
    private final float[] mean, std;

    private TrainedNetwork(Architecture arch, TrainConfig config, Path dataBaseDir, FixedNet net, float[] mean, float[] std) {
        this.arch = arch;
        this.config = config;
        this.dataBaseDir = dataBaseDir;
        this.net = net;
        this.mean = mean;
        this.std = std;
    }

    /** Whether {@code runDir} holds a finished training (its model file). */
    public static boolean isTrained(Path runDir) {
        return Files.exists(runDir.resolve(TrainRun.MODEL_FILE)) && Files.exists(runDir.resolve(TrainRun.ARCHITECTURE_FILE));
    }

    /**
     * Loads a finished run.
     *
     * @param dataBaseDir folder that the run's relative dataset path resolves against (the project file's folder)
     * @param batch       images per forward pass
     */
    public static TrainedNetwork open(Path runDir, Path dataBaseDir, int batch) throws IOException {
        if (!isTrained(runDir)) {
            throw new IOException(runDir.resolve(TrainRun.MODEL_FILE) + ": not found (the training in " + runDir + " has not finished)");
        }
        Architecture a = TrainRun.readArchitecture(runDir);
        TrainConfig c = TrainRun.readConfig(runDir);
        FixedNet net = new FixedNet(a, batch, 0, 0, 0);
        try {
            float[][] ms = FinalTrainer.readModel(runDir.resolve(TrainRun.MODEL_FILE), net);
            return new TrainedNetwork(a, c, dataBaseDir, net, ms[0], ms[1]);
        } catch (IOException | RuntimeException e) {
            net.close();
            throw e;
        }
    }

    @Override
    public Architecture architecture() { return arch; }

    /** Accuracy of the loaded weights on up to n test images (checks that the model file is the trained network). */
    public double testAccuracy(int n) {
        ImageSet test = prepare(Datasets.loadTest(config.dataset(), dataBaseDir).limit(n));
        int size = test.size(), classes = arch.head().classes(), batch = net.batch;
        float[] x = new float[batch * size];
        int correct = 0;
        for (int start = 0; start < test.count(); start += batch) {
            int m = Math.min(batch, test.count() - start);
            fill(test, start, m, x);
            float[] logits = net.forward(x, false, null);
            for (int i = 0; i < m; i++) {
                int arg = 0;
                for (int k = 1; k < classes; k++) if (logits[i * classes + k] > logits[i * classes + arg]) arg = k;
                if (arg == test.labels()[start + i]) correct++;
            }
        }
        return test.count() == 0 ? Double.NaN : (double) correct / test.count();
    }

    @Override
    public void collect(int maxImages, Sink sink) {
        if (maxImages < 1) return;
        ImageSet test = prepare(Datasets.loadTest(config.dataset(), dataBaseDir).limit(maxImages));
        int remaining = run(test, maxImages, sink);
        if (remaining > 0 && !Thread.currentThread().isInterrupted()) {
            ImageSet train = prepare(Datasets.loadTraining(config.dataset(), dataBaseDir).limit(remaining));
            run(train, remaining, sink);
        }
    }

    /** Runs up to n images of a prepared set; returns how many of the n are left. */
    private int run(ImageSet set, int n, Sink sink) {
        int batch = net.batch, size = set.size();
        float[] x = new float[batch * size];
        int done = 0;
        for (int start = 0; start < set.count() && done < n; start += batch) {
            if (Thread.currentThread().isInterrupted()) return 0;
            int m = Math.min(Math.min(batch, set.count() - start), n - done);
            fill(set, start, m, x);
            net.forward(x, false, null);
            for (Map.Entry<Integer, double[][]> e : net.excitations(m).entrySet()) sink.accept(e.getKey(), e.getValue());
            done += m;
        }
        return n - done;
    }

    private ImageSet prepare(ImageSet raw) {
        ImageSet s = Datasets.resize(raw, net.res);
        if (s == raw) s = new ImageSet(raw.pixels().clone(), raw.labels().clone(), raw.height(), raw.width(), raw.channels());
        if (s.channels() != mean.length) {
            throw new IllegalArgumentException("the dataset images have " + s.channels() + " channels; the network was trained on " + mean.length);
        }
        Datasets.normalise(s, mean, std);
        return s;
    }

    private static void fill(ImageSet set, int start, int m, float[] x) {
        int size = set.size(), batch = x.length / size;
        for (int i = 0; i < batch; i++) {
            int idx = start + Math.min(i, m - 1);
            System.arraycopy(set.pixels(), idx * size, x, i * size, size);
        }
    }

    @Override
    public void close() {
        net.close();
    }
}
