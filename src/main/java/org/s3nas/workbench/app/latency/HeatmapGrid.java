package org.s3nas.workbench.app.latency;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javafx.geometry.HPos;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.util.Duration;
import org.s3nas.workbench.model.BlockPosition;
import org.s3nas.workbench.model.Branch;
import org.s3nas.workbench.app.latency.TableHeatmap.Cell;

/**
 * The latency table of one block position as a heat-table (see {@link TableHeatmap}): one coloured tile per merged
 * configuration, its latency written in it, the full configuration in its tooltip. Tiles carry the style class
 * {@code heat-cell} and their {@link Cell} as user data.
 */
final class HeatmapGrid extends VBox {
    private final GridPane grid = new GridPane();
    private final Region scale = new Region();
    private final Label scaleMin = new Label(), scaleMax = new Label();
    private TableHeatmap data;

    HeatmapGrid() {
        getStyleClass().add("heatmap");
        grid.getStyleClass().add("heatmap-grid");
        grid.setHgap(3);
        grid.setVgap(3);
        scale.getStyleClass().add("heatmap-scale");
        scale.setPrefHeight(10);
        scale.setMinHeight(10);
        scale.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(scale, Priority.ALWAYS);
        scaleMin.getStyleClass().add("caption");
        scaleMax.getStyleClass().add("caption");
        HBox legend = new HBox(8, scaleMin, scale, scaleMax);
        legend.setAlignment(Pos.CENTER);
        legend.getStyleClass().add("heatmap-legend");
        // a fixed sequential scale: low latency dark (viridis), high latency bright
        StringBuilder stops = new StringBuilder("-fx-background-radius: 3; -fx-background-color: linear-gradient(to right");
        for (int i = 0; i <= 10; i++) stops.append(", ").append(web(Palette.sequential(i / 10.0))).append(' ').append(i * 10).append('%');
        scale.setStyle(stops.append(");").toString());
        VBox.setVgrow(grid, Priority.ALWAYS);
        getChildren().addAll(grid, legend);
        setSpacing(10);
        show(null);
    }

    TableHeatmap data() { return data; }

    void show(TableHeatmap h) {
        data = h;
        grid.getChildren().clear();
        grid.getColumnConstraints().clear();
        grid.getRowConstraints().clear();
        if (h == null) {
            Label empty = new Label("Waiting for the latency table…");
            empty.getStyleClass().add("empty-text");
            grid.add(empty, 0, 0);
            scaleMin.setText("");
            scaleMax.setText("");
            return;
        }
        ColumnConstraints head = new ColumnConstraints();
        head.setMinWidth(Region.USE_PREF_SIZE);
        head.setHalignment(HPos.RIGHT);
        grid.getColumnConstraints().add(head);
        for (int c = 0; c < h.columns().size(); c++) {
            ColumnConstraints cc = new ColumnConstraints();
            cc.setHgrow(Priority.ALWAYS);
            cc.setMinWidth(70);
            cc.setFillWidth(true);
            grid.getColumnConstraints().add(cc);
        }
        grid.getRowConstraints().add(new RowConstraints());
        for (int r = 0; r < h.rows().size(); r++) {
            RowConstraints rc = new RowConstraints();
            rc.setVgrow(Priority.ALWAYS);
            rc.setMinHeight(30);
            rc.setPrefHeight(40);
            rc.setMaxHeight(56);
            rc.setValignment(VPos.CENTER);
            rc.setFillHeight(true);
            grid.getRowConstraints().add(rc);
        }
        Label corner = new Label("kernels  \\  total expansion");
        corner.getStyleClass().addAll("caption", "heatmap-corner");
        grid.add(corner, 0, 0);
        for (int c = 0; c < h.columns().size(); c++) {
            int e = h.columns().get(c);
            Label l = new Label(e == 0 ? "0 (skip)" : "× " + e);
            l.getStyleClass().add("heatmap-column");
            l.setMaxWidth(Double.MAX_VALUE);
            l.setAlignment(Pos.CENTER);
            grid.add(l, c + 1, 0);
        }
        for (int r = 0; r < h.rows().size(); r++) {
            Label l = new Label(TableHeatmap.rowLabel(h.rows().get(r)));
            l.getStyleClass().add("heatmap-row");
            grid.add(l, 0, r + 1);
            for (int c = 0; c < h.columns().size(); c++) {
                List<Cell> cells = h.cell(r, c);
                HBox box = new HBox(2);
                box.getStyleClass().add("heatmap-slot");
                box.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
                if (cells.isEmpty()) {
                    box.getStyleClass().add("heatmap-empty");
                } else {
                    for (Cell cell : cells) {
                        Label tile = tile(h, cell, cells.size() > 1);
                        HBox.setHgrow(tile, Priority.ALWAYS);
                        box.getChildren().add(tile);
                    }
                }
                grid.add(box, c + 1, r + 1);
            }
        }
        scaleMin.setText(String.format(Locale.ROOT, "%.4f ms", h.minMs()));
        scaleMax.setText(String.format(Locale.ROOT, "%.4f ms", h.maxMs()));
    }

