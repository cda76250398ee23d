package org.s3nas.workbench.app.supernet;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import javafx.util.Duration;
import org.s3nas.workbench.app.CanvasPane;
import org.s3nas.workbench.app.Theme;
import org.s3nas.workbench.app.supernet.NetworkLayout.BlockShape;
import org.s3nas.workbench.app.supernet.NetworkLayout.Box;
import org.s3nas.workbench.app.supernet.NetworkLayout.PictureBlock;
import org.s3nas.workbench.app.supernet.NetworkLayout.SliceShape;
import org.s3nas.workbench.app.supernet.NetworkLayout.StageBand;

/**
 * Draws a {@link NetworkLayout} (paper Fig. 12 style) on a canvas that fills this region. It only draws: the layout
 * comes from a view-model, which it tells the size ({@code onResize}) and the clicks ({@code onClick}, in picture
 * coordinates). Hovering a block shows its description in a tooltip.
 */
final class NetworkCanvas extends CanvasPane {
    /** Colours of one theme. */
    record Palette(Color background, Color bandA, Color bandB, Color bandSelected, Color text, Color muted,
                   Color accent, Color path, Color endBox, Color differs, Color k1, Color k3, Color k5, Color k7, Color k9) {
        static Palette of(Theme t) {
            return t == Theme.DARK
                    ? new Palette(Color.web("#23262e"), Color.web("#292d36"), Color.web("#262931"), Color.web("#33406a"),
                    Color.web("#e5e8ef"), Color.web("#a0a8b8"), Color.web("#7b9bff"), Color.web("#5a6272"), Color.web("#6b7486"),
                    Color.web("#ff6b6b"), Color.web("#b39ddb"), Color.web("#5b9bd5"), Color.web("#5cb85c"), Color.web("#f0a030"),
                    Color.web("#e8685a"))
                    : new Palette(Color.web("#ffffff"), Color.web("#f1f3f7"), Color.web("#f7f8fa"), Color.web("#dfe6fb"),
                    Color.web("#1d2129"), Color.web("#5d6778"), Color.web("#3a5ccc"), Color.web("#aab2c0"), Color.web("#8d96a7"),
                    Color.web("#d23c3c"), Color.web("#9575cd"), Color.web("#4a7fc1"), Color.web("#3f9a54"), Color.web("#e8891c"),
                    Color.web("#d0503f"));
        }

        /** A slice's colour by its largest kernel size: 3×3 blue, 5×5 green, 7×7 orange, larger red. */
        Color kernel(int k) {
            if (k <= 1) return k1;
            if (k <= 3) return k3;
            if (k <= 5) return k5;
            if (k <= 7) return k7;
            return k9;
        }
    }

    private static final Font TITLE = Font.font(null, FontWeight.BOLD, 11);
    private static final Font SMALL = Font.font(10);
    private static final Font TINY = Font.font(9);

    private final Tooltip tooltip = new Tooltip();
    private final BiConsumer<Double, Double> onResize;
    private NetworkLayout layout;
    private Palette palette = Palette.of(Theme.LIGHT);
    private int selectedStage = -1, selectedBlock = -1;
    private Function<PictureBlock, String> describe = b -> "";
    private String emptyText = "";

