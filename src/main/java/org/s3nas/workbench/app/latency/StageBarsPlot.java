package org.s3nas.workbench.app.latency;

import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;
import org.s3nas.workbench.app.latency.StageBreakdown.Part;

/** Paper Fig. 5: per stage, the latency of its 1x1 convs, depthwise convs and the rest, as stacked bars. */
final class StageBarsPlot extends ChartCanvas {
    private StageBreakdown data;
    private NiceScale.Ticks yt;
    private double slot;

    StageBarsPlot() {
        setEmptyText("Waiting for the latency table…");
    }

    void setData(StageBreakdown b) {
        data = b;
        redraw();
    }

    @Override
    protected boolean hasData() { return data != null && !data.stages().isEmpty(); }

    private Color colour(Part p) { return palette.series()[p.ordinal()]; }

    @Override
    protected void draw(GraphicsContext g, double w, double h) {
        double max = 0;
        for (StageBreakdown.Stage s : data.stages()) max = Math.max(max, data.ms(s.cycles()));
        yt = NiceScale.ticks(0, max * 1.15, 4);
        plotArea(56, 28, w - 56 - 14, h - 28 - 34);
        axes(g, null, yt, null, "Latency (ms)", false);
        Part[] parts = Part.values();
        String[] names = new String[parts.length];
        Color[] cols = new Color[parts.length];
        for (int i = 0; i < parts.length; i++) {
            names[i] = parts[i].title();
            cols[i] = colour(parts[i]);
        }
        legend(g, names, cols, px + pw, 10);
        int n = data.stages().size();
        slot = pw / n;
        double bw = Math.min(64, slot * 0.56);
        for (int i = 0; i < n; i++) {
            StageBreakdown.Stage s = data.stages().get(i);
            double cx = px + slot * (i + 0.5);
            double base = py + ph;
            for (Part p : parts) {
                double v = data.ms(data.cycles(s, p));
                double top = yOf(v, yt) - (py + ph);   // negative height
                g.setFill(colour(p));
                g.fillRect(cx - bw / 2, base + top, bw, -top);
                base += top;
            }
            g.setFill(palette.text());
            g.setFont(FONT_BOLD);
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.BOTTOM);
            g.fillText(String.format(Locale.ROOT, "%.3f", data.ms(s.cycles())), cx, base - 3);
            g.setFont(FONT);
            g.setTextBaseline(VPos.TOP);
            g.setFill(palette.text());
            g.fillText(s.label(), cx, py + ph + 4);
            g.setFill(palette.muted());
            g.setFont(FONT_SMALL);
            g.fillText(s.blocks() + (s.blocks() == 1 ? " block" : " blocks"), cx, py + ph + 18);
        }
    }

    @Override
    protected String tooltipAt(double x, double y) {
        if (!hasData() || x < px || x > px + pw) return null;
        int i = (int) ((x - px) / slot);
        if (i < 0 || i >= data.stages().size()) return null;
        StageBreakdown.Stage s = data.stages().get(i);
        StringBuilder sb = new StringBuilder(s.label() + " · " + s.blocks() + " computing blocks\n");
        for (Part p : Part.values()) {
            long c = data.cycles(s, p);
            sb.append(String.format(Locale.ROOT, "%-16s %,10d cycles  %.4f ms  (%.0f %%)%n", p.title(), c, data.ms(c),
                    s.cycles() == 0 ? 0 : 100.0 * c / s.cycles()));
        }
        sb.append(String.format(Locale.ROOT, "%-16s %,10d cycles  %.4f ms", "Stage", s.cycles(), data.ms(s.cycles())));
        return sb.toString();
    }
}
