package org.s3nas.workbench.app.run;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Button;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;

/**
 * The frame both live-run dashboards (Search, Training) share, so that they are laid out alike: the view's header, the
 * reason a run cannot start and the start button on top; the left column (configuration, runs in progress) and the
 * charts in a split below, the left column keeping its width when the window grows.
 */
public final class DashboardFrame {
    private DashboardFrame() {}

    /** The start button: enabled while {@code canStart} holds. */
    public static Button startButton(String text, String id, ObservableBooleanValue canStart, Runnable start) {
        Button b = new Button(text);
        b.setId(id);
        b.getStyleClass().add("start-button");
        b.setMinWidth(Region.USE_PREF_SIZE); // the note beside it wraps; the button never shrinks to "..."
        b.disableProperty().bind(Bindings.not(canStart));
        b.setOnAction(e -> start.run());
        return b;
    }

    /** "Follow run folder…": follows a run folder another process writes (the view-model asks which). */
    public static Button followButton(String id, Runnable follow) {
        Button b = new Button("Follow run folder…");
        b.setId(id);
        b.getStyleClass().add("small");
        b.setTooltip(new Tooltip("Chart a run another process writes (the command line, another machine's shared folder) as it goes"));
        b.setOnAction(e -> follow.run());
        return b;
    }

    /** Looks through the runs folder again (disabled while it does): runs another process wrote since appear. */
    public static Button reloadButton(String id, javafx.beans.value.ObservableBooleanValue scanning, Runnable reload) {
        Button b = new Button("Reload");
        b.setId(id);
        b.getStyleClass().add("small");
        b.setTooltip(new Tooltip("Look through the runs folder again for runs written since (the command line, an exported PyTorch run)"));
        b.disableProperty().bind(scanning);
        b.setOnAction(e -> reload.run());
        return b;
    }

    /** The note beside the start button (why it is disabled), wrapped to {@code maxWidth}. */
    public static Label startNote(ObservableValue<String> text, double maxWidth) {
        Label l = new Label();
        l.getStyleClass().add("caption");
        l.textProperty().bind(text);
        l.setMaxWidth(maxWidth);
        l.setWrapText(true);
        return l;
    }

    /** Fills {@code view}: header, note and start button in the top bar; {@code left} | {@code centre} below. */
    public static void fill(VBox view, VBox header, Label note, Button start, Node left, Node centre, double leftShare) {
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(12, header, spacer, note, start);
        top.setAlignment(Pos.CENTER_LEFT);

        SplitPane main = new SplitPane(left, centre);
        main.setDividerPositions(leftShare);
        SplitPane.setResizableWithParent(left, false);
        VBox.setVgrow(main, Priority.ALWAYS);
        view.getChildren().addAll(top, main);
    }

    /** The grid of chart cards: two equal columns; rows that take the given percentages of its height. */
    public static GridPane chartGrid(double... rowPercents) {
        GridPane grid = new GridPane();
        grid.getStyleClass().add("chart-grid");
        grid.setHgap(10);
        grid.setVgap(10);
        ColumnConstraints half = new ColumnConstraints();
        half.setPercentWidth(50);
        half.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(half, half);
        for (double p : rowPercents) {
            RowConstraints row = new RowConstraints();
            row.setPercentHeight(p);
            row.setVgrow(Priority.ALWAYS);
            grid.getRowConstraints().add(row);
        }
        return grid;
    }

    /**
     * The row over the charts: the caption of the shown run, and the charts' controls (smoothing, x axis) at its right.
     * The caption is drawn whole (what the charts show); when the row is narrow the controls' hint gives way.
     */
    public static HBox captionRow(Label caption, Node controls) {
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        caption.setMinWidth(Region.USE_PREF_SIZE);
        HBox row = new HBox(12, caption, gap, controls);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    /**
     * The centre: the caption of the shown run over its chart grid, and the table of runs with the shown run's log
     * (collapsed at first) below, in a vertical split.
     */
    public static SplitPane centre(Node caption, GridPane grid, Node runs, LogPanel log, double chartsShare) {
        VBox charts = new VBox(6, caption, grid);
        VBox.setVgrow(grid, Priority.ALWAYS);
        VBox below = new VBox(4, runs, log);
        VBox.setVgrow(runs, Priority.ALWAYS);
        below.setMinHeight(0);
        SplitPane split = new SplitPane(charts, below);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(chartsShare);
        // an opened log needs room beside the runs: the charts give some up while it is open, and get it back
        log.expandedProperty().addListener((obs, was, open) -> {
            split.setDividerPositions(open ? Math.min(split.getDividerPositions()[0], chartsShare - 0.16) : chartsShare);
            // the runs keep a few rows, the log takes the rest
            VBox.setVgrow(runs, open ? Priority.NEVER : Priority.ALWAYS);
            VBox.setVgrow(log, open ? Priority.ALWAYS : Priority.NEVER);
            if (runs instanceof Region r) r.setPrefHeight(open ? 150 : Region.USE_COMPUTED_SIZE);
        });
        return split;
    }

    /**
     * Rows that show the run: a click (or a selection by keyboard) puts the row's run into the charts; the tooltip
     * tells where its folder is.
     */
    public static <R> void showOnSelect(TableView<R> table, Function<R, String> tooltip, Consumer<R> show) {
        table.setRowFactory(tv -> {
            TableRow<R> row = new TableRow<>();
            Tooltip tip = new Tooltip();
            row.itemProperty().addListener((obs, o, r) -> {
                tip.setText(r == null ? null : tooltip.apply(r));
                row.setTooltip(r == null ? null : tip);
            });
            row.setOnMouseClicked(e -> { if (!row.isEmpty() && e.getClickCount() == 1) show.accept(row.getItem()); });
            return row;
        });
        table.getSelectionModel().selectedItemProperty().addListener((obs, o, r) -> { if (r != null) show.accept(r); });
    }

    /**
     * Several rows may be selected (Ctrl/Shift+click): {@code overlay} gets the selected rows whenever they change, in
     * selection order, to overlay their runs; one row (or none) again shows the single run.
     */
    public static <R> void overlayOnMultiSelect(TableView<R> table, Consumer<List<R>> overlay) {
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.getSelectionModel().getSelectedItems().addListener((ListChangeListener<R>) c -> overlay.accept(List.copyOf(
                table.getSelectionModel().getSelectedItems().filtered(java.util.Objects::nonNull))));
    }
}
