package org.s3nas.workbench.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.s3nas.workbench.engine.BatchNorm;
import org.s3nas.workbench.engine.CheckpointIo;
import org.s3nas.workbench.engine.Param;
import org.s3nas.workbench.engine.Rng;
import org.s3nas.workbench.engine.RunClock;
import org.s3nas.workbench.engine.data.Augment;
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
public final class FinalTrainer implements AutoCloseable {
    private static final int CHECKPOINT_MAGIC = 0x53335452; // "S3TR"
    private static final int MODEL_MAGIC = 0x53334D44;      // "S3MD"
    private static final int VERSION = 1;
    /** Marks the elapsed times at the end of a checkpoint ("TIME"). */
    private static final int TIME_MARK = 0x54494D45;

    final Architecture arch;
    final TrainConfig cfg;
    final TrainData data;
    final FixedNet net;
    final int batch, stepsPerEpoch;

    long step;
    int epoch, batchInEpoch;
    int[] order;
    Rng rng;
    double lastValidation = Double.NaN;
    final List<TrainHistoryRow> history = new ArrayList<>();
    /** The run's training time: started by the first step, stopped by the run while it is paused. */
    final RunClock clock = new RunClock();

    private final float[] batchX, dLogits;
    private final int[] batchY;

    /** Statistics of one step. */
    public record StepStats(double loss, double trainAccuracy, double learningRate, double gradientNorm, double elapsedSeconds) {}

