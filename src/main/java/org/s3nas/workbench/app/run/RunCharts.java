package org.s3nas.workbench.app.run;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.renderer.ErrorStyle;
import io.fair_acc.chartfx.renderer.LineStyle;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.chartfx.ui.geometry.Side;
import io.fair_acc.dataset.DataSet;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.controlsfx.control.TaskProgressView;
import org.s3nas.workbench.app.chart.LiveChart;
import org.s3nas.workbench.model.RunStatus;

/**
 * The pieces every live-run dashboard (Search, Training) is built of, so that they look and behave alike: chart-fx
 * charts without markers or animation whose x axis is the optimiser step, chart cards with a legend in their title
 * row, the list of runs in progress with pause / resume / show, and notifications. Styles: {@link #stylesheet()}.
 */
public final class RunCharts {
    private RunCharts() {}

    /** The dashboards' stylesheet (cards, charts, the runs list, the configuration sheet). */
    public static java.net.URL stylesheet() { return RunCharts.class.getResource("dashboard.css"); }

    /** A chart over the optimiser step: fixed x range (set by {@link #follow}), auto-ranged y; wrap it in a LiveChart. */
    public static XYChart chart(String yName, String yUnit) {
        DefaultNumericAxis x = new DefaultNumericAxis("step");
        x.setUnit(null);
        x.setAutoRanging(false);
        x.setAutoRangeRounding(false);
        x.set(0, 1);
        DefaultNumericAxis y = new DefaultNumericAxis(yName);
        y.setUnit(yUnit);
        y.setAutoRanging(true);
        y.setAutoRangeRounding(false);
        y.setAutoRangePadding(0.06);
        for (DefaultNumericAxis a : List.of(x, y)) {
            a.setMinorTickCount(0);
            a.setMaxMajorTickLabelCount(8);
        }
        y.setSide(Side.LEFT);
        x.setSide(Side.BOTTOM);
        XYChart c = new XYChart(x, y);
        c.setAnimated(false);
        c.setLegendVisible(false); // each card lists its series in its title row
        // a hidden legend still takes part in layout: with 70 threshold series it would push the axis out of the card
        c.getLegend().getNode().managedProperty().bind(c.legendVisibleProperty());
        // chart-fx draws the minor grid of a log axis even when hidden: make it transparent instead
        for (var minor : List.of(c.getGridRenderer().getHorizontalMinorGrid(), c.getGridRenderer().getVerticalMinorGrid())) {
            minor.setVisible(false);
            minor.setStroke(Color.TRANSPARENT);
        }
        c.getRenderers().setAll(lineRenderer(false));
        // small preferred size: the grid cell decides (chart.css asks for 600 x 450, which would overflow the cards)
        c.setMinSize(0, 0);
        c.setPrefSize(60, 60);
        c.getStyleClass().add("dashboard-chart");
        return c;
    }

    /** Accuracy is a fraction: a fixed 0 .. 1 axis with round ticks. */
    public static XYChart unitRange(XYChart c) {
        DefaultNumericAxis y = (DefaultNumericAxis) c.getYAxis();
        y.setAutoRanging(false);
        y.set(0, 1);
        y.setTickUnit(0.2);
        return c;
    }

    /**
     * A log y axis in base 2: ticks at 0.5, 1, 2, 4, ... read well both for a cross-entropy and a latency term. It is
     * ranged by {@link #rangeLog2} to whole powers of 2, so there are always labels.
     */
    public static XYChart logY(XYChart c) {
        DefaultNumericAxis y = (DefaultNumericAxis) c.getYAxis();
        y.setLogAxis(true);
        y.setLogarithmBase(2);
        y.setMaxMajorTickLabelCount(12);
        y.setAutoRanging(false);
        y.set(1, 4);
        return c;
    }

    /**
     * From 2^floor(log2 min) to 2^ceil(log2 max): chart-fx's auto range of a log axis stops at the data, and a CE of
     * about 2.3 .. 2.5 then had no labelled tick at all.
     */
    static double[] logRange(double min, double max) {
        if (!(min > 0) || !(max >= min) || Double.isInfinite(max)) return new double[]{1, 4};
        double lo = Math.pow(2, Math.floor(Math.log(min) / Math.log(2) + 1e-9));
        double hi = Math.pow(2, Math.ceil(Math.log(max) / Math.log(2) - 1e-9));
        if (hi <= lo) hi = 2 * lo;
        return new double[]{lo, hi};
    }

