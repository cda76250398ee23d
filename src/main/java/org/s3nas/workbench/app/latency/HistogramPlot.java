package org.s3nas.workbench.app.latency;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;

/**
 * A histogram with optional vertical markers (the target T, the smallest and largest architectures). With a
 * threshold, bars at or below it take the accent colour and the others a muted one (the share of the space below T).
 */
final class HistogramPlot extends ChartCanvas {
    /** A labelled vertical line. */
    record Marker(double value, String label, boolean strong) {}

    private Histogram histogram;
    private List<Marker> markers = List.of();
    private double threshold = Double.NaN;
    private String xTitle = "";
    private String unit = "";
    private DoubleFunction<String> valueFormat = v -> String.format(Locale.ROOT, "%.3f", v);
    private NiceScale.Ticks xt, yt;

    HistogramPlot(String xTitle, String unit) {
        this.xTitle = xTitle;
        this.unit = unit;
    }

    void setValueFormat(DoubleFunction<String> f) { valueFormat = f; }

    void setData(Histogram h, List<Marker> m, double thresholdValue) {
        histogram = h;
        markers = m == null ? List.of() : List.copyOf(m);
        threshold = thresholdValue;
        redraw();
    }

    @Override
    protected boolean hasData() { return histogram != null; }

    @Override
    protected void draw(GraphicsContext g, double w, double h) {
        Histogram hs = histogram;
        double lo = hs.lower(), hi = hs.upper();
        for (Marker m : markers) {
            lo = Math.min(lo, m.value());
            hi = Math.max(hi, m.value());
        }
        double span = hi - lo;
        xt = NiceScale.ticks(lo - span * 0.02, hi + span * 0.02, Math.max(3, (int) (w / 90)));
        yt = NiceScale.ticks(0, Math.max(1, hs.maxCount()) * 1.12, 4);
        if (yt.step() < 1) yt = NiceScale.ticks(0, Math.max(4, hs.maxCount() * 1.12), 4);
        plotArea(52, 24, w - 52 - 14, h - 24 - 40);
        axes(g, xt, yt, xTitle, "Architectures", false);
        Color on = palette.series()[0], off = palette.series()[2];
        for (int i = 0; i < hs.bins(); i++) {
            if (hs.count(i) == 0) continue;
            double x0 = xOf(hs.binLower(i), xt), x1 = xOf(hs.binUpper(i), xt);
            double y = yOf(hs.count(i), yt);
            boolean below = Double.isNaN(threshold) || hs.binUpper(i) <= threshold + 1e-12;
            boolean split = !Double.isNaN(threshold) && hs.binLower(i) < threshold && hs.binUpper(i) > threshold;
            g.setFill(below ? on : off);
            double gap = x1 - x0 > 4 ? 1 : 0;
            g.fillRect(x0 + gap / 2, y, Math.max(1, x1 - x0 - gap), py + ph - y);
            if (split) {   // the bin that straddles T: the part below T in the accent colour
                double xt0 = xOf(threshold, xt);
                g.setFill(on);
                g.fillRect(x0 + gap / 2, y, Math.max(0, xt0 - x0 - gap / 2), py + ph - y);
            }
        }
        double labelY = 6;
        for (Marker m : markers) {
            double x = crisp(xOf(m.value(), xt));
            g.setStroke(m.strong() ? palette.marker() : palette.muted());
            g.setLineWidth(m.strong() ? 2 : 1);
            if (!m.strong()) g.setLineDashes(4, 3);
            g.strokeLine(x, py - 4, x, py + ph);
            g.setLineDashes((double[]) null);
            g.setFill(m.strong() ? palette.marker() : palette.muted());
            g.setFont(m.strong() ? FONT_BOLD : FONT_SMALL);
            g.setTextBaseline(VPos.TOP);
            double tw = textWidth(m.label(), m.strong() ? FONT_BOLD : FONT_SMALL);
            boolean right = x + 4 + tw < px + pw;
            g.setTextAlign(right ? TextAlignment.LEFT : TextAlignment.RIGHT);
            g.fillText(m.label(), right ? x + 4 : x - 4, m.strong() ? labelY : py + 4);
        }
        g.setLineWidth(1);
    }

    @Override
    protected String tooltipAt(double x, double y) {
        if (histogram == null || xt == null || x < px || x > px + pw || y < py || y > py + ph) return null;
        double v = valueOfX(x, xt);
        Histogram hs = histogram;
        for (int i = 0; i < hs.bins(); i++) {
            if (v >= hs.binLower(i) && v < hs.binUpper(i)) {
                return String.format(Locale.ROOT, "%s – %s %s%n%d architecture%s", valueFormat.apply(hs.binLower(i)),
                        valueFormat.apply(hs.binUpper(i)), unit, hs.count(i), hs.count(i) == 1 ? "" : "s");
            }
        }
        return null;
    }

    static List<Marker> markers(Marker... m) { return new ArrayList<>(List.of(m)); }
}
