package org.s3nas.workbench.app.latency;

import java.util.List;
import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.text.TextAlignment;
import org.s3nas.workbench.app.latency.LatencyViewModel.ScatterPoint;

/** Paper Fig. 9: estimated against simulated latency of random architectures, with the y = x line. */
final class ScatterPlot extends ChartCanvas {
    private List<ScatterPoint> points = List.of();
    private NiceScale.Ticks ticks;

    ScatterPlot() {
        setEmptyText("Waiting for the latency table…");
    }

    void setPoints(List<ScatterPoint> pts) {
        points = pts == null ? List.of() : List.copyOf(pts);
        redraw();
    }

    @Override
    protected boolean hasData() { return !points.isEmpty(); }

    @Override
    protected void draw(GraphicsContext g, double w, double h) {
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        for (ScatterPoint p : points) {
            min = Math.min(min, Math.min(p.simulatedMs(), p.estimatedMs()));
            max = Math.max(max, Math.max(p.simulatedMs(), p.estimatedMs()));
        }
        double pad = Math.max((max - min) * 0.06, max * 0.002);
        ticks = NiceScale.ticks(min - pad, max + pad, 5);
        // a square plot: the y = x line at 45°
        double side = Math.max(40, Math.min(w - 56 - 22, h - 46));
        plotArea(56 + Math.max(0, (w - 56 - 22 - side) / 2), 10, side, side);
        axes(g, ticks, ticks, "Simulated latency (ms)", "Estimated latency (ms)", true);
        g.save();
        g.beginPath();
        g.rect(px, py, pw, ph);
        g.clip();
        g.setStroke(palette.muted());
        g.setLineWidth(1);
        g.setLineDashes(5, 4);
        g.strokeLine(xOf(ticks.lower(), ticks), yOf(ticks.lower(), ticks), xOf(ticks.upper(), ticks), yOf(ticks.upper(), ticks));
        g.setLineDashes((double[]) null);
        var c = palette.series()[0];
        g.setFill(c.deriveColor(0, 1, 1, 0.55));
        g.setStroke(c);
        for (ScatterPoint p : points) {
            double x = xOf(p.simulatedMs(), ticks), y = yOf(p.estimatedMs(), ticks);
            g.fillOval(x - 3.5, y - 3.5, 7, 7);
            g.strokeOval(x - 3.5, y - 3.5, 7, 7);
        }
        g.restore();
        // the key of the dashed line, in the empty lower-right corner (below the diagonal)
        g.setStroke(palette.muted());
        g.setLineDashes(5, 4);
        g.strokeLine(px + pw - 78, py + ph - 14, px + pw - 54, py + ph - 14);
        g.setLineDashes((double[]) null);
        g.setFill(palette.muted());
        g.setFont(FONT_SMALL);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        g.fillText("y = x", px + pw - 48, py + ph - 14);
    }

    @Override
    protected String tooltipAt(double x, double y) {
        if (points.isEmpty() || ticks == null) return null;
        ScatterPoint best = nearest(points, p -> new double[]{xOf(p.simulatedMs(), ticks), yOf(p.estimatedMs(), ticks)}, x, y, 8);
        if (best == null) return null;
        return String.format(Locale.ROOT, "Random architecture %d%nsimulated  %.5f ms%nestimated  %.5f ms%nerror  %s",
                best.index() + 1, best.simulatedMs(), best.estimatedMs(), LatencyViewModel.percent(best.errorPercent()));
    }
}
