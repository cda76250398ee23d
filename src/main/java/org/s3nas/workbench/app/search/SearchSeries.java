package org.s3nas.workbench.app.search;

import io.fair_acc.dataset.spi.DoubleDataSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.s3nas.workbench.app.run.RunSeries;
import org.s3nas.workbench.app.run.Trace;
import org.s3nas.workbench.search.ControlState;
import org.s3nas.workbench.search.HistoryRow;
import org.s3nas.workbench.search.RunFolder;
import org.s3nas.workbench.search.SearchEvent;
import org.s3nas.workbench.search.SearchLog;

/**
 * The chart data of one search run: what every run has ({@link RunSeries}: loss, accuracies, learning rate) and
 * what only a search has: the cross-entropy part of the loss, the estimated latency and the target T with the band's
 * lower edge, the simulated latency, the target controller's gain and the steps with many crossings, every threshold,
 * and each block's choice over time. The thresholds keep up to {@link #THRESHOLD_CAPACITY} points each (there are
 * dozens of them), the heatmap up to {@link #CHOICE_CAPACITY} columns.
 */
public final class SearchSeries extends RunSeries<SearchEvent> {
    public static final int THRESHOLD_CAPACITY = 1 << 12, CHOICE_CAPACITY = 1 << 14;

    private final List<String> blockLabels;
    private final Trace crossEntropy = trace("cross-entropy", METRIC_CAPACITY);
    private final Trace latency = trace("estimated latency", METRIC_CAPACITY);
    private final Trace simulated = trace("simulated latency", METRIC_CAPACITY);
    private final Trace gain = trace("controller gain", METRIC_CAPACITY);
    private final Trace crossings = trace("many crossings", METRIC_CAPACITY);
    private final DoubleDataSet target = new DoubleDataSet("target T", 2);
    private final DoubleDataSet bandLower = new DoubleDataSet("band's lower edge", 2);
    private Trace[] thresholds = new Trace[0];
    private final ChoiceHistory choices;
    private final ReadOnlyObjectWrapper<List<String>> thresholdNames = new ReadOnlyObjectWrapper<>(this, "thresholdNames", List.of());
    private Supplier<String[]> namesOfRun;
    private double targetMs = Double.NaN, lowerMs = Double.NaN, phase2Start = Double.NaN;
    /** How the figures only a search has are read from one kind of row: a live event, or a row of the history file. */
    private record SearchFigures<T>(ToLongFunction<T> step, ToIntFunction<T> phase, ToDoubleFunction<T> crossEntropy,
                                    ToDoubleFunction<T> latencyMs, Function<T, ControlState> control, Function<T, double[]> thresholds) {}

    private static final SearchFigures<SearchEvent> EVENT_FIGURES = new SearchFigures<>(SearchEvent::step, SearchEvent::phase,
            SearchEvent::crossEntropy, SearchEvent::latencyMs, SearchEvent::control, SearchEvent::thresholds);
    private static final SearchFigures<HistoryRow> ROW_FIGURES = new SearchFigures<>(HistoryRow::step, HistoryRow::phase,
            HistoryRow::crossEntropy, HistoryRow::latencyMs, HistoryRow::control, HistoryRow::thresholds);

    /** The columns of a search history row (its log line names the run's target, known once loaded). */
    private final Columns<HistoryRow> history = new Columns<>(HistoryRow::step, HistoryRow::loss, HistoryRow::trainAccuracy,
            HistoryRow::validationAccuracy, HistoryRow::learningRate, HistoryRow::elapsedSeconds, r -> SearchLog.line(r, Double.NaN, targetMs, Double.NaN));

    /**
     * @param live        true for a run in progress (its x range is the whole planned run), false for a history
     * @param blockLabels the heatmap's row labels, one per block position of the supernet
     */
    public SearchSeries(String runId, boolean live, List<String> blockLabels) {
        super(runId, live, SearchLog::line);
        this.blockLabels = List.copyOf(blockLabels);
        this.choices = new ChoiceHistory(blockLabels.size(), CHOICE_CAPACITY);
    }

