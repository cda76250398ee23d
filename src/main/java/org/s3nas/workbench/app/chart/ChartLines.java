package org.s3nas.workbench.app.chart;

import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.dataset.DataSet;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.paint.Color;

/**
 * The lines of one {@link LiveChart} and how they are drawn under the dashboard's {@link ChartOptions}: on the step
 * axis without smoothing a line is its run's data set itself (no copy); on the wall-clock axis, or smoothed, it is a
 * {@link DerivedSeries} rebuilt by {@link #refresh} (once per frame at most, when the run's revision changed). A
 * smoothed line is drawn in its colour over a faint copy of the raw values, as TensorBoard does, and the readout
 * gives both.
 */
public final class ChartLines {
    /** {@code clock}, {@code run}: the line's own run's clock and name (overlaid runs), or null for the chart's run. */
    private record Line(ErrorDataSetRenderer renderer, DataSet source, boolean smoothable, StepClock clock, String run) {}

    /** How faint the raw values behind a smoothed line are (the line colour's opacity). */
    static final double RAW_OPACITY = 0.28;

    private final LiveChart chart;
    private final ChartOptions options;
    private final List<Line> lines = new ArrayList<>();
    // data sets compare by content in chart-fx: keyed by identity
    private final Map<DataSet, DerivedSeries> main = new IdentityHashMap<>(), raw = new IdentityHashMap<>();
    private StepClock clock = new StepClock();
    private XAxisMode drawnMode;
    private boolean drawnSmoothed;

    public ChartLines(LiveChart chart, ChartOptions options) {
        this.chart = chart;
        this.options = options;
        options.smoothingProperty().addListener((obs, o, n) -> refresh());
        options.xAxisProperty().addListener((obs, o, n) -> refresh());
        options.wallClockAvailableProperty().addListener((obs, o, n) -> refresh());
    }

    public LiveChart chart() { return chart; }

    /** Removes every line (another run is shown); the renderers are emptied at the next {@link #refresh}. */
    public void clear() {
        lines.clear();
        main.clear();
        raw.clear();
        drawnMode = null;
        for (ErrorDataSetRenderer r : renderers()) r.getDatasets().clear();
        chart.clearPairs();
    }

    /**
     * Adds a line, drawn by {@code renderer} (one of the chart's), from {@code source} (styled already, see
     * RunCharts.styled); {@code smoothable} lines follow the smoothing slider. Lines added first are drawn on top.
     */
    public ChartLines add(ErrorDataSetRenderer renderer, DataSet source, boolean smoothable) {
        return add(renderer, source, smoothable, null, null);
    }

    /**
     * A line of another run than the chart's (runs overlaid on one chart), on the wall-clock axis by its own clock; the
     * readout names it by {@code run} and its series ("run-a · loss").
     */
    public ChartLines add(ErrorDataSetRenderer renderer, DataSet source, boolean smoothable, StepClock runClock, String run) {
        lines.add(new Line(renderer, source, smoothable, runClock, run));
        drawnMode = null;
        return this;
    }

    /** The shown run's clock, for the wall-clock axis. */
    public void setClock(StepClock clock) {
        this.clock = clock;
        drawnMode = null;
    }

    /** Redraws from the sources (after new points, or when an option changed). */
    public void refresh() {
        XAxisMode mode = options.effectiveXAxis();
        double weight = options.smoothing();
        boolean smoothing = weight > 0;
        chart.setXAxis(mode, clock);
        if (mode != drawnMode || smoothing != drawnSmoothed) rebuild(mode, smoothing);
        for (Line l : lines) {
            DerivedSeries d = main.get(l.source()), r = raw.get(l.source());
            if (d != null) d.update(d.smoothed() ? weight : 0, mode, clockOf(l));
            if (r != null) r.update(0, mode, clockOf(l));
        }
        chart.refreshHover();
    }

    private void rebuild(XAxisMode mode, boolean smoothing) {
        drawnMode = mode;
        drawnSmoothed = smoothing;
        Map<DataSet, DerivedSeries> keptMain = new IdentityHashMap<>(), keptRaw = new IdentityHashMap<>();
        chart.clearPairs();
        for (ErrorDataSetRenderer r : renderers()) {
            List<DataSet> top = new ArrayList<>(), faint = new ArrayList<>();
            for (Line l : lines) {
                if (l.renderer() != r) continue;
                DataSet s = l.source();
                if (smoothing && l.smoothable()) {
                    DerivedSeries smoothed = derive(main, keptMain, s, true, s.getStyle());
                    DerivedSeries raw = derive(this.raw, keptRaw, s, false, faintStyle(s.getStyle()));
                    top.add(smoothed.data());
                    faint.add(raw.data());
                    chart.pair(smoothed.data(), raw.data());
                } else if (mode == XAxisMode.STEP) {
                    top.add(s);
                } else {
                    top.add(derive(main, keptMain, s, false, s.getStyle()).data());
                }
                if (l.run() != null) chart.run(top.get(top.size() - 1), l.run());
            }
            top.addAll(faint); // chart-fx draws the first data set on top: the raw values behind
            r.getDatasets().setAll(top);
        }
        main.clear();
        main.putAll(keptMain);
        raw.clear();
        raw.putAll(keptRaw);
    }

    /** The derived series of {@code source} kept from the last frame when it still fits, else a new one. */
    private static DerivedSeries derive(Map<DataSet, DerivedSeries> last, Map<DataSet, DerivedSeries> kept, DataSet source, boolean smoothed,
            String style) {
        DerivedSeries d = last.get(source);
        if (d == null || d.smoothed() != smoothed) d = new DerivedSeries(source, smoothed, style);
        kept.put(source, d);
        return d;
    }

    private StepClock clockOf(Line l) { return l.clock() == null ? clock : l.clock(); }

    private List<ErrorDataSetRenderer> renderers() {
        List<ErrorDataSetRenderer> rs = new ArrayList<>();
        for (var r : chart.chart().getRenderers()) if (r instanceof ErrorDataSetRenderer e) rs.add(e);
        return rs;
    }

    /** The same style with the line colour faded and the line thin. */
    static String faintStyle(String style) {
        String colour = ReadoutFormat.lineColour(style);
        if (colour == null) return style;
        Color c = Color.web(colour, RAW_OPACITY);
        String faded = String.format(java.util.Locale.ROOT, "#%02x%02x%02x%02x", Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255),
                Math.round(c.getBlue() * 255), Math.round(c.getOpacity() * 255));
        return "-fx-line-color: " + faded + "; -fx-line-width: 1.2;";
    }
}
