package org.s3nas.workbench.app.search;

import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.controlsfx.control.PropertySheet;
import org.s3nas.workbench.app.Views;
import org.s3nas.workbench.app.search.SearchViewModel.RunRow;

/** The Search view: the search configuration (read-only property sheet) and the project's runs. Binds only. */
public final class SearchView extends VBox {
    public SearchView(SearchViewModel vm) {
        getStyleClass().addAll("workbench-view", "search-view");
        setId("searchView");
        var header = Views.header("Search", vm.projectName(), vm.summaryProperty());

        PropertySheet sheet = Views.readOnlySheet(vm.configuration());
        sheet.setId("searchConfigSheet");

        TableView<RunRow> runs = Views.table(vm.runs(),
                "This project has no search runs yet. A run appears here with its status, target and the architecture it found.");
        runs.setId("runTable");
        runs.getColumns().add(Views.column("Run", RunRow::id, 140));
        runs.getColumns().add(Views.column("Status", RunRow::status, 90));
        runs.getColumns().add(Views.column("Target", RunRow::target, 80));
        runs.getColumns().add(Views.column("Epochs", RunRow::epochs, 80));
        runs.getColumns().add(Views.column("Started", RunRow::started, 150));
        runs.getColumns().add(Views.column("Ended", RunRow::ended, 150));
        runs.getColumns().add(Views.column("Architecture", RunRow::architecture, 140));
        runs.getColumns().add(Views.column("Folder", RunRow::directory, 140));

        SplitPane split = new SplitPane(Views.section("Search configuration", sheet),
                Views.section("Runs", vm.runs(), runs));
        split.setDividerPositions(0.4);
        VBox.setVgrow(split, Priority.ALWAYS);
        getChildren().addAll(header, split);
    }
}
