package org.s3nas.workbench.app.timeline;

import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.s3nas.workbench.app.CanvasPane;
import org.s3nas.workbench.npu.LayerKind;
import org.s3nas.workbench.npu.Segment;
import org.s3nas.workbench.npu.StallCause;

/**
 * Per-block bars of compute against stall (stalls stacked by cause), stem and head included. A canvas: up to a few
 * hundred bars stay crisp and cheap. Hover names the block; a click selects it in the timeline; the block of the
 * selection is highlighted.
 */
public final class BlockBarsChart extends CanvasPane {
    private static final double LEFT = 52, RIGHT = 10, TOP = 40, BOTTOM = 34;

    private final TimelineViewModel vm;
    private final Label hoverCard = new Label();
    private final Font font = Font.font(11);
    private TimelinePainter.Palette palette;
    private int hover = -1;

    public BlockBarsChart(TimelineViewModel vm) {
        this.vm = vm;
        setId("blockBars");
        getStyleClass().add("block-bars");
        hoverCard.getStyleClass().add("timeline-hover");
        hoverCard.setManaged(false);
        hoverCard.setVisible(false);
        hoverCard.setMouseTransparent(true);
        getChildren().add(hoverCard);
        setMinSize(200, 140);
        setPrefSize(420, 240);
        palette = TimelinePainter.Palette.of(vm.dark());
        vm.themeProperty().addListener((o, a, b) -> {
            palette = TimelinePainter.Palette.of(vm.dark());
            paint();
        });
        vm.dataProperty().addListener(o -> paint());
        vm.chart().selectionProperty().addListener(o -> paint());
        vm.unitProperty().addListener(o -> paint());
        canvas.setOnMouseMoved(e -> {
            int b = barAt(e.getX());
            if (b != hover) {
                hover = b;
                paint();
            }
            TimelineData d = vm.chart().getData();
            if (b < 0 || d == null) {
                hoverCard.setVisible(false);
                return;
            }
            TimelineData.Block bl = d.blocks().get(b);
            Lane lane = d.lane(bl.segment() == Segment.BLOCK ? "stage:" + bl.stage() : bl.segment() == Segment.STEM ? "stem" : "head");
            String text = bl.segment() == Segment.BLOCK ? vm.describe(lane, lane.slices().indexOfRef(b))
                    : bl.label() + "\n" + vm.unitProperty().get().format(bl.cycles(), d.clockGHz()) + " · stalls "
                    + vm.unitProperty().get().format(bl.stallCycles(), d.clockGHz());
            hoverCard.setText(text);
            hoverCard.setVisible(true);
            hoverCard.applyCss();
            double w = hoverCard.prefWidth(-1), h = hoverCard.prefHeight(w);
            double x = e.getX() + 12, y = e.getY() + 14;
            if (x + w > getWidth()) x = e.getX() - w - 12;
            if (y + h > getHeight()) y = e.getY() - h - 8;
            hoverCard.resizeRelocate(Math.max(0, x), Math.max(0, y), w, h);
        });
        canvas.setOnMouseExited(e -> {
            hover = -1;
            hoverCard.setVisible(false);
            paint();
        });
        canvas.setOnMouseClicked(e -> {
            int b = barAt(e.getX());
            if (b >= 0) vm.selectBlock(b);
        });
    }

    @Override
    protected void laidOut(boolean resized) { paint(); }

    private int barAt(double x) {
        TimelineData d = vm.chart().getData();
        if (d == null || d.blocks().isEmpty()) return -1;
        double slot = (getWidth() - LEFT - RIGHT) / d.blocks().size();
        int i = (int) Math.floor((x - LEFT) / slot);
        return i >= 0 && i < d.blocks().size() ? i : -1;
    }

    /** The block the selection belongs to, or -1. */
    private int selectedBlock(TimelineData d) {
        var s = vm.chart().getSelection();
        if (s == null) return -1;
        if (s.lane().refs() == Lane.Refs.BLOCKS) return s.ref();
        int layer = vm.chart().selectedLayerProperty().get();
        return layer < 0 ? -1 : d.blockOfLayer(layer).index();
    }

    private final javafx.scene.text.Text measure = new javafx.scene.text.Text();

    private double textWidth(String s) {
        measure.setFont(font);
        measure.setText(s);
        return measure.getLayoutBounds().getWidth();
    }

    private double legendWidth(String[] names) {
        double w = 0;
        for (String n : names) w += 28 + textWidth(n);
        return w;
    }

