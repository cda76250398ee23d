package org.s3nas.workbench.app.run;

import io.fair_acc.dataset.spi.DoubleDataSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.s3nas.workbench.app.chart.StepClock;
import org.s3nas.workbench.engine.RunEvent;

/**
 * The chart data every run has, whatever it trains: loss, training and validation accuracy, the learning rate, and
 * for a finished training its test accuracy once measured. x is the optimiser step everywhere. A kind of run adds its
 * own series by extending this class ({@link #appendMore}: the search's thresholds, latency and block choices).
 * <p>
 * Filled on the FX thread, once per frame, from the batch a {@link org.s3nas.workbench.app.FrameQueue} hands over
 * ({@link #append}), or from a history ({@link #load}): each data set is written under its own write lock once per
 * frame, so the charts (which read under the read lock) redraw at most once per frame however many events arrived.
 * The elapsed time of each step goes into the run's {@link StepClock} (the charts' wall-clock axis).
 * Memory stays bounded ({@link Trace}): every series keeps every point up to {@link #METRIC_CAPACITY} points, beyond
 * that an even subsample of the whole run plus the latest point.
 *
 * @param <E> the events of the kind of run (they carry the figures of {@link RunEvent})
 */
public class RunSeries<E extends RunEvent> {
    public static final int METRIC_CAPACITY = 1 << 18;

    /**
     * How the figures every run charts are read from one kind of row: a live event, or a row of a run's history file
     * (which holds no throughput or progress).
     */
    public record Columns<T>(ToLongFunction<T> step, ToDoubleFunction<T> loss, ToDoubleFunction<T> trainAccuracy,
                             ToDoubleFunction<T> validationAccuracy, ToDoubleFunction<T> learningRate, ToDoubleFunction<T> elapsedSeconds,
                             Function<T, String> line) {
        /** The columns of a live event, printed by {@code line}. */
        public static <E extends RunEvent> Columns<E> events(Function<E, String> line) {
            return new Columns<>(RunEvent::step, RunEvent::loss, RunEvent::trainAccuracy, RunEvent::validationAccuracy, RunEvent::learningRate,
                    RunEvent::elapsedSeconds, line);
        }
    }

    /** Lines of the log kept per run (the latest). */
    public static final int LOG_CAPACITY = 2000;

    private final String runId;
    private final boolean live;
    private final Trace loss = new Trace("loss", METRIC_CAPACITY);
    private final Trace trainAccuracy = new Trace("training (batch)", METRIC_CAPACITY);
    private final Trace validationAccuracy = new Trace("validation", METRIC_CAPACITY);
    private final Trace learningRate = new Trace("learning rate", METRIC_CAPACITY);
    private final DoubleDataSet test = new DoubleDataSet("test accuracy", 2);
    private final List<Trace> traces = new ArrayList<>(List.of(loss, trainAccuracy, validationAccuracy, learningRate));
    private final StepClock clock = new StepClock();
    private final Columns<E> columns;
    private final ObservableList<String> log = FXCollections.observableArrayList();
    private final ObservableList<String> logView = FXCollections.unmodifiableObservableList(log);
    private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper(this, "revision");
    private double testAccuracy = Double.NaN, lastStep, totalSteps = Double.NaN;
    private long events;
    private double[] scratchX = new double[0], scratchY = new double[0];

    /**
     * @param live true for a run in progress (its x range is the whole planned run), false for a history
     * @param line the log line of an event, as the command line prints it
     */
    public RunSeries(String runId, boolean live, Function<E, String> line) {
        this.runId = runId;
        this.live = live;
        this.columns = Columns.events(line);
    }

    public String runId() { return runId; }

    public boolean isLive() { return live; }

    public DoubleDataSet loss() { return loss.data(); }

    public DoubleDataSet trainAccuracy() { return trainAccuracy.data(); }

    public DoubleDataSet validationAccuracy() { return validationAccuracy.data(); }

    public DoubleDataSet learningRate() { return learningRate.data(); }

    /** The test accuracy as a horizontal line over the x range (empty until {@link #setTestAccuracy}). */
    public DoubleDataSet testAccuracy() { return test; }

    /** The test accuracy of a finished training (NaN until measured). */
    public double testAccuracyValue() { return testAccuracy; }

    /** Records the test accuracy a finished training measured (FX thread). */
    public void setTestAccuracy(double accuracy) {
        testAccuracy = accuracy;
        changed();
    }

    /** When each step ended (the run's elapsed time), for the wall-clock x axis; empty for a history without times. */
    public StepClock clock() { return clock; }

    /** Increases whenever points were added (once per frame at most). */
    public ReadOnlyLongProperty revisionProperty() { return revision.getReadOnlyProperty(); }

