package org.s3nas.workbench.app.chart;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.Axis;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.renderer.Renderer;
import io.fair_acc.dataset.DataSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;
import javafx.util.StringConverter;

/**
 * A live run chart (a chart-fx {@link XYChart}) with what TensorBoard and Perfetto users reach for: a crosshair and a
 * readout of every series at the x under the mouse (values with their unit; a smoothed line with its raw value),
 * zoom by dragging a rectangle or scrolling (Ctrl+scroll: the y axis), pan by Shift+drag or a right / middle drag,
 * and back by a double-click or the "Reset view" button.
 * <p>
 * The chart follows its run: the dashboard calls {@link #followSteps} / {@link #followY} every frame with the range
 * the run fills. Once the user zoomed or panned, those calls only remember the range and the view stays where the
 * user put it while points keep arriving; {@link #resetView} returns to following. (chart-fx's Zoomer keeps a stack of
 * earlier ranges and would restore a stale one in a live run, and its handlers are on the whole scene, so this chart
 * handles its own mouse.)
 */
public final class LiveChart extends StackPane {
    /** At most this many series are listed; beyond, the ones nearest the mouse. */
    static final int READOUT_LINES = 8;
    private static final double MIN_DRAG = 5;

    private final XYChart chart;
    private final Pane overlay = new Pane();
    private final Line vertical = new Line(), horizontal = new Line();
    private final Group dots = new Group();
    private final VBox readout = new VBox(1);
    private final Rectangle band = new Rectangle();
    private final Button reset = new Button("Reset view");
    private final ReadOnlyBooleanWrapper zoomed = new ReadOnlyBooleanWrapper(this, "zoomed");
    private final Map<DataSet, DataSet> rawOf = new IdentityHashMap<>();
    private final Map<DataSet, DoubleFunction<String>> formats = new IdentityHashMap<>();
    /** The run a shown line belongs to, when several runs are overlaid (the readout names it: "run-a · loss"). */
    private final Map<DataSet, String> runOf = new IdentityHashMap<>();
    private DoubleFunction<String> valueFormat;
    private XAxisMode mode = XAxisMode.STEP;
    private StepClock clock = new StepClock();
    private final String stepAxisName;

    // what the view follows (the run's range); applied while not zoomed
    private double homeFromStep = Double.NaN, homeToStep = Double.NaN;
    private double homeXMin = Double.NaN, homeXMax = Double.NaN, homeYMin = Double.NaN, homeYMax = Double.NaN;
    private boolean yWasAuto;
    private double yFixedMin, yFixedMax;

    // mouse
    private Point2D pressed, last, hover;
    private boolean panning;
    private double[] atPress;