    void paint() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth(), h = canvas.getHeight();
        TimelinePainter.Palette p = palette;
        g.setFill(p.background());
        g.fillRect(0, 0, w, h);
        TimelineData d = vm.chart().getData();
        if (d == null || d.blocks().isEmpty() || w < LEFT + RIGHT + 10) return;
        List<TimelineData.Block> blocks = d.blocks();
        TimeUnit unit = vm.unitProperty().get();
        double clock = d.clockGHz();
        long max = 1;
        for (TimelineData.Block b : blocks) max = Math.max(max, b.cycles());
        double plotH = h - TOP - BOTTOM, plotW = w - LEFT - RIGHT;
        double maxU = unit.value(max, clock);
        double step = TimeUnit.tickStep(maxU, plotH, 28);
        double topU = Math.ceil(maxU / step) * step;
        g.setFont(font);
        g.setTextBaseline(VPos.CENTER);
        // grid and y labels
        g.setTextAlign(TextAlignment.RIGHT);
        for (double v = 0; v <= topU + step / 2; v += step) {
            double y = Math.floor(TOP + plotH - v / topU * plotH) + 0.5;
            g.setStroke(v == 0 ? p.separator() : p.grid());
            g.strokeLine(LEFT, y, w - RIGHT, y);
            g.setFill(p.muted());
            g.fillText(unit.tick(v, step), LEFT - 6, y);
        }
        // bars
        double slot = plotW / blocks.size();
        double bw = Math.max(1, slot * 0.72);
        int sel = selectedBlock(d);
        Color compute = p.slices()[Styles.kind(LayerKind.CONV)];
        for (int i = 0; i < blocks.size(); i++) {
            TimelineData.Block b = blocks.get(i);
            double x = LEFT + i * slot + (slot - bw) / 2;
            double y = TOP + plotH;
            if (i == sel || i == hover) {
                g.setFill(i == sel ? p.accentSoft() : p.grid());
                g.fillRect(LEFT + i * slot, TOP, slot, plotH);
            }
            double[] parts = {b.computeCycles(), b.featureStall(), b.weightStall(), b.biasStall()};
            Color[] colors = {compute, p.slices()[Styles.stall(StallCause.FEATURE)], p.slices()[Styles.stall(StallCause.WEIGHT)],
                    p.slices()[Styles.stall(StallCause.BIAS)]};
            for (int k = 0; k < parts.length; k++) {
                double hh = unit.value(parts[k], clock) / topU * plotH;
                if (hh <= 0) continue;
                g.setFill(colors[k]);
                g.fillRect(x, y - hh, bw, hh);
                y -= hh;
            }
        }
        // x labels: stage under its blocks, stem and head by name
        g.setTextAlign(TextAlignment.CENTER);
        g.setFill(p.muted());
        int i = 0;
        while (i < blocks.size()) {
            TimelineData.Block b = blocks.get(i);
            int j = i;
            while (j + 1 < blocks.size() && blocks.get(j + 1).segment() == b.segment() && blocks.get(j + 1).stage() == b.stage()) j++;
            double x0 = LEFT + i * slot, x1 = LEFT + (j + 1) * slot;
            String[] texts = switch (b.segment()) {
                case STEM -> new String[]{"stem"};
                case HEAD -> new String[]{"head"};
                case BLOCK -> new String[]{"stage " + Figures.stage(b.stage()), "s" + Figures.stage(b.stage()), Figures.stage(b.stage())};
            };
            for (String text : texts) {
                if (text.length() * 6.4 + 4 <= x1 - x0) {
                    g.fillText(text, (x0 + x1) / 2, TOP + plotH + 12);
                    break;
                }
            }
            g.setStroke(p.separator());
            g.strokeLine(Math.floor(x0) + 0.5, TOP + plotH + 2, Math.floor(x0) + 0.5, TOP + plotH + 20);
            i = j + 1;
        }
        g.setFill(p.muted());
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText("blocks in processing order", LEFT + plotW / 2, h - 8);
        // legend, with short names when the long ones do not fit
        Color[] colors = {compute, p.slices()[Styles.stall(StallCause.FEATURE)], p.slices()[Styles.stall(StallCause.WEIGHT)],
                p.slices()[Styles.stall(StallCause.BIAS)]};
        String[] names = {"compute", "feature stall", "weight stall", "bias stall"};
        if (legendWidth(names) > w - 16) names = new String[]{"compute", "feature", "weight", "bias stall"};
        double lx = 8;
        g.setTextAlign(TextAlignment.LEFT);
        for (int k = 0; k < names.length; k++) {
            g.setFill(colors[k]);
            g.fillRect(lx, 9, 10, 10);
            g.setFill(p.text());
            g.fillText(names[k], lx + 14, 14);
            lx += 14 + textWidth(names[k]) + 14;
        }
        g.setFill(p.muted());
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText(unit.title(), LEFT - 6, TOP - 12);
    }
}