    public double lastStep() { return lastStep; }

    /** Right end of the x axis: the planned number of steps of a live run, the last step of a history. */
    public double xMax() { return Double.isNaN(totalSteps) ? Math.max(1, lastStep) : Math.max(totalSteps, lastStep); }

    /**
     * The run's log: the lines the command line prints for it (one per step, and its status changes), the latest
     * {@link #LOG_CAPACITY}; from its history for a finished or followed run. FX thread.
     */
    public ObservableList<String> log() { return logView; }

    /** Adds lines to the log (a status change, say), dropping the oldest beyond {@link #LOG_CAPACITY}. FX thread. */
    public void log(List<String> lines) {
        List<String> add = lines.size() > LOG_CAPACITY ? lines.subList(lines.size() - LOG_CAPACITY, lines.size()) : lines;
        int over = log.size() + add.size() - LOG_CAPACITY;
        if (over > 0) log.remove(0, over);
        log.addAll(add);
    }

    /** Events appended so far. */
    public long events() { return events; }

    // ---- filling ---------------------------------------------------------------------------------------------

    /** Appends one frame's events (FX thread). */
    public final void append(List<E> batch) {
        if (batch.isEmpty()) return;
        for (E e : batch) if (e.progress() > 0) totalSteps = Math.rint(e.step() / e.progress());
        write(batch, columns);
        appendMore(batch);
        events += batch.size();
        changed();
    }

    /** The series a kind of run adds, from the same batch (FX thread; the revision is bumped after). */
    protected void appendMore(List<E> batch) {}

    /**
     * Loads rows of a history (a finished run, the part of a resumed run that ran before, a followed run folder) into
     * the series every run has (FX thread, or any thread before the series is published).
     */
    public final <T> void load(List<? extends T> rows, Columns<T> c) {
        write(rows, c);
        changed();
    }

    private <T> void write(List<? extends T> rows, Columns<T> c) {
        write(loss, rows, c.step(), c.loss());
        write(trainAccuracy, rows, c.step(), c.trainAccuracy());
        write(validationAccuracy, rows, c.step(), c.validationAccuracy());
        write(learningRate, rows, c.step(), c.learningRate());
        for (T r : rows) clock.record(c.step().applyAsLong(r), c.elapsedSeconds().applyAsDouble(r));
        if (!rows.isEmpty()) lastStep = Math.max(lastStep, c.step().applyAsLong(rows.get(rows.size() - 1)));
        int from = Math.max(0, rows.size() - LOG_CAPACITY);
        List<String> lines = new ArrayList<>(rows.size() - from);
        for (T r : rows.subList(from, rows.size())) lines.add(c.line().apply(r));
        log(lines);
    }

    /** Tells the charts that points were added (bumps the revision), after the lines that span the x range grew. */
    protected final void changed() {
        if (!Double.isNaN(testAccuracy)) horizontal(test, testAccuracy);
        spanChanged();
        revision.set(revision.get() + 1);
    }

    /** The x range may have grown: extend the horizontal lines a kind of run draws (see {@link #horizontal}). */
    protected void spanChanged() {}

    /** Sets a data set to a horizontal line at {@code y} over the x range. */
    protected final void horizontal(DoubleDataSet ds, double y) {
        double[] x = {0, xMax()}, ys = {y, y};
        ds.lock().writeLockGuard(() -> ds.set(x, ys, 2, true));
    }

    /** A bounded series of this run, listed for {@link #traceOf}. */
    protected final Trace trace(String name, int capacity) {
        Trace t = new Trace(name, capacity);
        traces.add(t);
        return t;
    }

    /** One bulk append per series per frame, under the data set's write lock (NaN values are gaps: skipped). */
    protected final <T> void write(Trace t, List<? extends T> rows, ToLongFunction<T> step, ToDoubleFunction<T> v) {
        if (scratchX.length < rows.size()) {
            scratchX = new double[rows.size()];
            scratchY = new double[rows.size()];
        }
        int n = 0;
        for (T r : rows) {
            double y = v.applyAsDouble(r);
            if (Double.isNaN(y)) continue;
            scratchX[n] = step.applyAsLong(r);
            scratchY[n++] = y;
        }
        int count = n;
        if (count > 0) t.data().lock().writeLockGuard(() -> t.addAll(scratchX, scratchY, count));
    }

    /** The {@link Trace} behind a data set of this run (tests check strides and sizes). */
    public Trace traceOf(DoubleDataSet ds) {
        for (Trace t : traces) if (t.data() == ds) return t;
        throw new IllegalArgumentException("not a data set of run " + runId);
    }
}
