package org.s3nas.workbench.engine;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.s3nas.workbench.engine.data.Augment;
import org.s3nas.workbench.engine.data.ImageSet;

/**
 * The step loop every training shares (the search's and the final training's): the training images in an order
 * shuffled every epoch, one batch after another (cropped and flipped when augmenting), the step and epoch count, a
 * validation at each epoch end, a history row per step, the run's clock, and the checkpoint of all of it. A subclass
 * supplies the optimiser step on the batch, its validation, its history row and what only its checkpoint holds.
 * Everything random comes from one {@link Rng} whose state is checkpointed, so a resumed run repeats an
 * uninterrupted one.
 *
 * <p>Checkpoint layout (inside {@link CheckpointIo#writeChecked}'s frame): magic and version, the subclass's shape
 * (tensor counts), the position and image order, every parameter, every BN's running statistics, the subclass's own
 * state, the history (count, then rows), the subclass's extra part, and last the elapsed times (marked "TIME"; absent
 * in checkpoints written before they were stored, and while the run's time is unknown).
 *
 * @param <S> what one step reports
 * @param <H> one row of the history
 */
public abstract class StepLoop<S, H> implements AutoCloseable {
    /** Marks the elapsed times at the end of a checkpoint ("TIME"). */
    private static final int TIME_MARK = 0x54494D45;

    /** What kind of training a loop runs: its name in messages ("search", "training") and its checkpoint's header. */
    public record Kind(String name, int checkpointMagic, int checkpointVersion) {}

    protected final Kind kind;
    protected final ImageSet train;
    protected final int batch, stepsPerEpoch;
    private final boolean augment;

    protected long step;
    protected int epoch, batchInEpoch;
    protected final int[] order;
    protected Rng rng;
    protected double lastValidation = Double.NaN;
    protected final List<H> history = new ArrayList<>();
    /** The run's training time: started by the first step, stopped by the run while it is paused. */
    protected final RunClock clock = new RunClock();
    private double elapsedAtStep;

    /** The batch the next optimiser step trains on, and the gradient of the loss on its logits. */
    protected final float[] batchX, dLogits;
    protected final int[] batchY;

