package org.s3nas.workbench.engine;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Times networks on synthetic data: one training step (forward, CE, backward, optimiser, upload) and one inference
 * forward pass. Several networks are timed side by side, step by step in turn, so that a machine whose load changes
 * during the run slows them alike (the search's supernet against the final training's fixed network of its largest
 * choices: {@code bench engine --final-training}). The networks' own benches live beside them (search, train).
 */
public final class EngineBenchmark {
    private EngineBenchmark() {}

    /** A network with its synthetic batch: what one benchmark step runs. */
    public interface Bench extends AutoCloseable {
        /** Forward, loss, backward, optimiser step and upload, as the network's trainer does them. */
        void trainStep();

        /** One inference forward pass. */
        void forward();

        @Override
        void close();
    }

    /**
     * Median milliseconds of a training step and of a forward pass, the median CPU milliseconds of the process's
     * threads (Java and native) during a training step (a measure a loaded machine disturbs less than wall time),
     * and the measured count.
     */
    public record Figures(int batch, int resolution, double trainStepMs, double forwardMs, double trainCpuMs, int measured,
                          Map<Profile.Part, Double> profile, Map<Profile.Part, Double> forwardProfile) {
        public double trainImagesPerSecond() { return batch * 1000.0 / trainStepMs; }

        public double forwardImagesPerSecond() { return batch * 1000.0 / forwardMs; }
    }

    /** What the engine did about OpenMP's idle threads (see {@link OpenMpWait}), for the benchmark's header. */
    public static String openMpWait() { return OpenMpWait.outcome(); }

    /** The benchmark's images: Gaussian noise, the same for every network. */
    public static float[] images(int batch, int resolution, int channels) {
        Rng r = new Rng(7);
        float[] x = new float[batch * resolution * resolution * channels];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        return x;
    }

    public static int[] labels(int batch, int classes) {
        Rng r = new Rng(8);
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) y[i] = r.nextInt(classes);
        return y;
    }

    /** Times the benches in turn, step by step: per bench the medians of its measured steps. */
    public static List<Figures> sideBySide(List<Bench> benches, int batch, int resolution, int warmup, int steps, boolean profile) {
        int nb = benches.size();
        double[][] train = new double[nb][steps], fwd = new double[nb][steps], cpu = new double[nb][steps];
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        List<Map<Profile.Part, Double>> trainParts = new ArrayList<>(), fwdParts = new ArrayList<>();
        for (int b = 0; b < nb; b++) {
            trainParts.add(new EnumMap<>(Profile.Part.class));
            fwdParts.add(new EnumMap<>(Profile.Part.class));
        }
        for (int i = -warmup; i < steps; i++) {
            for (int b = 0; b < nb; b++) {
                Bench bench = benches.get(b);
                boolean prof = profile && i >= 0;
                Profile.reset();
                if (prof) Profile.start();
                long c0 = os.getProcessCpuTime(), t0 = System.nanoTime();
                bench.trainStep();
                long t1 = System.nanoTime(), c1 = os.getProcessCpuTime();
                Profile.stop();
                Map<Profile.Part, Double> tp = trainParts.get(b), fp = fwdParts.get(b);
                if (prof) Profile.millis().forEach((p, ms) -> tp.merge(p, ms / steps, Double::sum));
                Profile.reset();
                if (prof) Profile.start();
                long t2 = System.nanoTime();
                bench.forward();
                long t3 = System.nanoTime();
                Profile.stop();
                if (prof) Profile.millis().forEach((p, ms) -> fp.merge(p, ms / steps, Double::sum));
                if (i >= 0) {
                    train[b][i] = (t1 - t0) / 1e6;
                    cpu[b][i] = (c1 - c0) / 1e6;
                    fwd[b][i] = (t3 - t2) / 1e6;
                }
            }
        }
        List<Figures> out = new ArrayList<>();
        for (int b = 0; b < nb; b++) {
            java.util.Arrays.sort(train[b]);
            java.util.Arrays.sort(fwd[b]);
            java.util.Arrays.sort(cpu[b]);
            out.add(new Figures(batch, resolution, train[b][steps / 2], fwd[b][steps / 2], cpu[b][steps / 2], steps,
                    profile ? trainParts.get(b) : null, profile ? fwdParts.get(b) : null));
        }
        return out;
    }
}
