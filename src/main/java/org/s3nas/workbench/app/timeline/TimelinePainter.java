package org.s3nas.workbench.app.timeline;

import java.util.List;
import java.util.function.Predicate;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import org.s3nas.workbench.npu.LayerResult;

/**
 * Draws the timeline on canvases: the lane labels, the time ruler and the lanes. Each frame draws only the rows on
 * screen and, per row, only the slices in the visible window, merging sub-pixel slices ({@link Slices#render}).
 * Stateless apart from its palette and fonts; the chart and the {@code bench timeline} command share it.
 */
public final class TimelinePainter {
    public static final double ROW_HEIGHT = 22;
    public static final double LABEL_WIDTH = 236;
    public static final double RULER_HEIGHT = 28;
    static final double INDENT = 14;
    /** Narrower slices carry no label (text is the costliest thing a frame draws). */
    static final double MIN_LABEL_PX = 22;
    /** Minimum pixels between ruler labels. */
    static final double TICK_PX = 96;

    /** Colours of one theme. */
    public record Palette(Color background, Color groupBand, Color separator, Color grid, Color text, Color muted,
                          Color accent, Color accentSoft, Color rulerBackground, Color[] slices, Color[] sliceText) {

        public static Palette of(boolean dark) {
            Color[] s = new Color[Styles.COUNT];
            s[Styles.kind(org.s3nas.workbench.npu.LayerKind.GEMM)] = Color.web("#3a6bb0");
            s[Styles.kind(org.s3nas.workbench.npu.LayerKind.CONV)] = Color.web("#4d8fd8");
            s[Styles.kind(org.s3nas.workbench.npu.LayerKind.DEPTHWISE)] = Color.web("#3ba57a");
            s[Styles.kind(org.s3nas.workbench.npu.LayerKind.FC)] = Color.web("#8f6cc2");
            s[Styles.kind(org.s3nas.workbench.npu.LayerKind.SUM)] = Color.web("#2aa9b8");
            s[Styles.kind(org.s3nas.workbench.npu.LayerKind.MUL)] = Color.web("#d6a53c");
            s[Styles.FEATURE_LOAD] = Color.web("#ef8d3c");
            s[Styles.WEIGHT_LOAD] = Color.web("#a8774a");
            s[Styles.WRITE] = Color.web("#8893a8");
            s[Styles.REDUCTION] = Color.web("#e27fb1");
            s[Styles.stall(org.s3nas.workbench.npu.StallCause.FEATURE)] = Color.web("#e0504d");
            s[Styles.stall(org.s3nas.workbench.npu.StallCause.WEIGHT)] = Color.web("#b3365f");
            s[Styles.stall(org.s3nas.workbench.npu.StallCause.BIAS)] = Color.web("#f09a8f");
            s[Styles.BLOCK_EVEN] = Color.web("#5f7aa6");
            s[Styles.BLOCK_ODD] = Color.web("#7f98c2");
            Color[] t = new Color[s.length];
            for (int i = 0; i < s.length; i++) {
                if (dark) s[i] = s[i].deriveColor(0, 0.92, 0.92, 1);
                double lum = 0.2126 * s[i].getRed() + 0.7152 * s[i].getGreen() + 0.0722 * s[i].getBlue();
                t[i] = lum > 0.62 ? Color.web("#1d2129") : Color.WHITE;
            }
            return dark
                    ? new Palette(Color.web("#23262e"), Color.web("#292d36"), Color.web("#30343e"), Color.web("#2e323b"),
                    Color.web("#e5e8ef"), Color.web("#a0a8b8"), Color.web("#7b9bff"), Color.web("#7b9bff33"), Color.web("#2a2e37"), s, t)
                    : new Palette(Color.web("#ffffff"), Color.web("#f5f6f9"), Color.web("#e6e9ee"), Color.web("#eef0f4"),
                    Color.web("#1d2129"), Color.web("#5d6778"), Color.web("#3a5ccc"), Color.web("#3a5ccc26"), Color.web("#f4f5f7"), s, t);
        }
    }

    private Palette palette = Palette.of(false);
    private final Font font = Font.font(11);
    private final Font bold = Font.font(null, FontWeight.BOLD, 12);
    private final Font labelFont = Font.font(12);
    private final Metrics metrics;
    private final Metrics boldMetrics;
    private final Metrics labelMetrics;

    public TimelinePainter() {
        metrics = new Metrics(font);
        boldMetrics = new Metrics(bold);
        labelMetrics = new Metrics(labelFont);
    }