    public LiveChart(XYChart chart) {
        this.chart = chart;
        // chart-fx slides its plugin tool bar in when the mouse nears the top; no plugin adds to it here, so it was an
        // empty grey band over the plot (zoom, pan and reset are this class's own): it stays, unseen and unclickable
        chart.getToolBar().setOpacity(0);
        chart.getToolBar().setMouseTransparent(true);
        this.stepAxisName = chart.getXAxis().getName();
        String unit = chart.getYAxis().getUnit();
        this.valueFormat = ReadoutFormat.in(unit);
        getStyleClass().add("live-chart");
        getStylesheets().add(LiveChart.class.getResource("live-chart.css").toExternalForm());
        setMinSize(0, 0);
        setPrefSize(60, 60);

        vertical.getStyleClass().add("crosshair");
        horizontal.getStyleClass().add("crosshair");
        readout.getStyleClass().add("chart-readout");
        readout.setManaged(false);
        band.getStyleClass().add("zoom-band");
        band.setManaged(false);
        for (var n : List.of(vertical, horizontal, dots)) n.setManaged(false);
        overlay.getChildren().addAll(band, vertical, horizontal, dots, readout);
        overlay.setMouseTransparent(true);
        overlay.setMinSize(0, 0);
        hideHover();
        band.setVisible(false);

        reset.getStyleClass().addAll("small", "reset-view");
        reset.setTooltip(new Tooltip("Back to the whole run, following new points (or double-click the chart)"));
        reset.visibleProperty().bind(zoomed);
        reset.managedProperty().bind(zoomed);
        reset.setOnAction(e -> resetView());
        StackPane.setAlignment(reset, Pos.TOP_RIGHT);
        StackPane.setMargin(reset, new Insets(4, 8, 0, 0));
        getChildren().addAll(chart, overlay, reset);

        // filters: chart-fx's plot area consumes mouse moves before they would bubble up to here
        addEventFilter(MouseEvent.MOUSE_MOVED, e -> hoverAt(e.getSceneX(), e.getSceneY()));
        addEventHandler(MouseEvent.MOUSE_EXITED, e -> { hover = null; hideHover(); });
        addEventFilter(MouseEvent.MOUSE_PRESSED, this::press);
        addEventFilter(MouseEvent.MOUSE_DRAGGED, this::drag);
        addEventFilter(MouseEvent.MOUSE_RELEASED, this::release);
        addEventFilter(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && inPlot(e.getSceneX(), e.getSceneY()) != null) resetView();
        });
        addEventFilter(ScrollEvent.SCROLL, this::scroll);
    }

    public XYChart chart() { return chart; }

    // ---- following the run -----------------------------------------------------------------------------------

    /** The run's x range in steps (mapped to the axis); shown unless the user zoomed. */
    public void followSteps(double fromStep, double toStep) {
        homeFromStep = fromStep;
        homeToStep = toStep;
        followMapped();
    }

    private void followMapped() {
        double from = mode.x(homeFromStep, clock), to = mode.x(homeToStep, clock);
        if (Double.isNaN(from) || Double.isNaN(to)) return;
        home(from, to);
    }

    /** The run's x range in axis units; shown unless the user zoomed. */
    public void followX(double min, double max) {
        homeFromStep = Double.NaN;
        homeToStep = Double.NaN;
        home(min, max);
    }

    private void home(double min, double max) {
        if (!(max > min)) max = min + 1;
        homeXMin = min;
        homeXMax = max;
        if (!isZoomed()) set(x(), min, max);
    }

    /** The y range the dashboard computes itself (a log axis in whole powers of 2); shown unless the user zoomed. */
    public void followY(double min, double max) {
        homeYMin = min;
        homeYMax = max;
        if (!isZoomed()) set(y(), min, max);
    }

    /** The axis position of a step (for markers such as "phase 2"). */
    public double xOf(double step) { return mode.x(step, clock); }

    /** Whether the user zoomed or panned (the view then stays put while points arrive). */
    public ReadOnlyBooleanProperty zoomedProperty() { return zoomed.getReadOnlyProperty(); }

    public boolean isZoomed() { return zoomed.get(); }

    /** Back to following the run. */
    public void resetView() {
        if (!isZoomed()) return;
        zoomed.set(false);
        if (!Double.isNaN(homeXMin)) set(x(), homeXMin, homeXMax);
        if (yWasAuto) y().setAutoRanging(true);
        else if (!Double.isNaN(homeYMin)) set(y(), homeYMin, homeYMax);
        else set(y(), yFixedMin, yFixedMax);
        chart.invalidate();
        refreshHover();
    }

    /** Shows x in [x0, x1] and y in [y0, y1] (either may be null: unchanged) and stops following. */
    public void zoomTo(double[] xRange, double[] yRange) {
        freeze();
        if (xRange != null) set(x(), Math.min(xRange[0], xRange[1]), Math.max(xRange[0], xRange[1]));
        if (yRange != null) set(y(), Math.min(yRange[0], yRange[1]), Math.max(yRange[0], yRange[1]));
        refreshHover();
    }

    private void freeze() {
        if (isZoomed()) return;
        DefaultNumericAxis y = y();
        yWasAuto = y.isAutoRanging();
        yFixedMin = y.getMin();
        yFixedMax = y.getMax();
        y.setAutoRanging(false);
        y.set(yFixedMin, yFixedMax); // the auto range it showed
        zoomed.set(true);
    }

    // ---- x axis -------------------------------------------------------------------------------------------------

    /** The axis the run is drawn over (its title and tick labels, and the readout's x line). */
    void setXAxis(XAxisMode mode, StepClock clock) {
        this.clock = clock;
        if (mode == this.mode) return;
        this.mode = mode;
        if (!Double.isNaN(homeFromStep)) followMapped(); // the run's range on the new axis
        DefaultNumericAxis x = x();
        x.setName(mode == XAxisMode.STEP ? stepAxisName : stepAxisName == null ? null : mode.axisName());
        x.setTickLabelFormatter(mode == XAxisMode.STEP ? null : new StringConverter<>() {
            @Override
            public String toString(Number n) { return mode.tick(n.doubleValue()); }

            @Override
            public Number fromString(String s) { throw new UnsupportedOperationException(); }
        });
        resetView();
    }

    public XAxisMode xAxisMode() { return mode; }

    // ---- readout ------------------------------------------------------------------------------------------------

    /** How the values of this chart read (default: four significant figures in the y axis' unit). */
    public void setValueFormat(DoubleFunction<String> format) { this.valueFormat = format; }

    /** A different format for one series (e.g. a second quantity drawn on the same axis). */
    public void setValueFormat(DataSet series, DoubleFunction<String> format) { formats.put(series, format); }

    /** {@code smoothed} is drawn over {@code raw}: the readout lists it once, with both values. */
    void pair(DataSet smoothed, DataSet raw) { rawOf.put(smoothed, raw); }

    /** {@code shown} is a line of the overlaid run {@code run}. */
    void run(DataSet shown, String run) { runOf.put(shown, run); }

    void clearPairs() {
        rawOf.clear();
        runOf.clear();
    }

    /** The readout's lines as shown (empty while the mouse is not over the plot). */
    public List<String> readoutLines() {
        List<String> out = new ArrayList<>();
        if (!readout.isVisible()) return out;
        for (var n : readout.getChildren()) out.add(((Label) n).getText());
        return out;
    }

    /** After new points: the readout under a resting mouse shows them. */
    void refreshHover() { if (hover != null) hoverAt(hover.getX(), hover.getY()); }

    private record Entry(String name, String colour, double x, double y, String text) {}

    private void hoverAt(double sceneX, double sceneY) {
        Point2D p = inPlot(sceneX, sceneY);
        if (p == null || pressed != null) {
            hover = p == null ? null : new Point2D(sceneX, sceneY);
            hideHover();
            return;
        }
        hover = new Point2D(sceneX, sceneY);
        double mouseX = x().getValueForDisplay(p.getX());
        List<DataSet> shown = new ArrayList<>();
        for (Renderer r : chart.getRenderers()) {
            for (DataSet ds : r.getDatasets()) if (!rawOf.containsValue(ds) && ds.getDataCount() > 0) shown.add(ds);
        }
        if (shown.isEmpty()) {
            hideHover();
            return;
        }
        // the x of the nearest point of the first series with more than a reference line's two points
        DataSet lead = shown.stream().filter(ds -> ds.getDataCount() > 2).findFirst().orElse(shown.get(0));
        double snapX = nearest(lead, mouseX)[0];
        List<Entry> entries = new ArrayList<>();
        for (DataSet ds : shown) {
            double[] pt = nearest(ds, snapX);
            DoubleFunction<String> f = formats.getOrDefault(ds, valueFormat);
            String run = runOf.get(ds);
            String text = (run == null ? "" : run + " · ") + ds.getName() + "  " + f.apply(pt[1]);
            DataSet raw = rawOf.get(ds);
            if (raw != null && raw.getDataCount() > 0) text += "  (raw " + f.apply(nearest(raw, snapX)[1]) + ")";
            entries.add(new Entry(ds.getName(), ReadoutFormat.lineColour(ds.getStyle()), pt[0], pt[1], text));
        }
        int more = 0;
        if (entries.size() > READOUT_LINES) { // many thresholds: the ones nearest the mouse
            double mouseY = p.getY();
            entries.sort(Comparator.comparingDouble(en -> Math.abs(y().getDisplayPosition(en.y()) - mouseY)));
            more = entries.size() - READOUT_LINES;
            entries = new ArrayList<>(entries.subList(0, READOUT_LINES));
        }
        drawHover(p, snapX, entries, more);
    }

    private void drawHover(Point2D p, double snapX, List<Entry> entries, int more) {
        Bounds plot = plotBoundsInOverlay();
        Point2D mouse = toOverlay(p.getX(), p.getY());
        double sx = toOverlay(x().getDisplayPosition(snapX), 0).getX();
        vertical.setStartX(sx);
        vertical.setEndX(sx);
        vertical.setStartY(plot.getMinY());
        vertical.setEndY(plot.getMaxY());
        horizontal.setStartX(plot.getMinX());
        horizontal.setEndX(plot.getMaxX());
        horizontal.setStartY(mouse.getY());
        horizontal.setEndY(mouse.getY());
        dots.getChildren().clear();
        List<Label> lines = new ArrayList<>();
        Label head = new Label(mode.readout(snapX, clock));
        head.getStyleClass().add("readout-x");
        lines.add(head);
        for (Entry en : entries) {
            Color c = colour(en.colour());
            Point2D d = toOverlay(x().getDisplayPosition(en.x()), y().getDisplayPosition(en.y()));
            if (plot.contains(d)) {
                Circle dot = new Circle(d.getX(), d.getY(), 3.5, c);
                dot.getStyleClass().add("readout-dot");
                dots.getChildren().add(dot);
            }
            Label l = new Label(en.text(), new Circle(4, c));
            lines.add(l);
        }
        if (more > 0) lines.add(new Label("… " + more + " more (nearest the mouse shown)"));
        readout.getChildren().setAll(lines);
        readout.applyCss();
        double w = readout.prefWidth(-1), h = readout.prefHeight(w);
        double rx = mouse.getX() + 16, ry = mouse.getY() + 12;
        if (rx + w > plot.getMaxX()) rx = mouse.getX() - 16 - w;
        if (ry + h > plot.getMaxY()) ry = mouse.getY() - 12 - h;
        readout.resizeRelocate(Math.max(plot.getMinX(), rx), Math.max(plot.getMinY(), ry), w, h);
        for (var n : List.of(vertical, horizontal, dots, readout)) n.setVisible(true);
    }

    private void hideHover() {
        for (var n : List.of(vertical, horizontal, dots, readout)) n.setVisible(false);
    }

    /** The point of {@code ds} whose x is nearest {@code x} (data sets are sorted by x). */
    static double[] nearest(DataSet ds, double x) {
        double[] out = new double[2];
        ds.lock().readLockGuard(() -> {
            int n = ds.getDataCount();
            int lo = 0, hi = n - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (ds.get(DataSet.DIM_X, mid) < x) lo = mid + 1;
                else hi = mid;
            }
            int i = lo;
            if (i > 0 && Math.abs(ds.get(DataSet.DIM_X, i - 1) - x) <= Math.abs(ds.get(DataSet.DIM_X, i) - x)) i--;
            out[0] = ds.get(DataSet.DIM_X, i);
            out[1] = ds.get(DataSet.DIM_Y, i);
        });
        return out;
    }

    private static Color colour(String web) {
        try {
            return web == null ? Color.GRAY : Color.web(web);
        } catch (IllegalArgumentException e) {
            return Color.GRAY;
        }
    }

    // ---- zoom and pan ---------------------------------------------------------------------------------------------

    private void press(MouseEvent e) {
        Point2D p = inPlot(e.getSceneX(), e.getSceneY());
        if (p == null || isOnReset(e)) return;
        panning = e.getButton() != MouseButton.PRIMARY || e.isShiftDown();
        pressed = p;
        last = p;
        atPress = new double[]{x().getMin(), x().getMax(), y().getMin(), y().getMax()};
        hideHover();
    }

    private void drag(MouseEvent e) {
        if (pressed == null) return;
        Point2D p = canvasPoint(e.getSceneX(), e.getSceneY());
        if (panning) { // from the ranges at the press: the axes' display scale is only updated at the next pulse
            Bounds b = chart.getCanvas().getLayoutBounds();
            freeze();
            double[] xr = shift(x(), atPress[0], atPress[1], -(p.getX() - pressed.getX()) / b.getWidth());
            double[] yr = shift(y(), atPress[2], atPress[3], (p.getY() - pressed.getY()) / b.getHeight());
            set(x(), xr[0], xr[1]);
            set(y(), yr[0], yr[1]);
            last = p;
            return;
        }
        Bounds b = chart.getCanvas().getLayoutBounds();
        double cx = clamp(p.getX(), b.getMinX(), b.getMaxX()), cy = clamp(p.getY(), b.getMinY(), b.getMaxY());
        Point2D a = toOverlay(pressed.getX(), pressed.getY()), c = toOverlay(cx, cy);
        band.setX(Math.min(a.getX(), c.getX()));
        band.setY(Math.min(a.getY(), c.getY()));
        band.setWidth(Math.abs(a.getX() - c.getX()));
        band.setHeight(Math.abs(a.getY() - c.getY()));
        band.setVisible(true);
        last = new Point2D(cx, cy);
    }

    private void release(MouseEvent e) {
        if (pressed == null) return;
        Point2D from = pressed, to = last;
        boolean wasPanning = panning;
        pressed = null;
        band.setVisible(false);
        if (!wasPanning && to != null) {
            boolean wide = Math.abs(to.getX() - from.getX()) >= MIN_DRAG, tall = Math.abs(to.getY() - from.getY()) >= MIN_DRAG;
            if (wide) {
                zoomTo(new double[]{x().getValueForDisplay(from.getX()), x().getValueForDisplay(to.getX())},
                        tall ? new double[]{y().getValueForDisplay(from.getY()), y().getValueForDisplay(to.getY())} : null);
            }
        }
        hoverAt(e.getSceneX(), e.getSceneY());
    }

    /**
     * The factor a wheel event scales the shown range by (below 1: zoom in): 15 % per notch (a delta of 40); a
     * touchpad's small deltas count a quarter notch at least. Every zoomable run chart uses it.
     */
    public static double wheelZoom(ScrollEvent e) {
        double notches = Math.signum(e.getDeltaY()) * Math.max(10, Math.abs(e.getDeltaY())) / 40;
        return Math.pow(1.15, -notches);
    }

    private void scroll(ScrollEvent e) {
        Point2D p = inPlot(e.getSceneX(), e.getSceneY());
        if (p == null || e.getDeltaY() == 0) return;
        double f = wheelZoom(e);
        Bounds b = chart.getCanvas().getLayoutBounds();
        freeze();
        // from the axes' current ranges (set() updates them at once; several wheel events may come within one pulse)
        if (e.isControlDown()) {
            double[] r = zoom(y(), y().getMin(), y().getMax(), (b.getMaxY() - p.getY()) / b.getHeight(), f);
            set(y(), r[0], r[1]);
        } else {
            double[] r = zoom(x(), x().getMin(), x().getMax(), (p.getX() - b.getMinX()) / b.getWidth(), f);
            set(x(), r[0], r[1]);
        }
        e.consume();
        hoverAt(e.getSceneX(), e.getSceneY());
    }

    // ---- geometry -----------------------------------------------------------------------------------------------

    private DefaultNumericAxis x() { return (DefaultNumericAxis) chart.getXAxis(); }

    private DefaultNumericAxis y() { return (DefaultNumericAxis) chart.getYAxis(); }

    private static void set(Axis a, double min, double max) {
        if (!(max > min) || Double.isNaN(min) || Double.isInfinite(max)) return;
        DefaultNumericAxis axis = (DefaultNumericAxis) a;
        axis.setAutoRanging(false);
        if (axis.getMin() != min || axis.getMax() != max) axis.set(min, max);
    }

    /** [min, max] moved by {@code fraction} of its span (in log space on a log axis). */
    static double[] shift(DefaultNumericAxis a, double min, double max, double fraction) {
        boolean log = a.isLogAxis();
        double lo = log ? Math.log(min) : min, hi = log ? Math.log(max) : max, d = (hi - lo) * fraction;
        return log ? new double[]{Math.exp(lo + d), Math.exp(hi + d)} : new double[]{lo + d, hi + d};
    }

    /** [min, max] scaled by {@code f} around the point {@code at} (0 = min, 1 = max) of its span. */
    static double[] zoom(DefaultNumericAxis a, double min, double max, double at, double f) {
        boolean log = a.isLogAxis();
        double lo = log ? Math.log(min) : min, hi = log ? Math.log(max) : max, m = lo + (hi - lo) * at;
        double nlo = m - (m - lo) * f, nhi = m + (hi - m) * f;
        return log ? new double[]{Math.exp(nlo), Math.exp(nhi)} : new double[]{nlo, nhi};
    }

    /** The point in the plot canvas' coordinates (= the axes' display positions), or null outside the plot. */
    private Point2D inPlot(double sceneX, double sceneY) {
        Point2D p = canvasPoint(sceneX, sceneY);
        return chart.getCanvas().getLayoutBounds().contains(p) ? p : null;
    }

    private Point2D canvasPoint(double sceneX, double sceneY) { return chart.getCanvas().sceneToLocal(sceneX, sceneY); }

    private Point2D toOverlay(double canvasX, double canvasY) {
        return overlay.sceneToLocal(chart.getCanvas().localToScene(canvasX, canvasY));
    }

    private Bounds plotBoundsInOverlay() {
        return overlay.sceneToLocal(chart.getCanvas().localToScene(chart.getCanvas().getLayoutBounds()));
    }

    private boolean isOnReset(MouseEvent e) {
        return reset.isVisible() && reset.localToScene(reset.getLayoutBounds()).contains(e.getSceneX(), e.getSceneY());
    }

    private static double clamp(double v, double lo, double hi) { return Math.max(lo, Math.min(hi, v)); }
}
