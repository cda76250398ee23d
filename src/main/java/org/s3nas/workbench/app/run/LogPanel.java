package org.s3nas.workbench.app.run;

import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TitledPane;

/**
 * The log of the shown run, in a collapsible panel under the runs: the lines the command line prints for it (one per
 * step, and its status changes), growing with a live run and read from the history of a finished or followed one. It
 * keeps to the newest line while the reader is at the end.
 */
public final class LogPanel extends TitledPane {
    private final ListView<String> lines = new ListView<>();
    private final ListChangeListener<String> onLines = c -> keepToEnd();
    private ObservableList<String> shown = FXCollections.emptyObservableList();

    public LogPanel(String id) {
        setId(id);
        setText("Log");
        setExpanded(false);
        setAnimated(false);
        getStyleClass().add("run-log");
        lines.setId(id + "Lines");
        lines.setPrefHeight(170);
        lines.setMinHeight(60);
        Label empty = new Label("No run shown: the lines a run prints appear here.");
        empty.getStyleClass().add("caption");
        lines.setPlaceholder(empty);
        setContent(lines);
        expandedProperty().addListener((obs, o, open) -> { if (open) keepToEnd(); });
    }

    /** Shows the log of {@code s} (null: none, e.g. while several runs are overlaid). */
    public void show(RunSeries<?> s) {
        shown.removeListener(onLines);
        shown = s == null ? FXCollections.emptyObservableList() : s.log();
        shown.addListener(onLines);
        lines.setItems(shown);
        setText(s == null ? "Log" : "Log · " + s.runId());
        keepToEnd();
    }

    /** The lines shown (for tests). */
    public ObservableList<String> lines() { return lines.getItems(); }

    private void keepToEnd() {
        if (isExpanded() && !shown.isEmpty()) lines.scrollTo(shown.size() - 1);
    }
}