    /**
     * Advance widths of the printable ASCII characters of a font, measured once: text is fitted to slices by adding
     * them up, because {@code fillText} with a maximum width costs ten times more on the software pipeline.
     */
    static final class Metrics {
        private final double[] advance = new double[128];
        private final double average;

        Metrics(Font f) {
            Text t = new Text();
            t.setFont(f);
            double sum = 0;
            for (char c = 32; c < 127; c++) {
                t.setText(String.valueOf(c).repeat(10));
                advance[c] = t.getLayoutBounds().getWidth() / 10;
                sum += advance[c];
            }
            average = sum / 95;
        }

        double width(char c) { return c < 128 && advance[c] > 0 ? advance[c] : average * 1.2; }

        double width(String s) {
            double w = 0;
            for (int i = 0; i < s.length(); i++) w += width(s.charAt(i));
            return w;
        }
    }

    public void setPalette(Palette p) { this.palette = p; }

    /** Width of {@code s} in the 11 px font of slices and the ruler. */
    public double textWidth(String s) { return metrics.width(s); }

    public Palette palette() { return palette; }

    /** Text that fits {@code px} pixels, with an ellipsis when cut; empty when not even three characters fit. */
    static String fit(String s, double px, Metrics m) {
        if (m.width(s) <= px) return s;
        double budget = px - m.width('…');
        double w = 0;
        int n = 0;
        while (n < s.length() && w + m.width(s.charAt(n)) <= budget) w += m.width(s.charAt(n++));
        return n < 3 ? "" : s.substring(0, n) + "…";
    }

    // ---- lanes -----------------------------------------------------------------------------------------------

    /**
     * Draws the lanes of {@code rows} that are on screen into a canvas of {@code width} × {@code height}, for the
     * window [t0, t1). Returns the number of rectangles drawn.
     */
    public int paintLanes(GraphicsContext g, TimelineData d, List<Lane> rows, double t0, double t1, double width,
                          double height, double scrollY, TimeUnit unit) {
        Palette p = palette;
        g.setFill(p.background());
        g.fillRect(0, 0, width, height);
        if (d == null || !(t1 > t0) || width <= 0) return 0;
        double ppc = width / (t1 - t0);
        int first = Math.max(0, (int) Math.floor(scrollY / ROW_HEIGHT));
        int last = Math.min(rows.size() - 1, (int) Math.floor((scrollY + height) / ROW_HEIGHT));
        // group bands first, then the grid over them, then slices
        for (int r = first; r <= last; r++) {
            Lane lane = rows.get(r);
            double y = r * ROW_HEIGHT - scrollY;
            if (lane.depth() == 0) {
                g.setFill(p.groupBand());
                g.fillRect(0, y, width, ROW_HEIGHT);
            }
        }
        paintGrid(g, d, t0, t1, width, height, unit);
        g.setStroke(p.separator());
        g.setLineWidth(1);
        for (int r = first; r <= last; r++) {
            double y = Math.floor((r + 1) * ROW_HEIGHT - scrollY) - 0.5;
            Lane lane = rows.get(r);
            // a stronger line above each top-level group
            if (r + 1 < rows.size() && rows.get(r + 1).depth() == 0) g.strokeLine(0, y, width, y);
        }
        g.setFont(font);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        int drawn = 0;
        SliceSink sink = new SliceSink(g, d);
        for (int r = first; r <= last; r++) {
            Lane lane = rows.get(r);
            double y = Math.round(r * ROW_HEIGHT - scrollY);
            boolean summary = lane.refs() != Lane.Refs.EVENTS;
            double pad = summary ? 3 : 5;
            sink.lane = lane;
            sink.y = y + pad;
            sink.h = ROW_HEIGHT - 2 * pad;
            drawn += lane.slices().render(t0, t1, ppc, sink);
        }
        return drawn;
    }

    /** Fills the rectangles of one lane; labels slices wide enough to carry one. */
    private final class SliceSink implements Slices.Sink {
        final GraphicsContext g;
        final TimelineData d;
        Lane lane;
        double y, h;

        SliceSink(GraphicsContext g, TimelineData d) {
            this.g = g;
            this.d = d;
        }

