package org.s3nas.workbench.app.latency;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import javafx.util.Duration;
import org.s3nas.workbench.app.CanvasPane;

/**
 * A chart drawn on a {@link Canvas} that fills the region: the small static summaries of the Latency view (at most a
 * few thousand marks each), redrawn on resize or when the data changes. Subclasses draw; this class keeps the canvas
 * sized, the palette, the plot-area arithmetic and one tooltip that follows the mouse.
 */
abstract class ChartCanvas extends CanvasPane {
    static final Font FONT = Font.font("System", 11);
    static final Font FONT_BOLD = Font.font("System", FontWeight.BOLD, 11);
    static final Font FONT_SMALL = Font.font("System", 10);

    private final Tooltip tip = new Tooltip();
    protected Palette palette = Palette.LIGHT;
    private String emptyText = "No data yet";

    /** The plot rectangle of the last draw (left, top, width, height), for hit tests. */
    protected double px, py, pw, ph;

    ChartCanvas() {
        getStyleClass().add("latency-chart");
        setMinSize(160, 120);
        setPrefSize(420, 260);
        tip.setShowDelay(Duration.millis(120));
        tip.setHideDelay(Duration.millis(60));
        tip.setShowDuration(Duration.seconds(30));
        setOnMouseMoved(e -> {
            String t = tooltipAt(e.getX(), e.getY());
            if (t == null) {
                Tooltip.uninstall(this, tip);
                tip.hide();
            } else {
                tip.setText(t);
                Tooltip.install(this, tip);
                if (tip.isShowing()) {
                    tip.setAnchorX(e.getScreenX() + 14);
                    tip.setAnchorY(e.getScreenY() + 14);
                }
            }
        });
        setOnMouseExited(e -> tip.hide());
    }

    void setPalette(Palette p) {
        palette = p;
        redraw();
    }

    /** What the chart says while it has nothing to draw. */
    void setEmptyText(String text) {
        emptyText = text;
        redraw();
    }

    @Override
    protected void laidOut(boolean resized) { redraw(); }

    @Override
    protected double computePrefWidth(double height) { return getPrefWidth(); }

    @Override
    protected double computePrefHeight(double width) { return getPrefHeight(); }

    final void redraw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth(), h = canvas.getHeight();
        g.setFill(palette.surface());
        g.fillRect(0, 0, w, h);
        if (w < 40 || h < 40) return;
        if (!hasData()) {
            centredText(g, emptyText, palette.muted(), FONT);
            return;
        }
        draw(g, w, h);
    }

    protected abstract boolean hasData();

    protected abstract void draw(GraphicsContext g, double w, double h);

    /** Tooltip text at a point, or null for none. */
    protected String tooltipAt(double x, double y) { return null; }

    // ---- helpers for subclasses -----------------------------------------------------------------------------

    protected void plotArea(double left, double top, double width, double height) {
        px = left;
        py = top;
        pw = Math.max(1, width);
        ph = Math.max(1, height);
    }

    protected double xOf(double v, NiceScale.Ticks t) { return px + (v - t.lower()) / (t.upper() - t.lower()) * pw; }

    protected double yOf(double v, NiceScale.Ticks t) { return py + ph - (v - t.lower()) / (t.upper() - t.lower()) * ph; }

    protected double valueOfX(double x, NiceScale.Ticks t) { return t.lower() + (x - px) / pw * (t.upper() - t.lower()); }

    /** Plot background, grid lines at the ticks, tick labels and axis titles. */
    protected void axes(GraphicsContext g, NiceScale.Ticks x, NiceScale.Ticks y, String xTitle, String yTitle, boolean xGrid) {
        g.setFill(palette.plot());
        g.fillRect(px, py, pw, ph);
        g.setLineWidth(1);
        g.setFont(FONT);
        g.setFill(palette.muted());
        g.setStroke(palette.grid());
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        for (double v : y.values()) {
            double yy = crisp(yOf(v, y));
            g.strokeLine(px, yy, px + pw, yy);
            g.fillText(y.label(v), px - 6, yy);
        }
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        if (x != null) {
            for (double v : x.values()) {
                double xx = crisp(xOf(v, x));
                if (xGrid) g.strokeLine(xx, py, xx, py + ph);
                g.fillText(x.label(v), xx, py + ph + 5);
            }
        }
        g.setStroke(palette.axis());
        g.strokeLine(crisp(px), py, crisp(px), py + ph);
        g.strokeLine(px, crisp(py + ph), px + pw, crisp(py + ph));
        g.setFill(palette.muted());
        g.setFont(FONT);
        if (xTitle != null) {
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.BOTTOM);
            g.fillText(xTitle, px + pw / 2, getHeight() - 2);
        }
        if (yTitle != null) {
            g.save();
            g.translate(12, py + ph / 2);
            g.rotate(-90);
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            g.fillText(yTitle, 0, 0);
            g.restore();
        }
    }

    /**
     * The mark nearest to (x, y) among {@code marks} drawn at {@code position} (canvas x, y), or null when none is
     * within {@code radius} pixels: what a tooltip is about.
     */
    protected static <T> T nearest(Iterable<T> marks, java.util.function.Function<T, double[]> position, double x, double y, double radius) {
        T best = null;
        double bestD = radius * radius;
        for (T m : marks) {
            double[] at = position.apply(m);
            double dx = at[0] - x, dy = at[1] - y, d = dx * dx + dy * dy;
            if (d < bestD) {
                bestD = d;
                best = m;
            }
        }
        return best;
    }

    /** Half-pixel alignment so that 1 px lines stay sharp. */
    protected static double crisp(double v) { return Math.floor(v) + 0.5; }

    /** A legend entry row at the top right: coloured squares and names. */
    protected void legend(GraphicsContext g, String[] names, javafx.scene.paint.Color[] colours, double right, double top) {
        g.setFont(FONT);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        double x = right;
        double[] widths = new double[names.length];
        for (int i = names.length - 1; i >= 0; i--) {
            widths[i] = 14 + textWidth(names[i], FONT) + 14;
            x -= widths[i];
        }
        for (int i = 0; i < names.length; i++) {
            g.setFill(colours[i]);
            g.fillRoundRect(x, top - 5, 10, 10, 3, 3);
            g.setFill(palette.text());
            g.fillText(names[i], x + 14, top);
            x += widths[i];
        }
    }

    static double textWidth(String s, Font f) {
        javafx.scene.text.Text t = new javafx.scene.text.Text(s);
        t.setFont(f);
        return t.getLayoutBounds().getWidth();
    }
}
