package org.s3nas.workbench.app.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * Each block's chosen configuration over the run: x = step (the charts' range), y = block, colour = the choice —
 * the block's total expansion (0 = skip) or the set of kernel sizes it uses — with a legend of the values seen.
 * A {@link Canvas}: one pixel column per screen column (the last kept choice at or before that step), drawn
 * through a small image, so a redraw costs width × blocks whatever the run's length. Redrawn only when the data, the
 * size or the shown steps changed.
 * <p>
 * As the live charts ({@code LiveChart}): hovering shows a crosshair and a readout (the step whose choice is drawn
 * there, the block, its total expansion and kernel sizes); dragging across selects the steps to zoom into, the wheel
 * zooms around the mouse, Shift- or right-dragging pans, and a double-click or "Reset view" shows the whole run
 * again, following new steps. A zoomed view stays put while new steps arrive.
 */
final class ChoiceHeatmap extends VBox {
    enum ColourBy {
        EXPANSION("total expansion"), KERNELS("kernel sizes");

        final String title;

        ColourBy(String title) { this.title = title; }

        @Override public String toString() { return title; }
    }

    static final double LEFT = 104, RIGHT = 10, TOP = 4, BOTTOM = 22;
    /** A drag narrower than this (px) is a click, not a zoom. */
    private static final double MIN_DRAG = 4;
    private static final Color SKIP = Color.web("#9aa1ad");
    /** viridis, dark to light; larger expansions take the darker end. */
    private static final Color[] RAMP = {Color.web("#440154"), Color.web("#482878"), Color.web("#3e4989"), Color.web("#31688e"),
            Color.web("#26828e"), Color.web("#1f9e89"), Color.web("#35b779"), Color.web("#6ece58"), Color.web("#b5de2b"), Color.web("#fde725")};
    private static final Color[] CATEGORIES = {Color.web("#4e79a7"), Color.web("#f28e2b"), Color.web("#e15759"), Color.web("#76b7b2"),
            Color.web("#59a14f"), Color.web("#edc948"), Color.web("#b07aa1"), Color.web("#ff9da7"), Color.web("#9c755f"), Color.web("#bab0ac")};

    private final Canvas canvas = new Canvas();
    private final Label placeholder = new Label();
    private final HBox legend = new HBox();
    private final ComboBox<ColourBy> colourBy = new ComboBox<>();
    private final Label axisStyle = new Label();
    private final HBox bar;
    private SearchSeries series;
    private int maxExpansion = 1;
    private long drawnVersion = -1;
    private double drawnW, drawnH, drawnFrom, drawnTo;
    /** The steps shown when zoomed; NaN: the whole run (0 .. the series' xMax), following it. */
    private double viewFrom = Double.NaN, viewTo = Double.NaN;
    private final ReadOnlyBooleanWrapper zoomed = new ReadOnlyBooleanWrapper(this, "zoomed");
    private final Line crossV = new Line(), crossH = new Line();
    private final Rectangle band = new Rectangle();
    private final VBox readout = new VBox(1);
    /** The readout's lines: the step, the block, its choice (set on every move, made once). */
    private final Label readoutStep = new Label(), readoutBlock = new Label(), readoutChoice = new Label();
    private final Button reset = new Button("Reset view");
    /** The press of a drag (plot x) and the shown steps then; NaN: no drag. */
    private double pressX = Double.NaN, dragX;
    private double[] atPress;
    private boolean panning;
    /** The mouse over the plot (to refresh the readout when steps arrive under it); NaN: outside. */
    private double hoverX = Double.NaN, hoverY = Double.NaN;
    private ColourBy drawnMode;
    private String legendKey = "";
    private WritableImage image;
    private int[] pixels = new int[0];

