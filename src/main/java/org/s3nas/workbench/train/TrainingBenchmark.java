package org.s3nas.workbench.train;

import org.s3nas.workbench.engine.EngineBenchmark;
import org.s3nas.workbench.engine.Param;
import org.s3nas.workbench.engine.Rng;
import org.s3nas.workbench.model.Architecture;

/** The final training's step on synthetic data, for {@link EngineBenchmark#sideBySide} ({@code bench engine --final-training}). */
public final class TrainingBenchmark {
    private TrainingBenchmark() {}

    /**
     * The step {@link FinalTrainer#trainStep} takes (forward with dropout and stochastic depth, label-smoothed CE,
     * backward, decay, clipping, RMSProp, EMA, upload), without the data loading.
     */
    public static EngineBenchmark.Bench of(Architecture arch, TrainConfig cfg) {
        int batch = cfg.batchSize(), res = arch.input().height(), classes = arch.head().classes();
        FixedNet net = new FixedNet(arch, batch, cfg.dropout(), cfg.stochasticDepth(), cfg.seed());
        for (Param p : net.params) System.arraycopy(p.value, 0, p.ema, 0, p.size());
        float[] x = EngineBenchmark.images(batch, res, arch.input().channels());
        int[] y = EngineBenchmark.labels(batch, classes);
        float[] dl = new float[batch * classes];
        Rng rng = new Rng(cfg.seed());
        return new EngineBenchmark.Bench() {
            long step;

            @Override
            public void trainStep() {
                FinalTrainer.step(net, cfg, x, y, dl, cfg.learningRate(), step++, rng);
            }

            @Override
            public void forward() { net.forward(x, false, null); }

            @Override
            public void close() { net.close(); }
        };
    }
}