        @Override
        public void rect(double x, double w, int style, int index, int count) {
            Palette p = palette;
            g.setFill(p.slices()[style]);
            // whole pixels: crisp edges, and the software rasteriser's fast path (fractional edges cost it 40 %)
            double x0 = Math.floor(x), x1 = Math.max(x0 + 1, Math.round(x + w));
            // a hairline gap between neighbours keeps slices apart once they are a few pixels wide
            g.fillRect(x0, y, x1 - x0 >= 4 ? x1 - x0 - 1 : x1 - x0, h);
            if (count == 1 && w >= MIN_LABEL_PX) {
                double tx = Math.max(x0, 0) + 4;
                String full = label(index);
                double room = x1 - tx - 4;
                // a block too narrow for "Block 12" shows its number rather than "Blo…"
                String text = lane.refs() == Lane.Refs.BLOCKS && metrics.width(full) > room
                        ? fit(Integer.toString(d.blocks().get(lane.slices().ref(index)).block()), room, metrics)
                        : fit(full, room, metrics);
                if (!text.isEmpty()) {
                    g.setFill(p.sliceText()[style]);
                    g.fillText(text, tx, y + Math.round(h / 2));
                }
            }
        }

        private String label(int index) {
            int ref = lane.slices().ref(index);
            return switch (lane.refs()) {
                case LAYERS -> d.layers().get(ref).name();
                case BLOCKS -> d.blocks().get(ref).label();
                case EVENTS -> d.events().get(ref).label();
            };
        }
    }

    private void paintGrid(GraphicsContext g, TimelineData d, double t0, double t1, double width, double height, TimeUnit unit) {
        double clock = d.clockGHz();
        double u0 = unit.value(t0, clock), u1 = unit.value(t1, clock);
        double step = TimeUnit.tickStep(u1 - u0, width, TICK_PX);
        g.setStroke(palette.grid());
        g.setLineWidth(1);
        for (double v = Math.ceil(u0 / step) * step; v <= u1; v += step) {
            double x = Math.floor((unit.cycles(v, clock) - t0) / (t1 - t0) * width) + 0.5;
            g.strokeLine(x, 0, x, height);
        }
    }

    // ---- ruler -----------------------------------------------------------------------------------------------

    public void paintRuler(GraphicsContext g, TimelineData d, double t0, double t1, double width, TimeUnit unit) {
        Palette p = palette;
        g.setFill(p.rulerBackground());
        g.fillRect(0, 0, width, RULER_HEIGHT);
        g.setStroke(p.separator());
        g.setLineWidth(1);
        g.strokeLine(0, RULER_HEIGHT - 0.5, width, RULER_HEIGHT - 0.5);
        if (d == null || !(t1 > t0)) return;
        double clock = d.clockGHz();
        double u0 = unit.value(t0, clock), u1 = unit.value(t1, clock);
        double step = TimeUnit.tickStep(u1 - u0, width, TICK_PX);
        g.setFont(font);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        double minor = step / 5;
        g.setStroke(p.muted().deriveColor(0, 1, 1, 0.45));
        for (double v = Math.ceil(u0 / minor) * minor; v <= u1; v += minor) {
            double x = Math.floor((unit.cycles(v, clock) - t0) / (t1 - t0) * width) + 0.5;
            g.strokeLine(x, RULER_HEIGHT - 5, x, RULER_HEIGHT - 1);
        }
        g.setStroke(p.muted());
        g.setFill(p.muted());
        for (double v = Math.ceil(u0 / step) * step; v <= u1; v += step) {
            double x = Math.floor((unit.cycles(v, clock) - t0) / (t1 - t0) * width) + 0.5;
            g.strokeLine(x, 6, x, RULER_HEIGHT - 1);
            g.fillText(unit.tick(Math.abs(v) < step / 1e6 ? 0 : v, step), x + 4, 12);
        }
    }

    // ---- labels ----------------------------------------------------------------------------------------------

