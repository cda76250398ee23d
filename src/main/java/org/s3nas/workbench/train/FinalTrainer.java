package org.s3nas.workbench.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.s3nas.workbench.engine.BatchNorm;
import org.s3nas.workbench.engine.CheckpointIo;
import org.s3nas.workbench.engine.Param;
import org.s3nas.workbench.engine.Rng;
import org.s3nas.workbench.engine.StepLoop;
import org.s3nas.workbench.engine.data.ImageSet;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.search.Losses;

/**
 * Final training of one architecture from scratch (paper §5.1 scaled down): RMSProp, linear warm-up then staircase
 * exponential decay, weight decay, label smoothing, gradient clipping, dropout before the FC, optional stochastic
 * depth, and an EMA of the weights that every evaluation uses (its BN statistics re-estimated on a few training
 * batches, since the averaged weights never produced statistics of their own). Everything random comes from one
 * {@link Rng} whose state is checkpointed, so a resumed run repeats an uninterrupted one.
 */
public final class FinalTrainer extends StepLoop<FinalTrainer.StepStats, TrainHistoryRow> {
    private static final Kind KIND = new Kind("training", 0x53335452 /* "S3TR" */, 1);
    private static final int MODEL_MAGIC = 0x53334D44;      // "S3MD"
    private static final int VERSION = 1;

    final Architecture arch;
    final TrainConfig cfg;
    final TrainData data;
    final FixedNet net;

    /** Statistics of one step. */
    public record StepStats(double loss, double trainAccuracy, double learningRate, double gradientNorm) {}

    public FinalTrainer(Architecture arch, TrainConfig cfg, TrainData data) {
        super(KIND, data.train(), valid(cfg).batchSize(), "batchSize", arch.input().channels(),
                "architecture '" + arch.name() + "' expects " + arch.input().channels() + " input channels", arch.head().classes(),
                cfg.seed() ^ 0x7EA1L, cfg.dataset().augment());
        this.arch = arch;
        this.cfg = cfg;
        this.data = data;
        if (data.train().height() != arch.input().height() || data.train().width() != arch.input().width()) {
            throw new IllegalArgumentException("architecture '" + arch.name() + "' takes " + arch.input().height() + "x" + arch.input().width()
                    + " images but the data was prepared at " + data.train().height() + "x" + data.train().width());
        }
        this.net = new FixedNet(arch, batch, cfg.dropout(), cfg.stochasticDepth(), cfg.seed());
        for (Param p : net.params) System.arraycopy(p.value, 0, p.ema, 0, p.size());
    }

    private static TrainConfig valid(TrainConfig cfg) {
        List<String> problems = cfg.problems();
        if (!problems.isEmpty()) throw new IllegalArgumentException("training configuration: " + String.join("; ", problems));
        return cfg;
    }

    @Override
    protected int totalEpochs() { return cfg.epochs(); }

    public FixedNet network() { return net; }

    public double learningRate() { return Schedule.learningRate(cfg, step, stepsPerEpoch); }

    @Override
    protected StepStats optimiserStep() {
        double lr = learningRate();
        double[] ce = step(net, cfg, batchX, batchY, dLogits, lr, step, rng);
        return new StepStats(ce[0], ce[1] / batch, lr, ce[2]);
    }

    /** The EMA weights' accuracy on the validation split. */
    @Override
    protected double validateAtEpochEnd() { return evaluate(data.validation(), cfg.validationImages(), true); }

    @Override
    protected TrainHistoryRow historyRow(StepStats s, int epoch, double validation, double elapsedSeconds) {
        return new TrainHistoryRow(step, epoch, s.loss(), s.trainAccuracy(), validation, s.learningRate(), elapsedSeconds);
    }

    /**
     * One optimiser step of {@code net} on one batch: forward (dropout and stochastic depth from {@code rng}),
     * label-smoothed CE, backward, decay + clipping + RMSProp, the EMA update and the upload. Returns {CE, correct
     * predictions, gradient norm before clipping}.
     */
    static double[] step(FixedNet net, TrainConfig cfg, float[] x, int[] y, float[] dLogits, double lr, long step, Rng rng) {
        net.zeroGradients();
        float[] logits = net.forward(x, true, rng);
        double[] ce = Losses.crossEntropy(logits, y, net.batch, net.classes, cfg.labelSmoothing(), dLogits);
        if (!Double.isFinite(ce[0])) throw new IllegalStateException("the loss diverged (" + ce[0] + ") at step " + step + "; lower the learning rate");
        net.backward(dLogits);
        double norm = Optimiser.step(net.params, lr, cfg);
        double d = Ema.decayAt(cfg.emaDecay(), step);
        for (Param p : net.params) Ema.update(p.ema, p.value, d);
        net.uploadParameters();
        return new double[]{ce[0], ce[1], norm};
    }

    /**
     * Accuracy on at most {@code maxImages} images of {@code set} (0 = all), with the EMA weights or the raw weights,
     * BN statistics re-estimated for them either way. The training state is untouched.
     */
    public double evaluate(ImageSet set, int maxImages, boolean ema) {
        int n = maxImages > 0 ? Math.min(maxImages, set.count()) : set.count();
        if (n == 0) return Double.NaN;
        return withWeights(ema, () -> accuracy(set, n, arch.head().classes(), x -> net.forward(x, false, null)));
    }

