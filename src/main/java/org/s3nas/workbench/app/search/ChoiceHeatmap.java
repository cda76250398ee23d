package org.s3nas.workbench.app.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * Each block's chosen configuration over the run: x = step (the charts' range), y = block, colour = the choice —
 * the block's total expansion (0 = skip) or the set of kernel sizes it uses — with a legend of the values seen.
 * A {@link Canvas}: one pixel column per screen column (the last kept choice at or before that step), drawn
 * through a small image, so a redraw costs width × blocks whatever the run's length. Redrawn only when the data or
 * the size changed.
 */
final class ChoiceHeatmap extends VBox {
    enum ColourBy {
        EXPANSION("total expansion"), KERNELS("kernel sizes");

        final String title;

        ColourBy(String title) { this.title = title; }

        @Override public String toString() { return title; }
    }

    private static final double LEFT = 104, RIGHT = 10, TOP = 4, BOTTOM = 22;
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
    private double drawnW, drawnH, drawnXMax;
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
        StackPane stack = new StackPane(plot, placeholder);
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

    /** Shows a run (null: nothing). {@code maxExpansion} fixes the colour scale: the largest total expansion of a block. */
    void show(SearchSeries s, int maxTotalExpansion) {
        series = s;
        maxExpansion = Math.max(1, maxTotalExpansion);
        placeholder.setText(s == null ? "Start a search or select a run to see each block's choice over time."
                : s.isLive() ? "Each block's choice appears here from the run's first step."
                : "This run's folder holds no block choices: the workbench keeps them (choices.csv) for the runs it starts.");
        redraw(true);
    }

    /** Several runs overlaid: the choices belong to one run, and the placeholder says how to see them. */
    void showOverlay() {
        show(null, 1);
        placeholder.setText(OVERLAY_TEXT);
    }

    static final String OVERLAY_TEXT = "Block choices are shown for one run: select a single run in Finished runs to see its choices over time.";

    /** Redraws when new choices arrived (call once per frame). */
    void refresh() { redraw(false); }

    private void redraw(boolean force) {
        ChoiceHistory h = series == null ? null : series.choices();
        boolean has = h != null && h.size() > 0;
        placeholder.setVisible(!has);
        double w = canvas.getWidth(), hh = canvas.getHeight();
        ColourBy mode = colourBy.getValue();
        double xMax = series == null ? 1 : series.xMax();
        if (!force && has && h.version() == drawnVersion && w == drawnW && hh == drawnH && mode == drawnMode && xMax == drawnXMax) return;
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, hh);
        drawnVersion = has ? h.version() : -1;
        drawnW = w;
        drawnH = hh;
        drawnMode = mode;
        drawnXMax = xMax;
        updateLegend(h, mode);
        if (!has || w <= LEFT + RIGHT + 2 || hh <= TOP + BOTTOM + 2) return;

        int pw = (int) (w - LEFT - RIGHT), rows = h.blocks();
        double ph = hh - TOP - BOTTOM;
        if (image == null || (int) image.getWidth() != pw || (int) image.getHeight() != rows) {
            image = new WritableImage(pw, rows);
            pixels = new int[pw * rows];
        }
        long lastStep = h.step(h.size() - 1);
        double dataEnd = LEFT + Math.min(pw, Math.ceil(lastStep / xMax * pw + 1));
        for (int px = 0; px < pw; px++) {
            double step = xMax * (px + 0.5) / pw;
            int col = step > lastStep + xMax / pw ? -1 : h.columnAt(step);
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
        // x ticks, aligned with the charts (0 .. xMax)
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        double tick = niceTick(xMax, Math.max(2, pw / 90));
        for (double x = 0; x <= xMax + 1e-9; x += tick) {
            double sx = Math.round(LEFT + x / xMax * pw) + 0.5;
            g.strokeLine(sx, TOP + ph, sx, TOP + ph + 4);
            g.fillText(String.format(Locale.ROOT, "%,.0f", x), sx, TOP + ph + 6);
        }
        double p2 = series.phase2Start();
        if (!Double.isNaN(p2)) {
            double sx = Math.round(LEFT + p2 / xMax * pw) + 0.5;
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
