package org.s3nas.workbench.search;

import org.s3nas.workbench.model.Supernet;

/**
 * Times the engine on a supernet with every choice at its largest (BN and masks on): one training step (forward,
 * CE, backward, threshold chaining, weight decay, clipping, RMSProp, upload) and one inference forward pass.
 */
public final class EngineBenchmark {
    private EngineBenchmark() {}

    /** Median milliseconds of a training step and of a forward pass, and the warm-up count used. */
    public record Figures(int batch, int resolution, double trainStepMs, double forwardMs, int measured,
                          java.util.Map<Profile.Part, Double> profile, java.util.Map<Profile.Part, Double> forwardProfile) {
        public double trainImagesPerSecond() { return batch * 1000.0 / trainStepMs; }

        public double forwardImagesPerSecond() { return batch * 1000.0 / forwardMs; }
    }

    /** What the engine did about OpenMP's idle threads (see OpenMpWait), for the benchmark's header. */
    public static String openMpWait() { return OpenMpWait.outcome(); }

    /** As {@link #run(Supernet, int, int, int, int, boolean)} without a profile. */
    public static Figures run(Supernet s, int batch, int resolution, int warmup, int steps) {
        return run(s, batch, resolution, warmup, steps, false);
    }

    /**
     * Times the steps; with {@code profile}, also the mean milliseconds per part of a measured training step and of
     * a measured forward pass ({@link Profile}; the profile's bookkeeping adds a little to the step times).
     */
    public static Figures run(Supernet s, int batch, int resolution, int warmup, int steps, boolean profile) {
        try (SupernetNet net = new SupernetNet(s, batch, resolution, 1)) {
            RmsProp.init(net.params, net.thresholds);
            net.setMasks(SupernetNet.MaskMode.FIXED, null, net.largestChoices());
            Rng r = new Rng(7);
            float[] x = new float[batch * resolution * resolution * s.input().channels()];
            for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
            int classes = s.head().classes();
            int[] y = new int[batch];
            for (int i = 0; i < batch; i++) y[i] = r.nextInt(classes);
            float[] dl = new float[batch * classes];
            double[] train = new double[steps], fwd = new double[steps];
            java.util.Map<Profile.Part, Double> trainParts = new java.util.EnumMap<>(Profile.Part.class), fwdParts = new java.util.EnumMap<>(Profile.Part.class);
            for (int i = -warmup; i < steps; i++) {
                boolean prof = profile && i >= 0;
                Profile.reset();
                if (prof) Profile.start();
                long t0 = System.nanoTime();
                net.zeroGradients();
                float[] logits = net.forward(x, true);
                Losses.crossEntropy(logits, y, batch, classes, 0.1, dl);
                net.backward(dl);
                net.finishGradients(SupernetNet.MaskMode.FIXED, null, null, 0);
                Profile.push(Profile.Part.OPTIMISER);
                RmsProp.weightDecay(net.params, 1e-5);
                RmsProp.clip(net.params, net.thresholds, false, 10);
                RmsProp.update(net.params, 1e-3, 0.9, 0.9, 1e-3);
                net.uploadParameters();
                net.setMasks(SupernetNet.MaskMode.FIXED, null, net.largestChoices());
                Profile.pop();
                long t1 = System.nanoTime();
                Profile.stop();
                if (prof) Profile.millis().forEach((p, ms) -> trainParts.merge(p, ms / steps, Double::sum));
                Profile.reset();
                if (prof) Profile.start();
                net.forward(x, false);
                long t2 = System.nanoTime();
                Profile.stop();
                if (prof) Profile.millis().forEach((p, ms) -> fwdParts.merge(p, ms / steps, Double::sum));
                if (i >= 0) {
                    train[i] = (t1 - t0) / 1e6;
                    fwd[i] = (t2 - t1) / 1e6;
                }
            }
            java.util.Arrays.sort(train);
            java.util.Arrays.sort(fwd);
            return new Figures(batch, resolution, train[steps / 2], fwd[steps / 2], steps, profile ? trainParts : null,
                    profile ? fwdParts : null);
        }
    }
}