    /**
     * Runs {@code body} with the EMA or the raw weights in place, the BN statistics re-estimated for them (the running
     * statistics of a short training lag behind its fast-moving weights), restoring the training state after.
     */
    <T> T withWeights(boolean ema, java.util.function.Supplier<T> body) {
        float[][] mean = new float[net.norms.size()][], var = new float[net.norms.size()][];
        for (int i = 0; i < net.norms.size(); i++) {
            mean[i] = net.norms.get(i).runMean.clone();
            var[i] = net.norms.get(i).runVar.clone();
        }
        if (ema) swapEma();
        try {
            recalibrate();
            return body.get();
        } finally {
            if (ema) swapEma();
            for (int i = 0; i < net.norms.size(); i++) {
                System.arraycopy(mean[i], 0, net.norms.get(i).runMean, 0, mean[i].length);
                System.arraycopy(var[i], 0, net.norms.get(i).runVar, 0, var[i].length);
            }
        }
    }

    private void swapEma() {
        for (Param p : net.params) Ema.swap(p.value, p.ema);
        net.uploadParameters();
    }

    /** BN running statistics = the average batch statistics of the first training batches (no augmentation, no update). */
    private void recalibrate() {
        net.calibration(true);
        try {
            // dropout and stochastic depth are drawn but do not touch BN statistics
            forFirstBatches(Math.max(1, Math.min(cfg.calibrationBatches(), train.count() / batch)), (x, b) -> net.forward(x, true, new Rng(b)));
        } finally {
            net.calibration(false);
        }
    }

    // ---------------------------------------------------------------- checkpoints and the trained model

    @Override
    protected List<Param> parameters() { return net.params; }

    @Override
    protected List<BatchNorm> norms() { return net.norms; }

    @Override
    protected void writeShape(DataOutputStream out) throws IOException { out.writeInt(net.params.size()); }

    @Override
    protected void readShape(DataInputStream in, Path file) throws IOException {
        int np = in.readInt();
        if (np != net.params.size()) {
            throw new IOException(file + ": checkpoint of another architecture (" + np + " tensors; '" + arch.name() + "' has "
                    + net.params.size() + ")");
        }
    }

    @Override
    protected void writeRow(DataOutputStream out, TrainHistoryRow h) throws IOException {
        out.writeLong(h.step());
        out.writeInt(h.epoch());
        for (double v : new double[]{h.loss(), h.trainAccuracy(), h.validationAccuracy(), h.learningRate()}) out.writeDouble(v);
    }

    @Override
    protected TrainHistoryRow readRow(DataInputStream in) throws IOException {
        long s = in.readLong();
        int e = in.readInt();
        return new TrainHistoryRow(s, e, in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), Double.NaN);
    }

    @Override
    protected TrainHistoryRow withElapsed(TrainHistoryRow h, double seconds) {
        return new TrainHistoryRow(h.step(), h.epoch(), h.loss(), h.trainAccuracy(), h.validationAccuracy(), h.learningRate(), seconds);
    }

    @Override
    protected double elapsedOf(TrainHistoryRow row) { return row.elapsedSeconds(); }

    @Override
    protected void restored() { net.uploadParameters(); }

    /**
     * Writes the evaluation network: the EMA weights, the BN statistics re-estimated for them and the input
     * normalisation, everything {@link TrainedNetwork} needs to run images.
     */
    public void writeModel(Path file) throws IOException {
        try {
            withWeights(true, () -> {
                try {
                    CheckpointIo.writeChecked(file, out -> {
                        CheckpointIo.writeHeader(out, MODEL_MAGIC, VERSION);
                        out.writeInt(data.mean().length);
                        for (int c = 0; c < data.mean().length; c++) {
                            out.writeFloat(data.mean()[c]);
                            out.writeFloat(data.std()[c]);
                        }
                        out.writeInt(net.params.size());
                        for (Param p : net.params) {
                            CheckpointIo.writeName(out, p);
                            for (float v : p.value) out.writeFloat(v);
                        }
                        CheckpointIo.writeNorms(out, net.norms);
                    });
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return null;
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Loads a model file into {@code net} (weights and BN statistics); returns {mean, std} of the input normalisation. */
    static float[][] readModel(Path file, FixedNet net) throws IOException {
        try (DataInputStream in = CheckpointIo.open(file)) {
            CheckpointIo.readHeader(in, file, MODEL_MAGIC, VERSION, "trained model file");
            int c = in.readInt();
            float[] mean = new float[c], std = new float[c];
            for (int k = 0; k < c; k++) {
                mean[k] = in.readFloat();
                std[k] = in.readFloat();
            }
            int np = in.readInt();
            if (np != net.params.size()) {
                throw new IOException(file + ": model of another architecture (" + np + " tensors; '" + net.arch.name() + "' has "
                        + net.params.size() + ")");
            }
            for (Param p : net.params) {
                CheckpointIo.checkName(in, file, p);
                for (int i = 0; i < p.size(); i++) p.value[i] = in.readFloat();
            }
            CheckpointIo.readNorms(in, net.norms);
            net.uploadParameters();
            return new float[][]{mean, std};
        }
    }

    @Override
    public void close() {
        net.close();
    }
}
