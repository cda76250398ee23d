package org.s3nas.workbench.app.latency;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;
import org.s3nas.workbench.app.latency.ModelComparison.Row;

/** Accuracy against MIDAP latency of the compared models with a known accuracy; the Pareto front joined and marked. */
final class ParetoPlot extends ChartCanvas {
    private List<Row> rows = List.of();
    private Set<Row> front = Set.of();
    private List<Row> frontOrder = List.of();
    private NiceScale.Ticks xt, yt;

    ParetoPlot() {
        setEmptyText("No model with a known accuracy yet");
    }

    void setData(List<Row> all, List<Row> paretoFront) {
        rows = all.stream().filter(r -> !Double.isNaN(r.accuracy()) && !Double.isNaN(r.latencyMs())).toList();
        frontOrder = List.copyOf(paretoFront);
        front = Set.copyOf(paretoFront);
        redraw();
    }

    @Override
    protected boolean hasData() { return !rows.isEmpty(); }

    /** Short names so that labels fit: efficientnet-b1 -> B1, efficientnet-lite2 -> Lite2, mobilenet-v2 -> MBv2. */
    static String shortName(String n) {
        if (n.startsWith("efficientnet-lite")) return "Lite" + n.substring("efficientnet-lite".length());
        if (n.startsWith("efficientnet-b")) return "B" + n.substring("efficientnet-b".length());
        if (n.startsWith("mobilenet-v")) return "MBv" + n.substring("mobilenet-v".length());
        return n.length() > 14 ? n.substring(0, 13) + "…" : n;
    }

    @Override
    protected void draw(GraphicsContext g, double w, double h) {
        double lmin = Double.MAX_VALUE, lmax = 0, amin = Double.MAX_VALUE, amax = -Double.MAX_VALUE;
        for (Row r : rows) {
            lmin = Math.min(lmin, r.latencyMs());
            lmax = Math.max(lmax, r.latencyMs());
            amin = Math.min(amin, r.accuracy() * 100);
            amax = Math.max(amax, r.accuracy() * 100);
        }
        double ap = Math.max(0.5, (amax - amin) * 0.1);
        // latency on a log axis: the models span an order of magnitude and crowd at the fast end on a linear one
        double llo = Math.log10(Math.max(1e-3, lmin)) - 0.06, lhi = Math.log10(Math.max(lmin * 1.01, lmax)) + 0.06;
        xt = new NiceScale.Ticks(llo, lhi, 1, List.of());
        yt = NiceScale.ticks(amin - ap, amax + ap, 5);
        plotArea(52, 28, w - 52 - 16, h - 28 - 40);
        axes(g, null, yt, "MIDAP latency (ms, simulated, log scale)", "Top-1 (%)", true);
        g.setFont(FONT);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        for (int e = (int) Math.floor(llo) - 1; e <= Math.ceil(lhi); e++) {
            for (double m : new double[]{1, 2, 5}) {
                double v = m * Math.pow(10, e), lv = Math.log10(v);
                if (lv < llo || lv > lhi) continue;
                double x = crisp(lx(v));
                g.setStroke(palette.grid());
                g.strokeLine(x, py, x, py + ph);
                g.setFill(palette.muted());
                g.fillText(org.s3nas.workbench.app.Formats.number(v), x, py + ph + 5);
            }
        }
        legend(g, new String[]{"Pareto front", "published", "measured"},
                new Color[]{palette.front(), palette.series()[2], palette.series()[1]}, px + pw, 10);
        // the front as a staircase: nothing above-left of it
        if (frontOrder.size() > 1) {
            g.setStroke(palette.front());
            g.setLineWidth(1.5);
            for (int i = 1; i < frontOrder.size(); i++) {
                Row a = frontOrder.get(i - 1), b = frontOrder.get(i);
                double x0 = lx(a.latencyMs()), y0 = yOf(a.accuracy() * 100, yt);
                double x1 = lx(b.latencyMs()), y1 = yOf(b.accuracy() * 100, yt);
                g.strokeLine(x0, y0, x1, y0);
                g.strokeLine(x1, y0, x1, y1);
            }
            g.setLineWidth(1);
        }
        List<double[]> placed = new ArrayList<>();
        g.setFont(FONT_SMALL);
        g.setTextBaseline(VPos.CENTER);
        for (Row r : rows) {
            double x = lx(r.latencyMs()), y = yOf(r.accuracy() * 100, yt);
            boolean onFront = front.contains(r);
            Color c = "measured".equals(r.accuracyNote()) ? palette.series()[1] : palette.series()[2];
            double rad = onFront ? 5 : 4;
            g.setFill(onFront ? palette.front() : c);
            g.fillOval(x - rad, y - rad, 2 * rad, 2 * rad);
            if (onFront) {
                g.setStroke(palette.surface());
                g.strokeOval(x - rad, y - rad, 2 * rad, 2 * rad);
            }
            String label = shortName(r.name());
            double tw = textWidth(label, FONT_SMALL);
            // nothing lies above-left of a front point (it would dominate it): its label goes there; the others below-right
            double lx = onFront ? x - 7 - tw : x + 7, ly = onFront ? y - 8 : y + 8;
            if (lx < px + 2) lx = x + 7;
            if (lx + tw > px + pw - 2) lx = x - 7 - tw;
            for (double[] b : placed) {   // nudge a label past one it would overlap
                if (lx < b[0] + b[2] && lx + tw > b[0] && Math.abs(ly - b[1]) < 11) ly = onFront ? b[1] - 11 : b[1] + 11;
            }
            placed.add(new double[]{lx, ly, tw});
            g.setFill(onFront ? palette.text() : palette.muted());
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(label, lx, ly);
        }
    }

    private double lx(double ms) { return px + (Math.log10(ms) - xt.lower()) / (xt.upper() - xt.lower()) * pw; }

    @Override
    protected String tooltipAt(double x, double y) {
        if (rows.isEmpty() || xt == null) return null;
        Row best = nearest(rows, r -> new double[]{lx(r.latencyMs()), yOf(r.accuracy() * 100, yt)}, x, y, 9);
        if (best == null) return null;
        return String.format(Locale.ROOT, "%s (%s)%n%.3f ms on MIDAP · top-1 %.1f %% (%s%s)%s", best.name(), best.origin(),
                best.latencyMs(), best.accuracy() * 100, best.accuracyNote(),
                best.accuracySource().isEmpty() ? "" : ": " + best.accuracySource(), front.contains(best) ? "\non the Pareto front" : "");
    }
}