    ChoiceHeatmap() {
        getStyleClass().add("choice-heatmap");
        setId("choiceHeatmap");
        Pane plot = new Pane(canvas) {
            @Override
            protected void layoutChildren() {
                canvas.setWidth(Math.floor(getWidth()));
                canvas.setHeight(Math.floor(getHeight()));
                redraw(false);
            }
        };
        plot.setMinSize(0, 0);
        plot.setPrefHeight(160);
        placeholder.getStyleClass().add("empty-text");
        placeholder.setWrapText(true);
        placeholder.setMouseTransparent(true);
        StackPane stack = new StackPane(plot, hoverLayer(), placeholder, resetButton());
        stack.getStyleClass().add("live-chart"); // the live charts' crosshair, readout and zoom band styles
        stack.getStylesheets().add(org.s3nas.workbench.app.chart.LiveChart.class.getResource("live-chart.css").toExternalForm());
        listenToMouse(plot);
        VBox.setVgrow(stack, Priority.ALWAYS);

        colourBy.getItems().setAll(ColourBy.values());
        colourBy.setValue(ColourBy.EXPANSION);
        colourBy.setId("heatmapColourBy");
        colourBy.valueProperty().addListener((obs, o, n) -> redraw(true));
        Label by = new Label("Colour by");
        by.getStyleClass().add("caption");
        axisStyle.getStyleClass().add("caption");
        legend.getStyleClass().add("heatmap-legend");
        legend.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(legend, Priority.ALWAYS);
        axisStyle.setManaged(false);
        axisStyle.setVisible(false); // only lends the theme's muted text colour to the canvas
        // the colour choice and the legend go in the card's title row (controls()): the rows keep the height
        bar = new HBox(8, legend, by, colourBy, axisStyle);
        bar.setAlignment(Pos.CENTER_RIGHT);
        bar.getStyleClass().add("heatmap-bar");
        getChildren().addAll(stack);
        show(null, 1);
    }

    private Pane hoverLayer() {
        crossV.getStyleClass().add("crosshair");
        crossH.getStyleClass().add("crosshair");
        band.getStyleClass().add("zoom-band");
        readout.getStyleClass().add("chart-readout");
        readout.setId("heatmapReadout");
        readoutStep.getStyleClass().add("readout-x");
        readout.getChildren().setAll(readoutStep, readoutBlock, readoutChoice);
        Pane layer = new Pane(band, crossV, crossH, readout);
        for (Node n : layer.getChildren()) {
            n.setManaged(false);
            n.setVisible(false);
        }
        layer.setMouseTransparent(true);
        layer.setMinSize(0, 0);
        return layer;
    }

    private Button resetButton() {
        reset.getStyleClass().addAll("small", "reset-view");
        reset.setId("heatmapResetView");
        reset.setTooltip(new Tooltip("Back to the whole run, following new steps (or double-click the heatmap)"));
        reset.visibleProperty().bind(zoomed);
        reset.managedProperty().bind(zoomed);
        reset.setOnAction(e -> resetView());
        StackPane.setAlignment(reset, Pos.TOP_RIGHT);
        StackPane.setMargin(reset, new Insets(4, RIGHT + 4, 0, 0));
        return reset;
    }

