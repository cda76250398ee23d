package org.s3nas.workbench.app.search;

import org.s3nas.workbench.search.RunFolder;
import io.fair_acc.dataset.spi.DoubleDataSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.s3nas.workbench.search.HistoryRow;
import org.s3nas.workbench.search.SearchEvent;

/**
 * The chart data of one run: loss and cross-entropy, training and validation accuracy, the learning rate, the
 * estimated latency and the target T, every threshold, and each block's choice over time; for a final training also
 * its test accuracy once measured. x is the optimiser step everywhere.
 * <p>
 * Filled on the FX thread, once per frame, from the batch a {@link org.s3nas.workbench.app.FrameQueue} hands over
 * ({@link #append}): each data set is written under its own write lock once per frame, so the charts (which read
 * under the read lock) redraw at most once per frame however many events arrived. Memory stays bounded
 * ({@link Trace}): the metric series keep every point up to {@link #METRIC_CAPACITY} points, the thresholds up to
 * {@link #THRESHOLD_CAPACITY} each (there are dozens of them), the heatmap up to {@link #CHOICE_CAPACITY} columns;
 * beyond that each keeps an even subsample of the whole run plus the latest point.
 */
public final class RunSeries {
    public static final int METRIC_CAPACITY = 1 << 18, THRESHOLD_CAPACITY = 1 << 12, CHOICE_CAPACITY = 1 << 14;

    private final String runId;
    private final boolean live;
    private final List<String> blockLabels;
    private final Trace loss = new Trace("loss", METRIC_CAPACITY);
    private final Trace crossEntropy = new Trace("cross-entropy", METRIC_CAPACITY);
    private final Trace trainAccuracy = new Trace("training (batch)", METRIC_CAPACITY);
    private final Trace validationAccuracy = new Trace("validation", METRIC_CAPACITY);
    private final Trace latency = new Trace("estimated latency", METRIC_CAPACITY);
    private final Trace learningRate = new Trace("learning rate", METRIC_CAPACITY);
    private final Trace simulated = new Trace("simulated latency", METRIC_CAPACITY);
    private final Trace gain = new Trace("controller gain", METRIC_CAPACITY);
    private final Trace crossings = new Trace("many crossings", METRIC_CAPACITY);
    private final DoubleDataSet target = new DoubleDataSet("target T", 2);
    private final DoubleDataSet bandLower = new DoubleDataSet("band's lower edge", 2);
    private final DoubleDataSet test = new DoubleDataSet("test accuracy", 2);
    private Trace[] thresholds = new Trace[0];
    private final ChoiceHistory choices;
    private final ReadOnlyObjectWrapper<List<String>> thresholdNames = new ReadOnlyObjectWrapper<>(this, "thresholdNames", List.of());
    private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper(this, "revision");
    private double targetMs = Double.NaN, lowerMs = Double.NaN, testAccuracy = Double.NaN, phase2Start = Double.NaN, lastStep, totalSteps = Double.NaN;
    private long events;

    /**
     * @param live        true for a run in progress (its x range is the whole planned run), false for a history
     * @param blockLabels the heatmap's row labels, one per block position of the supernet
     */
    public RunSeries(String runId, boolean live, List<String> blockLabels) {
        this.runId = runId;
        this.live = live;
        this.blockLabels = List.copyOf(blockLabels);
        this.choices = new ChoiceHistory(blockLabels.size(), CHOICE_CAPACITY);
    }

    /** Builds the series of a finished run from its history file (any thread; publish it to the FX thread after). */
    public static RunSeries fromHistory(String runId, RunFolder.History history, List<String> blockLabels, double targetMs) {
        RunSeries s = new RunSeries(runId, false, blockLabels);
        s.load(history, targetMs);
        return s;
    }

    public String runId() { return runId; }

    public boolean isLive() { return live; }

    public List<String> blockLabels() { return blockLabels; }

    public DoubleDataSet loss() { return loss.data(); }

    public DoubleDataSet crossEntropy() { return crossEntropy.data(); }

    public DoubleDataSet trainAccuracy() { return trainAccuracy.data(); }

    public DoubleDataSet validationAccuracy() { return validationAccuracy.data(); }

    public DoubleDataSet latency() { return latency.data(); }

    public DoubleDataSet learningRate() { return learningRate.data(); }

    /** The test accuracy as a horizontal line over the x range (empty until {@link #setTestAccuracy}). */
    public DoubleDataSet testAccuracy() { return test; }

    /** The test accuracy of a finished training (NaN until measured). */
    public double testAccuracyValue() { return testAccuracy; }

