package org.s3nas.workbench.search;

import java.util.List;
import org.s3nas.workbench.engine.EngineBenchmark;
import org.s3nas.workbench.engine.Profile;
import org.s3nas.workbench.engine.RmsProp;
import org.s3nas.workbench.model.Supernet;

/** The search's step for {@link EngineBenchmark} ({@code bench engine}): the supernet with every choice at its largest. */
public final class SearchBenchmark {
    private SearchBenchmark() {}

    /** As {@link #run(Supernet, int, int, int, int, boolean)} without a profile. */
    public static EngineBenchmark.Figures run(Supernet s, int batch, int resolution, int warmup, int steps) {
        return run(s, batch, resolution, warmup, steps, false);
    }

    /**
     * Times the search's supernet with every choice at its largest (BN and masks on); with {@code profile}, also the
     * mean milliseconds per part of a measured training step and of a measured forward pass ({@link Profile}; the
     * profile's bookkeeping adds a little to the step times).
     */
    public static EngineBenchmark.Figures run(Supernet s, int batch, int resolution, int warmup, int steps, boolean profile) {
        try (EngineBenchmark.Bench b = supernet(s, batch, resolution)) {
            return EngineBenchmark.sideBySide(List.of(b), batch, resolution, warmup, steps, profile).get(0);
        }
    }

    /** The search's step on the supernet's largest path (thresholds fixed, masks re-applied after each update). */
    public static EngineBenchmark.Bench supernet(Supernet s, int batch, int resolution) {
        SupernetNet net = new SupernetNet(s, batch, resolution, 1);
        RmsProp.init(net.params, net.thresholds);
        net.setMasks(SupernetNet.MaskMode.FIXED, null, net.largestChoices());
        float[] x = EngineBenchmark.images(batch, resolution, s.input().channels());
        int classes = s.head().classes();
        int[] y = EngineBenchmark.labels(batch, classes);
        float[] dl = new float[batch * classes];
        return new EngineBenchmark.Bench() {
            @Override
            public void trainStep() {
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
            }

            @Override
            public void forward() { net.forward(x, false); }

            @Override
            public void close() { net.close(); }
        };
    }

}
