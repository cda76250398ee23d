package org.s3nas.workbench.app.latency;

import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.controlsfx.control.PropertySheet;
import org.s3nas.workbench.app.Views;
import org.s3nas.workbench.app.latency.LatencyViewModel.ArchitectureRow;

/** The Latency view: saved architectures and the NPU configuration (read-only property sheet). Binds only. */
public final class LatencyView extends VBox {
    public LatencyView(LatencyViewModel vm) {
        getStyleClass().addAll("workbench-view", "latency-view");
        setId("latencyView");
        var header = Views.header("Latency", vm.projectName(), vm.summaryProperty());

        TableView<ArchitectureRow> table = Views.table(vm.architectures(),
                "This project has no saved architectures yet. Architectures found by a search, scaled or entered by hand are listed here.");
        table.setId("savedArchitectureTable");
        table.getColumns().add(Views.column("Name", ArchitectureRow::name, 200));
        table.getColumns().add(Views.column("Source", ArchitectureRow::source, 120));
        table.getColumns().add(Views.column("Input", ArchitectureRow::input, 110));
        table.getColumns().add(Views.numberColumn("Blocks", ArchitectureRow::blocks, 70));
        table.getColumns().add(Views.column("Accuracy", ArchitectureRow::accuracy, 90));

        PropertySheet sheet = Views.readOnlySheet(vm.npu());
        sheet.setId("npuSheet");

        SplitPane split = new SplitPane(Views.section("Saved architectures", vm.architectures(), table),
                Views.section("NPU configuration", sheet));
        split.setDividerPositions(0.6);
        VBox.setVgrow(split, Priority.ALWAYS);
        getChildren().addAll(header, split);
    }
}