    NetworkCanvas(BiConsumer<Double, Double> onResize, BiConsumer<Double, Double> onClick) {
        this.onResize = onResize;
        getStyleClass().add("network-picture");
        canvas.setFocusTraversable(false);
        setFocusTraversable(true);
        setMinHeight(140);
        tooltip.setShowDelay(Duration.millis(250));
        tooltip.setShowDuration(Duration.seconds(30));
        tooltip.setWrapText(true);
        tooltip.setMaxWidth(420);
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            requestFocus(); // a text field being edited commits before the selection moves
            if (onClick != null) onClick.accept(e.getX(), e.getY());
        });
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> hover(e.getX(), e.getY()));
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> Tooltip.uninstall(canvas, tooltip));
    }

    Canvas canvas() { return canvas; }

    /** What is drawn now. */
    NetworkLayout picture() { return layout; }

    void setPicture(NetworkLayout l) {
        layout = l;
        draw();
    }

    void setSelection(int stage, int block) {
        selectedStage = stage;
        selectedBlock = block;
        draw();
    }

    void setTheme(Theme t) {
        palette = Palette.of(t);
        draw();
    }

    void setDescriber(Function<PictureBlock, String> d) { describe = d; }

    /** What the empty picture says (e.g. "No architecture selected"). */
    void setEmptyText(String t) {
        emptyText = t;
        draw();
    }

    @Override
    protected void laidOut(boolean resized) {
        if (!resized) return;
        onResize.accept(canvas.getWidth(), canvas.getHeight());
        draw();
    }

    @Override
    protected double computePrefHeight(double width) { return 240; }

    @Override
    protected double computePrefWidth(double height) { return 900; }

    private void hover(double x, double y) {
        if (layout == null) return;
        int i = layout.blockAt(x, y);
        if (i < 0) {
            Tooltip.uninstall(canvas, tooltip);
            return;
        }
        String text = describe.apply(layout.blocks().get(i).block());
        if (!text.equals(tooltip.getText())) tooltip.setText(text);
        Tooltip.install(canvas, tooltip);
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth(), h = canvas.getHeight();
        g.setFill(palette.background());
        g.fillRect(0, 0, w, h);
        if (layout == null || layout.blocks().isEmpty()) {
            centredText(g, emptyText, palette.muted(), Font.font(13));
            return;
        }
        NetworkLayout l = layout;
        double bandTop = l.blockZoneTop() - NetworkLayout.TOP_ZONE + 2;
        double bandBottom = l.blockZoneBottom() + 6;

        // stage bands
        for (int i = 0; i < l.stages().size(); i++) {
            StageBand b = l.stages().get(i);
            g.setFill(b.stage() == selectedStage ? palette.bandSelected() : i % 2 == 0 ? palette.bandA() : palette.bandB());
            g.fillRoundRect(b.x() - 3, bandTop, b.w() + 6, bandBottom - bandTop, 8, 8);
        }
        // the data path: stem -> blocks -> head
        g.setStroke(palette.path());
        g.setLineWidth(1.5);
        g.setLineDashes();
        g.strokeLine(l.stem().x() + l.stem().w(), l.midY(), l.head().x(), l.midY());
        endBox(g, l.stem());
        endBox(g, l.head());

        double maxCycles = l.blocks().stream().mapToLong(s -> s.block().cycles()).max().orElse(0);
        for (BlockShape s : l.blocks()) {
            PictureBlock b = s.block();
            if (b.differs()) {
                g.setFill(palette.differs().deriveColor(0, 1, 1, 0.14));
                g.fillRect(s.x() - 1.5, bandTop + 2, s.w() + 3, bandBottom - bandTop - 4);
            }
            if (b.skip()) {
                g.setStroke(palette.muted());
                g.setLineWidth(1);
                g.setLineDashes(3, 2);
                g.strokeRect(s.x() + 0.5, l.midY() - 5, s.w() - 1, 10);
                g.setLineDashes();
            } else {
                drawSlices(g, s);
            }
            if (b.stride() > 1) chevron(g, s.centerX(), l.blockZoneTop() - NetworkLayout.TOP_ZONE + 6, b.stride());
            if (b.residual()) {
                double y0 = l.blockZoneTop() - 4, x0 = s.x() - NetworkLayout.BLOCK_GAP / 2, x1 = s.x() + s.w() + NetworkLayout.BLOCK_GAP / 2;
                g.setStroke(palette.muted());
                g.setLineWidth(1.2);
                g.beginPath();
                g.moveTo(x0, y0);
                g.bezierCurveTo(x0 + 1, y0 - 13, x1 - 1, y0 - 13, x1, y0);
                g.stroke();
            }
            if (b.overridden()) {
                double t = Math.min(8, s.w() * 0.6);
                g.setFill(palette.accent());
                g.fillPolygon(new double[]{s.x() + s.w() - t, s.x() + s.w(), s.x() + s.w()},
                        new double[]{s.y(), s.y(), s.y() + t}, 3);
            }
            if (b.differs()) {
                g.setStroke(palette.differs());
                g.setLineWidth(2);
                g.strokeRect(s.x() - 1, Math.min(s.y(), l.midY() - 6) - 1, s.w() + 2, Math.max(s.h(), 12) + 2);
            }
            if (b.stage() == selectedStage && b.indexInStage() == selectedBlock) {
                g.setStroke(palette.accent());
                g.setLineWidth(2.5);
                double y = Math.min(s.y(), l.midY() - 8) - 3;
                g.strokeRoundRect(s.x() - 3, y, s.w() + 6, Math.max(s.h(), 16) + 6, 5, 5);
            }
            if (l.showsLatency() && b.cycles() > 0 && maxCycles > 0) {
                double zoneTop = l.blockZoneBottom() + 8, full = NetworkLayout.LATENCY_ZONE - 10;
                double bh = Math.max(1, full * b.cycles() / maxCycles);
                g.setFill(palette.accent().deriveColor(0, 1, 1, 0.75));
                g.fillRect(s.x(), zoneTop + full - bh, s.w(), bh);
            }
        }
        drawKernelLabels(g, l);
        stageLabels(g, l);
    }

    private void drawSlices(GraphicsContext g, BlockShape s) {
        for (SliceShape sl : s.slices()) {
            if (sl.h() <= 0) continue;
            g.setFill(palette.kernel(sl.slice().largestKernel()));
            g.fillRect(s.x(), sl.y(), s.w(), sl.h());
        }
        PictureBlock b = s.block();
        // separators between the superkernels' slices
        g.setStroke(palette.background());
        g.setLineWidth(1);
        for (int i = 1; i < s.slices().size(); i++) {
            double y = Math.round(s.slices().get(i).y()) + 0.5;
            g.strokeLine(s.x(), y, s.x() + s.w(), y);
        }
        if (b.se()) { // paper Fig. 12: SE blocks are dotted
            g.setStroke(palette.text());
            g.setLineWidth(1.2);
            g.setLineDashes(2, 2);
            g.strokeRect(s.x() - 1.5, s.y() - 1.5, s.w() + 3, s.h() + 3);
            g.setLineDashes();
        }
    }


    /** The kernel sizes written on the slices (after every block is drawn: a label may span a run of blocks). */
    private void drawKernelLabels(GraphicsContext g, NetworkLayout l) {
        g.setFont(TINY);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        for (KernelLabel k : kernelLabels(l)) {
            if (k.spansBlocks()) { // over the gaps between the blocks, in the slice's colour
                g.setFill(palette.kernel(k.largestKernel()));
                double tw = k.lines().stream().mapToDouble(t -> width(t, TINY)).max().orElse(0) + 6;
                g.fillRoundRect(k.x() + k.w() / 2 - tw / 2, k.y() + k.h() / 2 - k.lines().size() * LINE / 2 - 1,
                        tw, k.lines().size() * LINE + 2, 4, 4);
            }
            g.setFill(Color.WHITE);
            double y0 = k.y() + k.h() / 2 - (k.lines().size() - 1) * LINE / 2;
            for (int i = 0; i < k.lines().size(); i++) g.fillText(k.lines().get(i), k.x() + k.w() / 2, y0 + i * LINE);
        }
    }

    /** Line height of the kernel labels. */
    static final double LINE = 10;

    /** Text written on a slice, or across the same slice of a run of blocks ({@code spansBlocks}). */
    record KernelLabel(List<String> lines, double x, double y, double w, double h, int largestKernel, boolean spansBlocks) {}

    /**
     * What fits in a {@code w × h} slice to name all its candidate kernel sizes: "3/5/7" on one line, else one size
     * per line, else nothing — never the largest alone, which reads as "only 7" where the superkernel allows 3, 5, 7.
     */
    static List<String> kernelText(List<Integer> kernels, double w, double h) {
        if (kernels.isEmpty()) return List.of();
        List<String> sizes = kernels.stream().map(String::valueOf).toList();
        String joined = String.join("/", sizes);
        if (h >= LINE + 2 && width(joined, TINY) + 3 <= w) return List.of(joined);
        if (sizes.size() > 1 && h >= sizes.size() * LINE + 2 && sizes.stream().allMatch(t -> width(t, TINY) + 3 <= w)) return sizes;
        return List.of();
    }

    /**
     * Every kernel label of the picture: on each slice where it fits, else once across the run of neighbouring blocks
     * of the stage whose slice at that place has the same candidates and height (the narrow blocks of an early
     * stage, which had no label at all).
     */
    static List<KernelLabel> kernelLabels(NetworkLayout l) {
        List<KernelLabel> out = new java.util.ArrayList<>();
        List<BlockShape> blocks = l.blocks();
        int i = 0;
        while (i < blocks.size()) {
            BlockShape first = blocks.get(i);
            if (first.block().skip()) {
                i++;
                continue;
            }
            int j = i;
            while (j + 1 < blocks.size() && sameSlices(first, blocks.get(j + 1))) j++;
            for (int k = 0; k < first.slices().size(); k++) {
                SliceShape sl = first.slices().get(k);
                if (sl.h() <= 0) continue;
                List<Integer> kernels = sl.slice().kernels();
                boolean each = true;
                for (int b = i; b <= j; b++) each &= !kernelText(kernels, blocks.get(b).w(), sl.h()).isEmpty();
                if (each) {
                    for (int b = i; b <= j; b++) {
                        BlockShape s = blocks.get(b);
                        SliceShape own = s.slices().get(k);
                        out.add(new KernelLabel(kernelText(kernels, s.w(), own.h()), s.x(), own.y(), s.w(), own.h(),
                                sl.slice().largestKernel(), false));
                    }
                } else {
                    BlockShape last = blocks.get(j);
                    double x = first.x(), w = last.x() + last.w() - first.x();
                    List<String> text = kernelText(kernels, w, sl.h());
                    if (!text.isEmpty()) out.add(new KernelLabel(text, x, sl.y(), w, sl.h(), sl.slice().largestKernel(), j > i));
                }
            }
            i = j + 1;
        }
        return out;
    }

    /** Neighbours of one stage drawn alike: same slices (candidates, place and height), neither a skip. */
    private static boolean sameSlices(BlockShape a, BlockShape b) {
        if (a.block().skip() || b.block().skip() || a.block().stage() != b.block().stage()) return false;
        if (a.slices().size() != b.slices().size()) return false;
        for (int k = 0; k < a.slices().size(); k++) {
            SliceShape x = a.slices().get(k), y = b.slices().get(k);
            if (!x.slice().kernels().equals(y.slice().kernels()) || Math.abs(x.y() - y.y()) > 0.5 || Math.abs(x.h() - y.h()) > 0.5) return false;
        }
        return true;
    }

    private void chevron(GraphicsContext g, double cx, double y, int stride) {
        g.setStroke(palette.text());
        g.setLineWidth(1.6);
        g.setLineCap(StrokeLineCap.ROUND);
        g.strokeLine(cx - 4, y, cx, y + 5);
        g.strokeLine(cx, y + 5, cx + 4, y);
        if (stride != 2) {
            g.setFill(palette.text());
            g.setFont(TINY);
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.TOP);
            g.fillText(Integer.toString(stride), cx + 6, y - 2);
        }
    }

    private void endBox(GraphicsContext g, Box b) {
        g.setFill(palette.endBox());
        g.fillRoundRect(b.x(), b.y(), b.w(), b.h(), 4, 4);
        g.save();
        g.translate(b.x() + b.w() / 2, b.y() + b.h() / 2);
        g.rotate(-90);
        g.setFill(Color.WHITE);
        g.setFont(TINY);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        String label = b.label();
        if (width(label, TINY) > b.h() - 4) label = label.split(" ")[0];
        g.fillText(label, 0, 0);
        g.restore();
    }

    /** Stage titles and details under the bands; a stage too narrow for its label gets the short form. */
    private void stageLabels(GraphicsContext g, NetworkLayout l) {
        double y = l.blockZoneBottom() + (l.showsLatency() ? NetworkLayout.LATENCY_ZONE : 0) + 18;
        double lastRight = Double.NEGATIVE_INFINITY;
        g.setTextBaseline(VPos.BASELINE);
        g.setTextAlign(TextAlignment.LEFT);
        for (StageBand b : l.stages()) {
            NetworkLayout.StageText t = b.text();
            double cx = b.x() + b.w() / 2;
            String title = t.title();
            List<String> lines = t.details();
            double room = b.w() + NetworkLayout.STAGE_GAP;
            if (labelWidth(title, lines) > room) {
                title = t.shortTitle();
                lines = t.shortDetails();
            }
            double lw = labelWidth(title, lines);
            double x = Math.max(cx - lw / 2, lastRight + 6);
            lastRight = x + lw;
            g.setFill(b.stage() == selectedStage ? palette.accent() : palette.text());
            g.setFont(TITLE);
            g.fillText(title, x + (lw - width(title, TITLE)) / 2, y);
            g.setFill(palette.muted());
            g.setFont(SMALL);
            for (int i = 0; i < lines.size(); i++) {
                g.fillText(lines.get(i), x + (lw - width(lines.get(i), SMALL)) / 2, y + 13 * (i + 1));
            }
        }
    }

    private static double labelWidth(String title, List<String> lines) {
        double w = width(title, TITLE);
        for (String s : lines) w = Math.max(w, width(s, SMALL));
        return w;
    }

    private static final Text MEASURE = new Text();

    static double width(String s, Font f) {
        MEASURE.setFont(f);
        MEASURE.setText(s);
        return MEASURE.getLayoutBounds().getWidth();
    }
}