    /** Records the test accuracy a finished training measured (FX thread). */
    public void setTestAccuracy(double accuracy) {
        testAccuracy = accuracy;
        updateTarget();
        revision.set(revision.get() + 1);
    }

    /** The target T as a horizontal line over the x range. */
    public DoubleDataSet target() { return target; }

    /** The target band's lower edge (1 - tolerance) T as a horizontal line (empty until {@link #setBandLower}). */
    public DoubleDataSet bandLower() { return bandLower; }

    /** Sets the band's lower edge (FX thread). */
    public void setBandLower(double ms) {
        lowerMs = ms;
        updateTarget();
        revision.set(revision.get() + 1);
    }

    /** The decoded architecture's latency by full MIDAP simulation, per phase-2 step. */
    public DoubleDataSet simulatedLatency() { return simulated.data(); }

    /** The target controller's gain on the thresholds' learning rate, per phase-2 step. */
    public DoubleDataSet controllerGain() { return gain.data(); }

    /** Steps in which many splits crossed their thresholds together, at the estimate's height. */
    public DoubleDataSet manyCrossings() { return crossings.data(); }

    public int thresholdCount() { return thresholds.length; }

    public DoubleDataSet threshold(int i) { return thresholds[i].data(); }

    /** Threshold names in the engine's order ({@code b3.sk2.kernel5}); empty until the first event. */
    public ReadOnlyObjectProperty<List<String>> thresholdNamesProperty() { return thresholdNames.getReadOnlyProperty(); }

    /** Increases whenever points were added (once per frame at most). */
    public ReadOnlyLongProperty revisionProperty() { return revision.getReadOnlyProperty(); }

    ChoiceHistory choices() { return choices; }

    /** Whether block choices were recorded (live, or kept in the run folder's history). */
    public boolean hasChoices() { return choices.size() > 0; }

    public double targetMs() { return targetMs; }

    /** First step of phase 2 (NaN until it began). */
    public double phase2Start() { return phase2Start; }

    public double lastStep() { return lastStep; }

    /** Right end of the x axis: the planned number of steps of a live run, the last step of a history. */
    public double xMax() { return Double.isNaN(totalSteps) ? Math.max(1, lastStep) : Math.max(totalSteps, lastStep); }

    /** Events appended so far. */
    public long events() { return events; }

    // ---- filling ---------------------------------------------------------------------------------------------

    /**
     * Appends one frame's events (FX thread). {@code names} supplies the threshold names when the first event with
     * thresholds arrives (the run knows them once it has built its supernet).
     */
    public void append(List<SearchEvent> batch, Supplier<String[]> names) {
        if (batch.isEmpty()) return;
        SearchEvent first = batch.get(0);
        if (thresholds.length == 0 && first.thresholds().length > 0) initThresholds(names == null ? null : names.get(), first.thresholds().length);
        for (SearchEvent e : batch) {
            if (Double.isNaN(targetMs)) targetMs = e.targetMs();
            if (Double.isNaN(phase2Start) && e.phase() == 2) phase2Start = Math.max(0, e.step() - 1);
            if (e.phaseProgress() > 0) totalSteps = Math.rint(e.step() / e.phaseProgress());
        }
        write(loss, batch, e -> e.loss());
        write(crossEntropy, batch, e -> e.crossEntropy());
        write(trainAccuracy, batch, e -> e.trainAccuracy());
        write(validationAccuracy, batch, e -> e.validationAccuracy());
        write(latency, batch, e -> e.latencyMs());
        write(learningRate, batch, e -> e.learningRate());
        write(simulated, batch, e -> e.control().simulatedLatencyMs());
        write(gain, batch, e -> e.control().gain());
        write(crossings, batch, e -> e.control().manyCrossings() ? e.latencyMs() : Double.NaN);
        for (int i = 0; i < thresholds.length; i++) {
            int k = i;
            write(thresholds[i], batch, e -> k < e.thresholds().length ? e.thresholds()[k] : Double.NaN);
        }
        for (SearchEvent e : batch) choices.add(e.step(), e.choices());
        lastStep = Math.max(lastStep, batch.get(batch.size() - 1).step());
        events += batch.size();
        updateTarget();
        revision.set(revision.get() + 1);
    }