    /**
     * Ranges a {@link #logY} axis to whole powers of 2 around the values of {@code shown} (when it changed; while the
     * user has the chart zoomed, only remembered for the reset).
     */
    public static void rangeLog2(LiveChart c, List<? extends DataSet> shown) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (DataSet ds : shown) {
            if (ds.getDataCount() == 0) continue;
            // kept up to date by the data set as points arrive: no scan of 10^5 points per frame
            var d = ds.getAxisDescription(DataSet.DIM_Y);
            min = Math.min(min, d.getMin());
            max = Math.max(max, d.getMax());
        }
        if (min > max) return; // nothing shown yet
        double[] r = logRange(min, max);
        c.followY(r[0], r[1]);
    }

    /**
     * Adds a second renderer that draws its series as lines with a marker at each point, for sparse series (an
     * accuracy measured once per epoch: a run of one epoch has a single point, which a bare line would not show).
     */
    public static ErrorDataSetRenderer addPointRenderer(XYChart c) {
        ErrorDataSetRenderer r = lineRenderer(true);
        c.getRenderers().add(r);
        return r;
    }

    /**
     * A renderer that draws its series as plain lines, no error bars: without markers and with point reduction for
     * long series, or with a marker at every point (and every point kept) for sparse ones.
     */
    private static ErrorDataSetRenderer lineRenderer(boolean markers) {
        ErrorDataSetRenderer r = new ErrorDataSetRenderer();
        r.setDrawMarker(markers);
        r.setErrorStyle(ErrorStyle.NONE);
        r.setPolyLineStyle(LineStyle.NORMAL);
        r.setPointReduction(!markers);
        r.setDrawBars(false);
        return r;
    }

    /** The chart's first renderer, whose data sets are the drawn series. */
    public static ErrorDataSetRenderer renderer(XYChart c) { return (ErrorDataSetRenderer) c.getRenderers().get(0); }

    /** Colours a series (dashed for a reference line). */
    public static DataSet styled(DataSet ds, String colour, double width, boolean dashed) {
        ds.setStyle("-fx-line-color: " + colour + "; -fx-line-width: " + width + ";" + (dashed ? " -fx-line-dash-array: 7 4;" : ""));
        return ds;
    }

    /** Colours a series drawn with a round marker at each point (for {@link #addPointRenderer}). */
    public static DataSet styledPoints(DataSet ds, String colour, double width) {
        ds.setStyle("-fx-line-color: " + colour + "; -fx-line-width: " + width + "; -fx-marker-color: " + colour
                + "; -fx-marker-type: circle; -fx-marker-size: 3.5; -fx-marker-line-width: 1.5;");
        return ds;
    }

    /** Every chart follows the run from step 0 to {@code xMax} (once per frame; a chart the user zoomed stays put). */
    public static void follow(List<LiveChart> charts, double xMax) {
        for (LiveChart c : charts) c.followSteps(0, xMax);
    }

    /** A legend entry: a short line in the series' colour (dashed for a reference line) and its name. */
    public static Label legendEntry(String name, String colour, boolean dashed) {
        javafx.scene.shape.Line line = new javafx.scene.shape.Line(0, 0, 16, 0);
        line.setStroke(Color.web(colour));
        line.setStrokeWidth(2.2);
        if (dashed) line.getStrokeDashArray().setAll(5.0, 3.0);
        Label l = new Label(name, line);
        l.getStyleClass().add("legend-entry");
        return l;
    }

    /** Colours of overlaid runs, one per run, told apart also by colour-blind readers (Okabe and Ito's palette). */
    private static final String[] RUN_COLOURS = {"#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#7a6a00", "#555555"};

    /** The colour of the {@code i}-th overlaid run. */
    public static String runColour(int i) { return RUN_COLOURS[i % RUN_COLOURS.length]; }

    /** Fills an overlay's legend: one entry per run, named and in its colour; empty shows nothing. */
    public static void runLegend(HBox legend, List<String> names) {
        legend.getChildren().clear();
        for (int i = 0; i < names.size(); i++) legend.getChildren().add(legendEntry(names.get(i), runColour(i), false));
        legend.setVisible(!names.isEmpty());
        legend.setManaged(!names.isEmpty());
    }

    /** An overlay's legend row (filled by {@link #runLegend}). */
    public static HBox runLegend(String id) {
        HBox legend = new HBox(14);
        legend.setId(id);
        legend.setMinWidth(Region.USE_PREF_SIZE); // the run names stay whole: the caption beside it gives way instead
        legend.setAlignment(Pos.CENTER_LEFT);
        runLegend(legend, List.of());
        return legend;
    }

    /** Shows or hides the series legends of the chart cards' title rows (while runs are overlaid a colour means a run). */
    public static void cardLegendsVisible(Node grid, boolean visible) {
        for (Node n : grid.lookupAll(".card-legend")) {
            n.setVisible(visible);
            n.setManaged(visible);
        }
    }

    /** A muted note in a card's title row. */
    public static Label caption(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("legend-entry");
        return l;
    }

    /** A column of figures already formatted as text ("0.0812 ms"), right-aligned. */
    public static <R> javafx.scene.control.TableColumn<R, String> numberColumn(String title, java.util.function.Function<R, String> v, double w) {
        javafx.scene.control.TableColumn<R, String> c = org.s3nas.workbench.app.Views.column(title, v, w);
        c.getStyleClass().add("number");
        return c;
    }

    /** A titled card around a chart, its legend entries right of the title. */
    public static VBox card(String title, Node content, String id, Node... legend) {
        Label t = new Label(title);
        t.getStyleClass().add("card-title");
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox head = new HBox(12, t, gap);
        for (Node n : legend) n.getStyleClass().add("card-legend");
        head.getChildren().addAll(legend);
        head.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(2, head, content);
        box.getStyleClass().addAll("card", "chart-card");
        box.setId(id);
        box.setMinHeight(0);
        VBox.setVgrow(content, Priority.ALWAYS);
        return box;
    }

    /**
     * The runs in progress with their title, message (step, images/s, time left), progress and Cancel (ControlsFX),
     * plus Pause / Resume and Show (puts the run into the charts) for each; kept in step with {@code jobs}.
     */
    public static <J extends RunJob<?, ?>> TaskProgressView<J> activeRuns(ObservableList<J> jobs, Consumer<J> show) {
        TaskProgressView<J> tasks = new TaskProgressView<>();
        tasks.setGraphicFactory(job -> jobControls(job, show));
        jobs.addListener((ListChangeListener<J>) c -> {
            while (c.next()) {
                tasks.getTasks().removeAll(c.getRemoved());
                for (J j : c.getAddedSubList()) if (!tasks.getTasks().contains(j)) tasks.getTasks().add(j);
            }
        });
        tasks.getTasks().setAll(jobs);
        return tasks;
    }

    private static <J extends RunJob<?, ?>> Node jobControls(J job, Consumer<J> show) {
        Button pause = new Button();
        pause.getStyleClass().addAll("small", "job-pause");
        pause.textProperty().bind(Bindings.when(job.statusProperty().isEqualTo(RunStatus.PAUSED)).then("Resume").otherwise("Pause"));
        pause.disableProperty().bind(job.statusProperty().isNotEqualTo(RunStatus.RUNNING).and(job.statusProperty().isNotEqualTo(RunStatus.PAUSED)));
        pause.setOnAction(e -> {
            if (job.status() == RunStatus.PAUSED) job.resume();
            else job.pause();
        });
        Button showButton = new Button("Show");
        showButton.getStyleClass().addAll("small", "job-show");
        showButton.setOnAction(e -> show.accept(job));
        VBox box = new VBox(4, pause, showButton);
        pause.setMaxWidth(Double.MAX_VALUE);
        showButton.setMaxWidth(Double.MAX_VALUE);
        return box;
    }

    /** Shows each notice added to {@code notices} as a notification of {@code owner}'s window ({@link #notify}). */
    public static void notifyEach(Node owner, ObservableList<Notices.Notice> notices) {
        notices.addListener((ListChangeListener<Notices.Notice>) c -> {
            while (c.next()) for (Notices.Notice n : c.getAddedSubList()) notify(owner, n.error(), n.title(), n.text());
        });
    }

    /** A notification at the bottom right of {@code owner}'s window (errors stay longer); nothing while it is not shown. */
    public static void notify(Node owner, boolean error, String title, String text) {
        if (owner.getScene() == null || owner.getScene().getWindow() == null || !owner.getScene().getWindow().isShowing()) return;
        Notifications note = Notifications.create().title(title).text(text).owner(owner.getScene().getWindow())
                .position(Pos.BOTTOM_RIGHT).hideAfter(Duration.seconds(error ? 20 : 8));
        if (error) note.showError();
        else note.showInformation();
    }
}