    /** Builds the series of a finished run from its history file (any thread; publish it to the FX thread after). */
    public static SearchSeries fromHistory(String runId, RunFolder.History history, List<String> blockLabels, double targetMs) {
        SearchSeries s = new SearchSeries(runId, false, blockLabels);
        s.load(history, targetMs);
        return s;
    }

    /** Where the threshold names come from when the first event with thresholds arrives (the run, once it built its supernet). */
    void namesFrom(Supplier<String[]> names) { namesOfRun = names; }

    public List<String> blockLabels() { return blockLabels; }

    public DoubleDataSet crossEntropy() { return crossEntropy.data(); }

    public DoubleDataSet latency() { return latency.data(); }

    /** The target T as a horizontal line over the x range. */
    public DoubleDataSet target() { return target; }

    /** The target band's lower edge (1 - tolerance) T as a horizontal line (empty until {@link #setBandLower}). */
    public DoubleDataSet bandLower() { return bandLower; }

    /** Sets the band's lower edge (FX thread). */
    public void setBandLower(double ms) {
        lowerMs = ms;
        changed();
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

    ChoiceHistory choices() { return choices; }

    /** Whether block choices were recorded (live, or kept in the run folder's history). */
    public boolean hasChoices() { return choices.size() > 0; }

    public double targetMs() { return targetMs; }

    /** First step of phase 2 (NaN until it began). */
    public double phase2Start() { return phase2Start; }

    // ---- filling ---------------------------------------------------------------------------------------------

    @Override
    protected void appendMore(List<SearchEvent> batch) {
        SearchEvent first = batch.get(0);
        if (thresholds.length == 0 && first.thresholds().length > 0) {
            initThresholds(namesOfRun == null ? null : namesOfRun.get(), first.thresholds().length);
        }
        for (SearchEvent e : batch) if (Double.isNaN(targetMs)) targetMs = e.targetMs();
        write(batch, EVENT_FIGURES);
        for (SearchEvent e : batch) choices.add(e.step(), e.choices());
    }

    /** Loads a history (a finished run, or the part of a resumed run that ran before). */
    public void load(RunFolder.History h, double targetMs) {
        if (!Double.isNaN(targetMs)) this.targetMs = targetMs;
        List<HistoryRow> rows = h.rows();
        if (thresholds.length == 0 && h.thresholdNames().length > 0) initThresholds(h.thresholdNames(), h.thresholdNames().length);
        write(rows, ROW_FIGURES);
        for (HistoryRow r : rows) if (r.choices() != null) choices.add(r.step(), r.choices());
        load(rows, history);
    }

    /** Writes the search's own figures of {@code rows} (events or history rows) and notes where phase 2 began. */
    private <T> void write(List<T> rows, SearchFigures<T> f) {
        for (T r : rows) if (Double.isNaN(phase2Start) && f.phase().applyAsInt(r) == 2) phase2Start = Math.max(0, f.step().applyAsLong(r) - 1);
        write(crossEntropy, rows, f.step(), f.crossEntropy());
        write(latency, rows, f.step(), f.latencyMs());
        write(simulated, rows, f.step(), r -> f.control().apply(r).simulatedLatencyMs());
        write(gain, rows, f.step(), r -> f.control().apply(r).gain());
        write(crossings, rows, f.step(), r -> f.control().apply(r).manyCrossings() ? f.latencyMs().applyAsDouble(r) : Double.NaN);
        for (int i = 0; i < thresholds.length; i++) {
            int k = i;
            write(thresholds[i], rows, f.step(), r -> {
                double[] t = f.thresholds().apply(r);
                return k < t.length ? t[k] : Double.NaN;
            });
        }
    }

    private void initThresholds(String[] names, int count) {
        List<String> n = new ArrayList<>(count);
        thresholds = new Trace[count];
        for (int i = 0; i < count; i++) {
            String name = names != null && i < names.length ? names[i] : "threshold " + i;
            n.add(name);
            thresholds[i] = trace(name, THRESHOLD_CAPACITY);
        }
        thresholdNames.set(Collections.unmodifiableList(n));
    }

    /** The target T and the band's lower edge span the x range, which grows with the run. */
    @Override
    protected void spanChanged() {
        if (!Double.isNaN(targetMs)) horizontal(target, targetMs);
        if (!Double.isNaN(lowerMs)) horizontal(bandLower, lowerMs);
    }
}