    /**
     * The lane names on the left, indented by depth, with a disclosure triangle on groups and each lane's share of
     * the network on the right. The top {@link #RULER_HEIGHT} pixels name the network and the unit.
     */
    public void paintLabels(GraphicsContext g, TimelineData d, List<Lane> rows, Predicate<Lane> expanded, double height,
                            double scrollY, int hoverRow, String selectedLane, TimeUnit unit, double span) {
        Palette p = palette;
        double w = LABEL_WIDTH;
        g.setFill(p.background());
        g.fillRect(0, 0, w, height);
        g.setTextBaseline(VPos.CENTER);
        // rows (clipped below the ruler)
        g.save();
        g.beginPath();
        g.rect(0, RULER_HEIGHT, w, height - RULER_HEIGHT);
        g.clip();
        int first = Math.max(0, (int) Math.floor(scrollY / ROW_HEIGHT));
        int last = Math.min(rows.size() - 1, (int) Math.floor((scrollY + height - RULER_HEIGHT) / ROW_HEIGHT));
        for (int r = first; r <= last; r++) {
            Lane lane = rows.get(r);
            double y = RULER_HEIGHT + r * ROW_HEIGHT - scrollY;
            if (lane.depth() == 0) {
                g.setFill(p.groupBand());
                g.fillRect(0, y, w, ROW_HEIGHT);
            }
            if (lane.id().equals(selectedLane)) {
                g.setFill(p.accentSoft());
                g.fillRect(0, y, w, ROW_HEIGHT);
            } else if (r == hoverRow) {
                g.setFill(p.grid());
                g.fillRect(0, y, w, ROW_HEIGHT);
            }
            if (r + 1 < rows.size() && rows.get(r + 1).depth() == 0) {
                g.setStroke(p.separator());
                g.setLineWidth(1);
                double ly = Math.floor(y + ROW_HEIGHT) - 0.5;
                g.strokeLine(0, ly, w, ly);
            }
            double x = 10 + lane.depth() * INDENT;
            double cy = y + ROW_HEIGHT / 2;
            if (lane.expandable()) {
                g.setFill(p.muted());
                if (expanded.test(lane)) g.fillPolygon(new double[]{x, x + 8, x + 4}, new double[]{cy - 2.5, cy - 2.5, cy + 2.5}, 3);
                else g.fillPolygon(new double[]{x + 1.5, x + 6.5, x + 1.5}, new double[]{cy - 4, cy, cy + 4}, 3);
            } else if (lane.refs() == Lane.Refs.EVENTS && lane.layer() < 0) {
                // a machine track: a chip of its colour
                int style = lane.slices().size() > 0 ? lane.slices().style(0) : Styles.WRITE;
                if (lane.id().equals("track:COMPUTE")) style = Styles.kind(org.s3nas.workbench.npu.LayerKind.CONV);
                g.setFill(p.slices()[style]);
                g.fillRect(x + 1, cy - 4, 8, 8);
            }
            double tx = x + 14;
            boolean top = lane.depth() == 0;
            Font f = top ? bold : labelFont;
            Metrics fm = top ? boldMetrics : labelMetrics;
            String caption = lane.caption();
            g.setFont(font);
            g.setTextAlign(TextAlignment.RIGHT);
            g.setFill(p.muted());
            double capW = caption.isEmpty() ? 0 : metrics.width(caption) + 10;
            if (!caption.isEmpty()) g.fillText(caption, w - 10, cy);
            g.setTextAlign(TextAlignment.LEFT);
            g.setFont(f);
            g.setFill(lane.refs() == Lane.Refs.EVENTS && lane.layer() >= 0 && lane.expandable() == false && lane.parent() != null
                    && lane.parent().layer() >= 0 ? p.muted() : p.text());
            String name = lane.label();
            if (lane.layer() >= 0 && lane.parent() != null && lane.parent().layer() < 0 && d != null) {
                LayerResult l = d.layers().get(lane.layer());
                name = l.name() + "  " + l.role();
            }
            g.fillText(fit(name, w - tx - capW - 6, fm), tx, cy);
        }
        g.restore();
        // the corner above the labels: network and unit
        g.setFill(p.rulerBackground());
        g.fillRect(0, 0, w, RULER_HEIGHT);
        g.setStroke(p.separator());
        g.setLineWidth(1);
        g.strokeLine(0, RULER_HEIGHT - 0.5, w, RULER_HEIGHT - 0.5);
        if (d != null) {
            String spanText = cornerText(unit, span, d.networkCycles(), d.clockGHz());
            double spanW = metrics.width(spanText);
            g.setFont(font);
            g.setFill(p.muted());
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText(spanText, w - 10, RULER_HEIGHT / 2);
            g.setFont(bold);
            g.setFill(p.text());
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(fit(d.network(), w - 30 - spanW, boldMetrics), 10, RULER_HEIGHT / 2);
        }
        g.setStroke(p.separator());
        g.strokeLine(w - 0.5, 0, w - 0.5, height);
    }

    /**
     * The corner's figure: the network's total while the whole network is in view (the fitted window is padded, so
     * its span is a little longer than the network), else the visible span and the total it is part of.
     */
    static String cornerText(TimeUnit unit, double span, long totalCycles, double clockGHz) {
        if (span >= totalCycles) return "total " + unit.format(totalCycles, clockGHz);
        return "view " + unit.format(span, clockGHz) + " of " + unit.format(totalCycles, clockGHz);
    }
}