    /** Loads a history (a finished run, or the part of a resumed run that ran before). */
    public void load(RunFolder.History h, double targetMs) {
        if (!Double.isNaN(targetMs)) this.targetMs = targetMs;
        List<HistoryRow> rows = h.rows();
        if (thresholds.length == 0 && h.thresholdNames().length > 0) initThresholds(h.thresholdNames(), h.thresholdNames().length);
        for (HistoryRow r : rows) if (Double.isNaN(phase2Start) && r.phase() == 2) phase2Start = Math.max(0, r.step() - 1);
        writeRows(loss, rows, HistoryRow::loss);
        writeRows(crossEntropy, rows, HistoryRow::crossEntropy);
        writeRows(trainAccuracy, rows, HistoryRow::trainAccuracy);
        writeRows(validationAccuracy, rows, HistoryRow::validationAccuracy);
        writeRows(latency, rows, HistoryRow::latencyMs);
        writeRows(learningRate, rows, HistoryRow::learningRate);
        writeRows(simulated, rows, r -> r.control().simulatedLatencyMs());
        writeRows(gain, rows, r -> r.control().gain());
        writeRows(crossings, rows, r -> r.control().manyCrossings() ? r.latencyMs() : Double.NaN);
        for (int i = 0; i < thresholds.length; i++) {
            int k = i;
            writeRows(thresholds[i], rows, r -> k < r.thresholds().length ? r.thresholds()[k] : Double.NaN);
        }
        for (HistoryRow r : rows) if (r.choices() != null) choices.add(r.step(), r.choices());
        if (!rows.isEmpty()) lastStep = Math.max(lastStep, rows.get(rows.size() - 1).step());
        updateTarget();
        revision.set(revision.get() + 1);
    }

    private void initThresholds(String[] names, int count) {
        List<String> n = new ArrayList<>(count);
        thresholds = new Trace[count];
        for (int i = 0; i < count; i++) {
            String name = names != null && i < names.length ? names[i] : "threshold " + i;
            n.add(name);
            thresholds[i] = new Trace(name, THRESHOLD_CAPACITY);
        }
        thresholdNames.set(Collections.unmodifiableList(n));
    }

    /** The horizontal lines (target T, test accuracy) span the x range, which grows with the run. */
    private void updateTarget() {
        if (!Double.isNaN(targetMs)) {
            double[] x = {0, xMax()}, y = {targetMs, targetMs};
            target.lock().writeLockGuard(() -> target.set(x, y, 2, true));
        }
        if (!Double.isNaN(lowerMs)) {
            double[] x = {0, xMax()}, y = {lowerMs, lowerMs};
            bandLower.lock().writeLockGuard(() -> bandLower.set(x, y, 2, true));
        }
        if (!Double.isNaN(testAccuracy)) {
            double[] x = {0, xMax()}, y = {testAccuracy, testAccuracy};
            test.lock().writeLockGuard(() -> test.set(x, y, 2, true));
        }
    }

    private interface Value<T> {
        double of(T t);
    }

    private double[] scratchX = new double[0], scratchY = new double[0];

    /** One bulk append per series per frame, under the data set's write lock (NaN values are gaps: skipped). */
    private void write(Trace t, List<SearchEvent> batch, Value<SearchEvent> v) {
        ensureScratch(batch.size());
        int n = 0;
        for (SearchEvent e : batch) {
            double y = v.of(e);
            if (Double.isNaN(y)) continue;
            scratchX[n] = e.step();
            scratchY[n++] = y;
        }
        int count = n;
        if (count > 0) t.data().lock().writeLockGuard(() -> t.addAll(scratchX, scratchY, count));
    }

    private void writeRows(Trace t, List<HistoryRow> rows, Value<HistoryRow> v) {
        ensureScratch(rows.size());
        int n = 0;
        for (HistoryRow r : rows) {
            double y = v.of(r);
            if (Double.isNaN(y)) continue;
            scratchX[n] = r.step();
            scratchY[n++] = y;
        }
        int count = n;
        if (count > 0) t.data().lock().writeLockGuard(() -> t.addAll(scratchX, scratchY, count));
    }

    private void ensureScratch(int n) {
        if (scratchX.length < n) {
            scratchX = new double[n];
            scratchY = new double[n];
        }
    }

    // ---- for tests and the dashboard's figures ----------------------------------------------------------------

    /** The {@link Trace} behind a data set of this run (package-private: tests check strides and sizes). */
    Trace traceOf(DoubleDataSet ds) {
        for (Trace t : new Trace[]{loss, crossEntropy, trainAccuracy, validationAccuracy, latency, learningRate, simulated, gain, crossings}) {
            if (t.data() == ds) return t;
        }
        for (Trace t : thresholds) if (t.data() == ds) return t;
        throw new IllegalArgumentException("not a data set of run " + runId);
    }
}