    private static Label tile(TableHeatmap h, Cell cell, boolean showSplit) {
        double range = h.maxMs() - h.minMs();
        boolean skip = cell.configuration().isSkip();
        Color bg = skip ? Color.web("#8a94a6", 0.25) : Palette.sequential(range <= 0 ? 0.5 : (cell.ms() - h.minMs()) / range);
        String value = skip ? "0" : String.format(Locale.ROOT, "%.4f", cell.ms());
        Label l = new Label(showSplit ? "e " + cell.split() + "\n" + value : value);
        l.getStyleClass().add("heat-cell");
        l.setUserData(cell);
        l.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        l.setMinWidth(40);
        l.setAlignment(Pos.CENTER);
        l.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
        l.setStyle("-fx-background-color: " + web(bg) + "; -fx-text-fill: " + (skip ? "-wb-text" : web(Palette.textOn(bg))) + ";");
        Tooltip t = new Tooltip(describe(h.position(), cell));
        t.setShowDelay(Duration.millis(150));
        t.setShowDuration(Duration.seconds(30));
        l.setTooltip(t);
        return l;
    }

    /** The full configuration of a tile, for its tooltip. */
    static String describe(BlockPosition p, Cell cell) {
        StringBuilder sb = new StringBuilder();
        var c = cell.configuration();
        sb.append(c.isSkip() ? "skip (every superkernel zeroed)" : c.key()).append('\n');
        if (!c.isSkip()) {
            sb.append(c.isMixConv() ? "MixConv: " : "MBConv: ");
            sb.append(c.branches().stream().map((Branch b) -> b.kernel() + "×" + b.kernel() + " depthwise on " + b.expansion()
                    + " × " + p.inChannels() + " = " + b.expansion() * p.inChannels() + " ch").collect(Collectors.joining(", ")));
            sb.append(String.format(Locale.ROOT, "%nexpanded channels %d (× %d)", c.totalExpansion() * p.inChannels(), c.totalExpansion()));
        }
        sb.append(String.format(Locale.ROOT, "%nP = %,d cycles = %.5f ms", cell.cycles(), cell.ms()));
        sb.append(String.format(Locale.ROOT, "%nblock %d (stage %d, #%d): %d×%d, %d→%d, stride %d%s", p.index() + 1, p.stage() + 1,
                p.indexInStage() + 1, p.inputHeight(), p.inputWidth(), p.inChannels(), p.outChannels(), p.stride(),
                p.residual() ? ", residual" : ""));
        return sb.toString();
    }

    private static String web(Color c) {
        return String.format(Locale.ROOT, "rgba(%d,%d,%d,%.3f)", (int) Math.round(c.getRed() * 255), (int) Math.round(c.getGreen() * 255),
                (int) Math.round(c.getBlue() * 255), c.getOpacity());
    }
}