    public FinalTrainer(Architecture arch, TrainConfig cfg, TrainData data) {
        List<String> problems = cfg.problems();
        if (!problems.isEmpty()) throw new IllegalArgumentException("training configuration: " + String.join("; ", problems));
        this.arch = arch;
        this.cfg = cfg;
        this.data = data;
        this.batch = cfg.batchSize();
        if (data.train().count() < batch) {
            throw new IllegalArgumentException("batchSize: " + batch + " is more than the " + data.train().count()
                    + " training images available (after the validation split and the image limit)");
        }
        if (data.train().channels() != arch.input().channels()) {
            throw new IllegalArgumentException("architecture '" + arch.name() + "' expects " + arch.input().channels()
                    + " input channels but the dataset images have " + data.train().channels());
        }
        if (data.train().height() != arch.input().height() || data.train().width() != arch.input().width()) {
            throw new IllegalArgumentException("architecture '" + arch.name() + "' takes " + arch.input().height() + "x" + arch.input().width()
                    + " images but the data was prepared at " + data.train().height() + "x" + data.train().width());
        }
        this.stepsPerEpoch = data.train().count() / batch;
        this.net = new FixedNet(arch, batch, cfg.dropout(), cfg.stochasticDepth(), cfg.seed());
        for (Param p : net.params) System.arraycopy(p.value, 0, p.ema, 0, p.size());
        this.rng = new Rng(cfg.seed() ^ 0x7EA1L);
        this.order = new int[data.train().count()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        rng.shuffle(order);
        batchX = new float[batch * data.train().size()];
        batchY = new int[batch];
        dLogits = new float[batch * arch.head().classes()];
    }

    public boolean done() { return epoch >= cfg.epochs(); }

    public long step() { return step; }

    public int epoch() { return epoch; }

    public long totalSteps() { return (long) stepsPerEpoch * cfg.epochs(); }

    public int stepsPerEpoch() { return stepsPerEpoch; }

    public double lastValidation() { return lastValidation; }

    public FixedNet network() { return net; }

    public double learningRate() { return Schedule.learningRate(cfg, step, stepsPerEpoch); }

    /** One optimiser step; at the end of an epoch a new order and a validation of the EMA weights. */
    public StepStats trainStep() {
        if (done()) throw new IllegalStateException("the training is finished");
        clock.start();
        ImageSet train = data.train();
        int size = train.size();
        for (int i = 0; i < batch; i++) {
            int idx = order[batchInEpoch * batch + i];
            if (cfg.dataset().augment()) Augment.cropFlip(train, idx, batchX, i * size, rng);
            else System.arraycopy(train.pixels(), idx * size, batchX, i * size, size);
            batchY[i] = train.labels()[idx];
        }
        double lr = learningRate();
        double[] ce = step(net, cfg, batchX, batchY, dLogits, lr, step, rng);
        double norm = ce[2];
        step++;
        batchInEpoch++;
        boolean epochEnd = batchInEpoch >= stepsPerEpoch;
        if (epochEnd) {
            batchInEpoch = 0;
            epoch++;
            rng.shuffle(order);
            lastValidation = evaluate(data.validation(), cfg.validationImages(), true);
        }
        StepStats stats = new StepStats(ce[0], ce[1] / batch, lr, norm, clock.seconds());
        history.add(new TrainHistoryRow(step, epochEnd ? epoch - 1 : epoch, stats.loss(), stats.trainAccuracy(),
                epochEnd ? lastValidation : Double.NaN, lr, stats.elapsedSeconds()));
        return stats;
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

    /** True when the last step ended an epoch. */
    public boolean atEpochStart() { return batchInEpoch == 0; }

    /**
     * Accuracy on at most {@code maxImages} images of {@code set} (0 = all), with the EMA weights or the raw weights,
     * BN statistics re-estimated for them either way. The training state is untouched.
     */
    public double evaluate(ImageSet set, int maxImages, boolean ema) {
        int n = maxImages > 0 ? Math.min(maxImages, set.count()) : set.count();
        if (n == 0) return Double.NaN;
        return withWeights(ema, () -> accuracy(set, n));
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
        ImageSet train = data.train();
        int size = train.size();
        float[] x = new float[batch * size];
        int batches = Math.max(1, Math.min(cfg.calibrationBatches(), train.count() / batch));
        net.calibration(true);
        try {
            for (int b = 0; b < batches; b++) {
                System.arraycopy(train.pixels(), b * batch * size, x, 0, batch * size);
                net.forward(x, true, new Rng(b)); // dropout and stochastic depth are drawn but do not touch BN statistics
            }
        } finally {
            net.calibration(false);
        }
    }

    private double accuracy(ImageSet set, int n) {
        int size = set.size(), classes = arch.head().classes();
        float[] x = new float[batch * size];
        int correct = 0;
        for (int start = 0; start < n; start += batch) {
            int m = Math.min(batch, n - start);
            for (int i = 0; i < batch; i++) {
                int idx = start + Math.min(i, m - 1); // pad the last batch by repeating an image; only m are counted
                System.arraycopy(set.pixels(), idx * size, x, i * size, size);
            }
            float[] logits = net.forward(x, false, null);
            for (int i = 0; i < m; i++) {
                int arg = 0;
                for (int k = 1; k < classes; k++) if (logits[i * classes + k] > logits[i * classes + arg]) arg = k;
                if (arg == set.labels()[start + i]) correct++;
            }
        }
        return (double) correct / n;
    }

    public List<TrainHistoryRow> history() { return List.copyOf(history); }

    /** The run's training time (the run stops it while paused). */
    public RunClock clock() { return clock; }

    // ---------------------------------------------------------------- checkpoints and the trained model

    /** Writes the whole training state (weights, EMA, optimiser, BN statistics, order, RNG, history) atomically. */
    public void writeCheckpoint(Path file) throws IOException {
        CheckpointIo.writeChecked(file, out -> {
            CheckpointIo.writeHeader(out, CHECKPOINT_MAGIC, VERSION);
            out.writeInt(net.params.size());
            CheckpointIo.writePosition(out, new CheckpointIo.Position(step, epoch, batchInEpoch, rng.state(), lastValidation), order);
            CheckpointIo.writeParams(out, net.params);
            writeNorms(out);
            out.writeInt(history.size());
            for (TrainHistoryRow h : history) {
                out.writeLong(h.step());
                out.writeInt(h.epoch());
                for (double v : new double[]{h.loss(), h.trainAccuracy(), h.validationAccuracy(), h.learningRate()}) out.writeDouble(v);
            }
            // the elapsed times, last (an older checkpoint without them still resumes, its times unknown); a run resumed
            // from such a checkpoint has no known time to store, and stores none
            if (clock.known()) {
                out.writeInt(TIME_MARK);
                out.writeDouble(clock.seconds());
                for (TrainHistoryRow h : history) out.writeDouble(h.elapsedSeconds());
            }
        });
    }

    public void readCheckpoint(Path file) throws IOException {
        try (DataInputStream in = CheckpointIo.open(file)) {
            CheckpointIo.readHeader(in, file, CHECKPOINT_MAGIC, VERSION, "training checkpoint");
            int np = in.readInt();
            if (np != net.params.size()) {
                throw new IOException(file + ": checkpoint of another architecture (" + np + " tensors; '" + arch.name() + "' has "
                        + net.params.size() + ")");
            }
            CheckpointIo.Position at = CheckpointIo.readPosition(in, file, order);
            step = at.step();
            epoch = at.epoch();
            batchInEpoch = at.batchInEpoch();
            rng = Rng.ofState(at.rngState());
            lastValidation = at.lastValidation();
            CheckpointIo.readParams(in, file, net.params);
            readNorms(in, net);
            history.clear();
            int rows = in.readInt();
            for (int r = 0; r < rows; r++) {
                long s = in.readLong();
                int e = in.readInt();
                history.add(new TrainHistoryRow(s, e, in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), Double.NaN));
            }
            clock.set(Double.NaN);
            if (CheckpointIo.readMark(in, TIME_MARK)) {
                clock.set(in.readDouble());
                for (int r = 0; r < history.size(); r++) {
                    TrainHistoryRow h = history.get(r);
                    history.set(r, new TrainHistoryRow(h.step(), h.epoch(), h.loss(), h.trainAccuracy(), h.validationAccuracy(),
                            h.learningRate(), in.readDouble()));
                }
            }
        }
        net.uploadParameters();
    }

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
                        writeNorms(out);
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
            readNorms(in, net);
            net.uploadParameters();
            return new float[][]{mean, std};
        }
    }

    private void writeNorms(DataOutputStream out) throws IOException {
        for (BatchNorm b : net.norms) {
            for (float v : b.runMean) out.writeFloat(v);
            for (float v : b.runVar) out.writeFloat(v);
        }
    }

    private static void readNorms(DataInputStream in, FixedNet net) throws IOException {
        for (BatchNorm b : net.norms) {
            for (int i = 0; i < b.c; i++) b.runMean[i] = in.readFloat();
            for (int i = 0; i < b.c; i++) b.runVar[i] = in.readFloat();
        }
    }

    @Override
    public void close() {
        net.close();
    }
}