    private void listenToMouse(Pane plot) {
        // how to zoom is said once for the dashboard, above its charts ("drag: zoom · Shift+drag: pan · …")
        plot.setOnMouseMoved(e -> hoverAt(e.getX(), e.getY()));
        plot.setOnMouseExited(e -> { hoverX = hoverY = Double.NaN; hideHover(); });
        plot.setOnMousePressed(this::press);
        plot.setOnMouseDragged(this::drag);
        plot.setOnMouseReleased(this::release);
        plot.setOnMouseClicked(e -> { if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) resetView(); });
        plot.setOnScroll(this::scroll);
    }

    /** The colour choice and the legend, for the title row of the card around the heatmap. */
    Node controls() { return bar; }

    /** Height of one block's row as last drawn (for tests). */
    double rowHeight() {
        ChoiceHistory h = series == null ? null : series.choices();
        int rows = h == null ? Math.max(1, series == null ? 1 : series.blockLabels().size()) : h.blocks();
        return (canvas.getHeight() - TOP - BOTTOM) / Math.max(1, rows);
    }

    /** Every how many rows a block is labelled: each row when it is tall enough for its label (11 px). */
    static int labelEvery(double rowHeight) { return (int) Math.ceil(11 / Math.max(1e-9, rowHeight)); }

    /** Shows a run (null: nothing), the whole of it. {@code maxExpansion} fixes the colour scale: the largest total expansion of a block. */
    void show(SearchSeries s, int maxTotalExpansion) {
        series = s;
        viewFrom = viewTo = Double.NaN;
        zoomed.set(false);
        maxExpansion = Math.max(1, maxTotalExpansion);
        placeholder.setText(s == null ? "Start a search or select a run to see each block's choice over time."
                : s.isLive() ? "Each block's choice appears here from the run's first step."
                : "This run's history holds no block choices: it was written before the workbench recorded them.");
        redraw(true);
    }

    /** Several runs overlaid: the choices belong to one run, and the placeholder says how to see them. */
    void showOverlay() {
        show(null, 1);
        placeholder.setText(OVERLAY_TEXT);
    }

    static final String OVERLAY_TEXT = "Block choices are shown for one run: select a single run in Finished runs to see its choices over time.";

    /** Redraws when new choices arrived (call once per frame); the readout under a resting mouse follows. */
    void refresh() {
        redraw(false);
        if (!Double.isNaN(hoverX)) hoverAt(hoverX, hoverY);
    }

    // ---- the shown steps ------------------------------------------------------------------------------------------

    /** Whether the user zoomed in (then new steps do not move the view). */
    ReadOnlyBooleanProperty zoomedProperty() { return zoomed.getReadOnlyProperty(); }

    /** The steps shown, {from, to}: the whole run (0 .. its last or planned step) unless zoomed. */
    double[] shownSteps() {
        double xMax = series == null ? 1 : series.xMax();
        return zoomed.get() ? new double[]{viewFrom, viewTo} : new double[]{0, xMax};
    }

    /** Shows the steps between a and b (either order), within the run; the whole run when that is all of it. */
    void zoomTo(double a, double b) {
        double xMax = series == null ? 1 : series.xMax();
        double lo = Math.max(0, Math.min(a, b)), hi = Math.min(xMax, Math.max(a, b));
        if (hi - lo < 1) { // at least one step wide
            double mid = (lo + hi) / 2;
            lo = Math.max(0, mid - 0.5);
            hi = Math.min(xMax, lo + 1);
        }
        if (!(hi > lo) || (lo <= 0 && hi >= xMax)) {
            resetView();
            return;
        }
        viewFrom = lo;
        viewTo = hi;
        zoomed.set(true);
        redraw(true);
    }

    /** The whole run again, following new steps. */
    void resetView() {
        viewFrom = viewTo = Double.NaN;
        zoomed.set(false);
        redraw(true);
    }

    /** The plot's x (canvas px) of a step, and back. */
    private double xOf(double step, double[] r, double pw) { return LEFT + (step - r[0]) / (r[1] - r[0]) * pw; }

    private double stepAt(double x, double[] r, double pw) { return r[0] + (x - LEFT) / pw * (r[1] - r[0]); }

    private double plotWidth() { return canvas.getWidth() - LEFT - RIGHT; }

    private boolean inPlot(double x, double y) {
        return x >= LEFT && x <= canvas.getWidth() - RIGHT && y >= TOP && y <= canvas.getHeight() - BOTTOM;
    }

    private void press(MouseEvent e) {
        if (!inPlot(e.getX(), e.getY()) || series == null) return;
        panning = e.getButton() != MouseButton.PRIMARY || e.isShiftDown();
        pressX = dragX = e.getX();
        atPress = shownSteps();
        hideHover();
    }

    private void drag(MouseEvent e) {
        if (Double.isNaN(pressX)) return;
        double pw = plotWidth();
        dragX = Math.max(LEFT, Math.min(LEFT + pw, e.getX()));
        if (panning) {
            double xMax = series.xMax(), span = atPress[1] - atPress[0];
            double shift = -(dragX - pressX) / pw * span;
            double from = Math.max(0, Math.min(xMax - span, atPress[0] + shift));
            if (span < xMax) {
                viewFrom = from;
                viewTo = from + span;
                zoomed.set(true);
                redraw(true);
            }
            return;
        }
        band.setX(Math.min(pressX, dragX));
        band.setY(TOP);
        band.setWidth(Math.abs(dragX - pressX));
        band.setHeight(canvas.getHeight() - TOP - BOTTOM);
        band.setVisible(true);
    }

    private void release(MouseEvent e) {
        if (Double.isNaN(pressX)) return;
        band.setVisible(false);
        if (!panning && Math.abs(dragX - pressX) >= MIN_DRAG) {
            double pw = plotWidth();
            zoomTo(stepAt(pressX, atPress, pw), stepAt(dragX, atPress, pw));
        }
        pressX = Double.NaN;
        hoverAt(e.getX(), e.getY());
    }

    private void scroll(ScrollEvent e) {
        if (!inPlot(e.getX(), e.getY()) || series == null || e.getDeltaY() == 0) return;
        double f = org.s3nas.workbench.app.chart.LiveChart.wheelZoom(e);
        double[] r = shownSteps();
        double at = stepAt(e.getX(), r, plotWidth());
        zoomTo(at - (at - r[0]) * f, at + (r[1] - at) * f);
        e.consume();
        hoverAt(e.getX(), e.getY());
    }

    // ---- readout --------------------------------------------------------------------------------------------------

    /** The readout's lines as shown (empty while the mouse is not over a drawn step). */
    List<String> readoutLines() {
        List<String> out = new ArrayList<>();
        if (!readout.isVisible()) return out;
        for (Node n : readout.getChildren()) out.add(((Label) n).getText());
        return out;
    }

    /** The crosshair and the readout for the plot point (x, y): the step drawn in that column and the block of that row. */
    private void hoverAt(double x, double y) {
        hoverX = x;
        hoverY = y;
        ChoiceHistory h = series == null ? null : series.choices();
        if (h == null || h.size() == 0 || !Double.isNaN(pressX) || !inPlot(x, y)) {
            hideHover();
            return;
        }
        double pw = plotWidth(), ph = canvas.getHeight() - TOP - BOTTOM;
        double[] r = shownSteps();
        double step = stepAt(x, r, pw);
        int col = step > h.step(h.size() - 1) + (r[1] - r[0]) / pw ? -1 : h.columnAt(step);
        int block = (int) Math.min(h.blocks() - 1, Math.floor((y - TOP) / ph * h.blocks()));
        if (col < 0 || block < 0) {
            hideHover();
            return;
        }
        int code = h.code(col, block);
        List<String> labels = series.blockLabels();
        int expansion = ChoiceHistory.totalExpansion(code);
        readoutStep.setText(String.format(Locale.ROOT, "step %,d", h.step(col)));
        readoutBlock.setText(block < labels.size() ? labels.get(block) : "b" + block);
        readoutChoice.setText(expansion == 0 ? "skip (total expansion 0)"
                : "total expansion " + expansion + " · kernels " + ChoiceHistory.kernelSetLabel(ChoiceHistory.kernelSet(code)));
        double rowH = ph / h.blocks(), cy = TOP + (block + 0.5) * rowH;
        crossV.setStartX(Math.round(x) + 0.5);
        crossV.setEndX(Math.round(x) + 0.5);
        crossV.setStartY(TOP);
        crossV.setEndY(TOP + ph);
        crossH.setStartX(LEFT);
        crossH.setEndX(LEFT + pw);
        crossH.setStartY(Math.round(cy) + 0.5);
        crossH.setEndY(Math.round(cy) + 0.5);
        readout.applyCss();
        double w = readout.prefWidth(-1), hh = readout.prefHeight(w);
        double rx = x + 14 + w <= LEFT + pw ? x + 14 : x - 14 - w, ry = Math.min(Math.max(TOP, y - hh / 2), TOP + ph - hh);
        readout.resizeRelocate(Math.max(LEFT, rx), Math.max(0, ry), w, hh);
        for (Node n : List.of(crossV, crossH, readout)) n.setVisible(true);
    }

    private void hideHover() {
        for (Node n : List.of(crossV, crossH, readout)) n.setVisible(false);
    }

    private void redraw(boolean force) {
        ChoiceHistory h = series == null ? null : series.choices();
        boolean has = h != null && h.size() > 0;
        placeholder.setVisible(!has);
        double w = canvas.getWidth(), hh = canvas.getHeight();
        ColourBy mode = colourBy.getValue();
        double[] r = shownSteps();
        double from = r[0], to = r[1], span = to - from;
        if (!force && has && h.version() == drawnVersion && w == drawnW && hh == drawnH && mode == drawnMode
                && from == drawnFrom && to == drawnTo) return;
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, hh);
        drawnVersion = has ? h.version() : -1;
        drawnW = w;
        drawnH = hh;
        drawnMode = mode;
        drawnFrom = from;
        drawnTo = to;
        updateLegend(h, mode);
        if (!has || w <= LEFT + RIGHT + 2 || hh <= TOP + BOTTOM + 2) return;

        int pw = (int) (w - LEFT - RIGHT), rows = h.blocks();
        double ph = hh - TOP - BOTTOM;
        if (image == null || (int) image.getWidth() != pw || (int) image.getHeight() != rows) {
            image = new WritableImage(pw, rows);
            pixels = new int[pw * rows];
        }
        long lastStep = h.step(h.size() - 1);
        double dataEnd = LEFT + Math.max(0, Math.min(pw, Math.ceil((lastStep - from) / span * pw + 1)));
        for (int px = 0; px < pw; px++) {
            double step = from + span * (px + 0.5) / pw;
            int col = step > lastStep + span / pw ? -1 : h.columnAt(step);
            for (int b = 0; b < rows; b++) pixels[b * pw + px] = col < 0 ? 0 : argb(colour(h.code(col, b), mode));
        }
        image.getPixelWriter().setPixels(0, 0, pw, rows, PixelFormat.getIntArgbInstance(), pixels, 0, pw);
        g.setImageSmoothing(false);
        g.drawImage(image, LEFT, TOP, pw, ph);

        Color text = axisStyle.getTextFill() instanceof Color c ? c : Color.GRAY;
        double rowH = ph / rows;
        g.setFont(Font.font(10.5));
        g.setFill(text);
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        int every = labelEvery(rowH);
        List<String> labels = series.blockLabels();
        String stage = null;
        g.setStroke(text.deriveColor(0, 1, 1, 0.55));
        g.setLineWidth(1);
        for (int b = 0; b < rows; b++) {
            String label = b < labels.size() ? labels.get(b) : "b" + b;
            String st = label.contains("·") ? label.substring(label.indexOf('·')) : "";
            if (stage != null && !st.equals(stage)) { // stage boundaries, over the part of the run drawn so far
                double y = Math.round(TOP + b * rowH) + 0.5;
                g.strokeLine(LEFT, y, dataEnd, y);
            }
            stage = st;
            if (b % every == 0) g.fillText(label, LEFT - 6, TOP + (b + 0.5) * rowH);
        }
        // x ticks over the steps shown (the whole run: aligned with the charts)
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        double tick = niceTick(span, Math.max(2, pw / 90));
        for (double x = Math.ceil(from / tick - 1e-9) * tick + 0.0; x <= to + 1e-9; x += tick) { // + 0.0: no "-0"
            double sx = Math.round(xOf(x, r, pw)) + 0.5;
            g.strokeLine(sx, TOP + ph, sx, TOP + ph + 4);
            g.fillText(String.format(Locale.ROOT, "%,.0f", x), sx, TOP + ph + 6);
        }
        double p2 = series.phase2Start();
        if (!Double.isNaN(p2) && p2 >= from && p2 <= to) {
            double sx = Math.round(xOf(p2, r, pw)) + 0.5;
            g.setStroke(text);
            g.setLineDashes(4, 3);
            g.strokeLine(sx, TOP, sx, TOP + ph);
            g.setLineDashes();
        }
    }

    private void updateLegend(ChoiceHistory h, ColourBy mode) {
        List<Integer> values = new ArrayList<>(h == null ? List.of() : mode == ColourBy.EXPANSION ? h.seenExpansions() : h.seenKernelSets());
        String key = mode + values.toString() + maxExpansion;
        if (key.equals(legendKey)) return;
        legendKey = key;
        legend.getChildren().clear();
        for (int v : values) {
            Region swatch = new Region();
            swatch.getStyleClass().add("legend-swatch");
            Color c = mode == ColourBy.EXPANSION ? expansionColour(v) : kernelColour(v);
            swatch.setStyle("-fx-background-color: " + web(c) + ";");
            String text = mode == ColourBy.EXPANSION ? (v == 0 ? "0 (skip)" : Integer.toString(v)) : ChoiceHistory.kernelSetLabel(v);
            Label l = new Label(text, swatch);
            l.getStyleClass().add("legend-entry");
            legend.getChildren().add(l);
        }
    }

    private Color colour(int code, ColourBy mode) {
        return mode == ColourBy.EXPANSION ? expansionColour(ChoiceHistory.totalExpansion(code)) : kernelColour(ChoiceHistory.kernelSet(code));
    }

    Color expansionColour(int total) {
        if (total <= 0) return SKIP;
        double t = 1 - Math.min(1, (double) total / maxExpansion) * 0.85; // 0.15 (light) .. 1 (dark): bigger is darker
        double pos = (1 - t) * (RAMP.length - 1);
        int i = (int) Math.floor(pos);
        if (i >= RAMP.length - 1) return RAMP[RAMP.length - 1];
        return RAMP[RAMP.length - 1 - i].interpolate(RAMP[RAMP.length - 2 - i], pos - i);
    }

    static Color kernelColour(int set) {
        if (set == 0) return SKIP;
        return CATEGORIES[((set >> 1) + CATEGORIES.length - 1) % CATEGORIES.length];
    }

    private static int argb(Color c) {
        return (int) Math.round(c.getOpacity() * 255) << 24 | (int) Math.round(c.getRed() * 255) << 16
                | (int) Math.round(c.getGreen() * 255) << 8 | (int) Math.round(c.getBlue() * 255);
    }

    private static String web(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", (int) Math.round(c.getRed() * 255), (int) Math.round(c.getGreen() * 255),
                (int) Math.round(c.getBlue() * 255));
    }

    /** A 1-2-5 tick spacing giving about {@code count} ticks over [0, range]. */
    static double niceTick(double range, int count) {
        double raw = range / Math.max(1, count);
        double mag = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-12))));
        double n = raw / mag;
        double step = n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10;
        return Math.max(1, step * mag);
    }
}