    /**
     * Checks that the training images fill a batch ({@code batchField} names the setting in the message) and have the
     * channels the network expects ({@code expects}: who expects how many, e.g. "supernet.input.channels: the supernet
     * expects 3 channels"), then draws the first epoch's order from {@code seed}.
     */
    protected StepLoop(Kind kind, ImageSet train, int batch, String batchField, int channels, String expects, int classes, long seed,
                       boolean augment) {
        this.kind = kind;
        this.train = train;
        this.batch = batch;
        this.augment = augment;
        if (train.count() < batch) {
            throw new IllegalArgumentException(batchField + ": " + batch + " is more than the " + train.count()
                    + " training images available (after the validation split and the image limit)");
        }
        if (train.channels() != channels) {
            throw new IllegalArgumentException(expects + " but the dataset images have " + train.channels());
        }
        this.stepsPerEpoch = train.count() / batch;
        this.rng = new Rng(seed);
        this.order = new int[train.count()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        rng.shuffle(order);
        batchX = new float[batch * train.size()];
        batchY = new int[batch];
        dLogits = new float[batch * classes];
    }

    // ---- what a subclass supplies

    /** The epochs of the whole run. */
    protected abstract int totalEpochs();

    /** One optimiser step on {@link #batchX} / {@link #batchY}; {@link #step} is still the number of steps done before it. */
    protected abstract S optimiserStep();

    /** The validation at the end of an epoch (after the order for the next one is drawn). */
    protected abstract double validateAtEpochEnd();

    /** The history row of a step that ended at {@code epoch}, with its validation (NaN inside an epoch) and elapsed time. */
    protected abstract H historyRow(S stats, int epoch, double validation, double elapsedSeconds);

    /** The tensors the checkpoint holds, in its order. */
    protected abstract List<Param> parameters();

    /** The BNs whose running statistics the checkpoint holds, in its order. */
    protected abstract List<BatchNorm> norms();

    /** The tensor counts that make a checkpoint this network's (checked by {@link #readShape}). */
    protected abstract void writeShape(DataOutputStream out) throws IOException;

    /** Reads what {@link #writeShape} wrote and fails, naming the file, when it is another network's. */
    protected abstract void readShape(DataInputStream in, Path file) throws IOException;

    /** State only this kind of loop has, after the BN statistics (the search's thresholds). */
    protected void writeState(DataOutputStream out) throws IOException {}

    protected void readState(DataInputStream in) throws IOException {}

    protected abstract void writeRow(DataOutputStream out, H row) throws IOException;

    /** A row as {@link #writeRow} wrote it (its elapsed time unknown until the time part is read). */
    protected abstract H readRow(DataInputStream in) throws IOException;

    /** What only this kind of loop adds after the history (the search's control part). */
    protected void writeExtra(DataOutputStream out) throws IOException {}

    /**
     * Reads what {@link #writeExtra} wrote where the checkpoint has it; false when the checkpoint ends before it (written
     * before it existed, and so before the elapsed times too).
     */
    protected boolean readExtra(DataInputStream in, Path file) throws IOException { return true; }

    /** {@code row} with its elapsed time. */
    protected abstract H withElapsed(H row, double seconds);

    /** After a checkpoint is read: the native copies of the parameters, whatever the network derives from them. */
    protected abstract void restored();

    /** Frees the network's native memory. */
    @Override
    public abstract void close();

    // ---- the loop

    public boolean done() { return epoch >= totalEpochs(); }

    public long step() { return step; }

    public int epoch() { return epoch; }

    public long totalSteps() { return (long) stepsPerEpoch * totalEpochs(); }

    public int stepsPerEpoch() { return stepsPerEpoch; }

    public double lastValidation() { return lastValidation; }

    /** True when the last step ended an epoch. */
    public boolean atEpochStart() { return batchInEpoch == 0; }

    /** Fraction of the run done, 0..1. */
    public double progress() { return totalSteps() == 0 ? 1 : (double) step / totalSteps(); }

    public Kind kind() { return kind; }

    /** The run's training time (the run stops it while paused). */
    public RunClock clock() { return clock; }

    /** The run's training time at the end of the last step (before any: the checkpoint's, or 0); NaN when unknown. */
    public double elapsedSeconds() { return elapsedAtStep; }

    /** Whether the last step ended a stretch after which the run writes a checkpoint besides its cadence (default: an epoch). */
    public boolean atCheckpointBoundary() { return atEpochStart(); }

    public List<H> history() { return List.copyOf(history); }

    /** One optimiser step on the next batch; at the end of an epoch a new order and a validation. */
    public final S trainStep() {
        if (done()) throw new IllegalStateException("the " + kind.name() + " is finished");
        clock.start();
        int size = train.size();
        for (int i = 0; i < batch; i++) {
            int idx = order[batchInEpoch * batch + i];
            if (augment) Augment.cropFlip(train, idx, batchX, i * size, rng);
            else System.arraycopy(train.pixels(), idx * size, batchX, i * size, size);
            batchY[i] = train.labels()[idx];
        }
        S stats = optimiserStep();
        step++;
        batchInEpoch++;
        boolean epochEnd = batchInEpoch >= stepsPerEpoch;
        if (epochEnd) {
            batchInEpoch = 0;
            epoch++;
            rng.shuffle(order);
            lastValidation = validateAtEpochEnd();
        }
        elapsedAtStep = clock.seconds();
        history.add(historyRow(stats, epochEnd ? epoch - 1 : epoch, epochEnd ? lastValidation : Double.NaN, elapsedAtStep));
        return stats;
    }

    /**
     * Accuracy of {@code forward} on the first {@code n} images of {@code set}, a batch at a time (the last batch padded
     * by repeating an image; only the {@code n} are counted).
     */
    protected final double accuracy(ImageSet set, int n, int classes, UnaryOperator<float[]> forward) {
        int size = set.size();
        float[] x = new float[batch * size];
        int correct = 0;
        for (int start = 0; start < n; start += batch) {
            int m = Math.min(batch, n - start);
            for (int i = 0; i < batch; i++) {
                int idx = start + Math.min(i, m - 1);
                System.arraycopy(set.pixels(), idx * size, x, i * size, size);
            }
            float[] logits = forward.apply(x);
            for (int i = 0; i < m; i++) {
                int arg = 0;
                for (int k = 1; k < classes; k++) if (logits[i * classes + k] > logits[i * classes + arg]) arg = k;
                if (arg == set.labels()[start + i]) correct++;
            }
        }
        return (double) correct / n;
    }

    /** Calls {@code body} with each of the first {@code batches} training batches in stored order (no augmentation). */
    protected final void forFirstBatches(int batches, java.util.function.ObjIntConsumer<float[]> body) {
        int size = train.size();
        float[] x = new float[batch * size];
        for (int b = 0; b < batches; b++) {
            System.arraycopy(train.pixels(), b * batch * size, x, 0, batch * size);
            body.accept(x, b);
        }
    }

    // ---- checkpoints

    /** Writes the whole training state to {@code file} atomically (temp file, then rename), with its integrity frame. */
    public final void writeCheckpoint(Path file) throws IOException {
        CheckpointIo.writeChecked(file, out -> {
            CheckpointIo.writeHeader(out, kind.checkpointMagic(), kind.checkpointVersion());
            writeShape(out);
            CheckpointIo.writePosition(out, new CheckpointIo.Position(step, epoch, batchInEpoch, rng.state(), lastValidation), order);
            CheckpointIo.writeParams(out, parameters());
            CheckpointIo.writeNorms(out, norms());
            writeState(out);
            out.writeInt(history.size());
            for (H h : history) writeRow(out, h);
            writeExtra(out);
            // a run resumed from a checkpoint without times has no known time to store, and stores none
            if (clock.known()) {
                out.writeInt(TIME_MARK);
                out.writeDouble(clock.seconds());
                for (H h : history) out.writeDouble(elapsedOf(h));
            }
        });
    }

    /** The elapsed time of a history row (the subclass's row type carries it). */
    protected abstract double elapsedOf(H row);

    /** Restores a state written by {@link #writeCheckpoint} for the same network and configuration. */
    public final void readCheckpoint(Path file) throws IOException {
        try (DataInputStream in = CheckpointIo.open(file)) {
            CheckpointIo.readHeader(in, file, kind.checkpointMagic(), kind.checkpointVersion(), kind.name() + " checkpoint");
            readShape(in, file);
            CheckpointIo.Position at = CheckpointIo.readPosition(in, file, order);
            step = at.step();
            epoch = at.epoch();
            batchInEpoch = at.batchInEpoch();
            rng = Rng.ofState(at.rngState());
            lastValidation = at.lastValidation();
            CheckpointIo.readParams(in, file, parameters());
            CheckpointIo.readNorms(in, norms());
            readState(in);
            history.clear();
            int rows = in.readInt();
            for (int r = 0; r < rows; r++) history.add(readRow(in));
            clock.set(Double.NaN);
            if (readExtra(in, file) && CheckpointIo.readMark(in, TIME_MARK)) {
                clock.set(in.readDouble());
                for (int r = 0; r < history.size(); r++) history.set(r, withElapsed(history.get(r), in.readDouble()));
            }
            elapsedAtStep = clock.seconds();
        }
        restored();
    }
}
