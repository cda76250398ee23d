package org.s3nas.workbench.app.timeline;

import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.s3nas.workbench.app.ArchitectureRows;
import org.s3nas.workbench.app.ArchitectureRows.BlockRow;
import org.s3nas.workbench.app.Views;
import org.s3nas.workbench.app.timeline.TimelineViewModel.Candidate;

/** The Timeline view: the architectures one can run on the NPU and the blocks of the selected one. Binds only. */
public final class TimelineView extends VBox {
    public TimelineView(TimelineViewModel vm) {
        getStyleClass().addAll("workbench-view", "timeline-view");
        setId("timelineView");
        var header = Views.header("Timeline", vm.projectName(), javafx.beans.binding.Bindings.createStringBinding(
                () -> vm.selectedProperty().get() == null ? "No architecture selected"
                        : vm.selectedProperty().get().name() + " · " + ArchitectureRows.summary(vm.selectedProperty().get().architecture()),
                vm.selectedProperty()));

        ListView<Candidate> list = new ListView<>(vm.candidates());
        list.setId("architectureList");
        list.getStyleClass().add("two-line-list");
        list.setCellFactory(lv -> new ListCell<>() {
            private final Label name = new Label();
            private final Label origin = new Label();
            private final VBox box = new VBox(name, origin);
            {
                name.getStyleClass().add("strong");
                origin.getStyleClass().add("caption");
                origin.setWrapText(true);
                origin.maxWidthProperty().bind(lv.widthProperty().subtract(40));
            }

            @Override
            protected void updateItem(Candidate c, boolean empty) {
                super.updateItem(c, empty);
                if (empty || c == null) {
                    setGraphic(null);
                } else {
                    name.setText(c.name());
                    origin.setText(c.origin() + " · " + ArchitectureRows.summary(c.architecture()));
                    setGraphic(box);
                }
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, c) -> {
            if (c != null && c != vm.selectedProperty().get()) vm.select(c);
        });
        vm.selectedProperty().addListener((obs, old, c) -> list.getSelectionModel().select(c));
        list.getSelectionModel().select(vm.selectedProperty().get());

        TableView<BlockRow> blocks = Views.table(vm.blocks(), "Select an architecture to list its blocks.");
        blocks.setId("blockTable");
        blocks.getColumns().add(Views.numberColumn("#", BlockRow::index, 45));
        blocks.getColumns().add(Views.numberColumn("Stage", BlockRow::stage, 60));
        blocks.getColumns().add(Views.column("Channels", BlockRow::channels, 100));
        blocks.getColumns().add(Views.numberColumn("Stride", BlockRow::stride, 60));
        blocks.getColumns().add(Views.column("Branches (kernel × expansion)", BlockRow::branches, 210));
        blocks.getColumns().add(Views.column("Expansion", BlockRow::expansion, 85));
        blocks.getColumns().add(Views.numberColumn("Expanded ch", BlockRow::expandedChannels, 100));
        blocks.getColumns().add(Views.column("SE", BlockRow::se, 70));
        blocks.getColumns().add(Views.column("Activation", BlockRow::activation, 90));
        blocks.getColumns().add(Views.column("Residual", BlockRow::residual, 80));

        VBox right = new VBox(Views.factStrip(vm.facts()), Views.section("Blocks", vm.blocks(), blocks));
        right.getStyleClass().add("pane-column");
        VBox.setVgrow(right.getChildren().get(1), Priority.ALWAYS);

        SplitPane split = new SplitPane(Views.section("Architectures", vm.candidates(), list), right);
        split.setDividerPositions(0.27);
        VBox.setVgrow(split, Priority.ALWAYS);
        getChildren().addAll(header, split);
    }
}
