package org.s3nas.workbench.app.supernet;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.s3nas.workbench.app.Views;
import org.s3nas.workbench.app.supernet.SupernetViewModel.PositionRow;
import org.s3nas.workbench.app.supernet.SupernetViewModel.StageRow;
import org.s3nas.workbench.model.Problem;

/** The Supernet view: input, stem and head figures, the stage table and the block positions. Binds only. */
public final class SupernetView extends VBox {
    private final TableView<StageRow> stageTable;
    private final TableView<PositionRow> positionTable;

    public SupernetView(SupernetViewModel vm) {
        getStyleClass().addAll("workbench-view", "supernet-view");
        setId("supernetView");

        var header = Views.header("Supernet", vm.projectName(),
                Bindings.concat("Search space ", vm.supernetNameProperty()));

        Label problems = new Label();
        problems.getStyleClass().add("problem-banner");
        problems.setWrapText(true);
        Runnable showProblems = () -> {
            problems.setText(vm.problems().stream().map(Problem::toString).reduce((a, b) -> a + "\n" + b).orElse(""));
            problems.setVisible(!vm.problems().isEmpty());
            problems.setManaged(!vm.problems().isEmpty());
        };
        vm.problems().addListener((ListChangeListener<Problem>) c -> showProblems.run());
        showProblems.run();

        stageTable = Views.table(vm.stages(), "The supernet has no stages.");
        stageTable.setId("stageTable");
        stageTable.getColumns().add(Views.numberColumn("Stage", StageRow::number, 60));
        stageTable.getColumns().add(Views.numberColumn("Width", StageRow::width, 70));
        stageTable.getColumns().add(Views.numberColumn("Depth", StageRow::depth, 70));
        stageTable.getColumns().add(Views.numberColumn("Stride", StageRow::stride, 70));
        stageTable.getColumns().add(Views.column("Kind", StageRow::kind, 90));
        stageTable.getColumns().add(Views.numberColumn("Superkernels", StageRow::superkernels, 120));
        stageTable.getColumns().add(Views.column("Kernel sizes", StageRow::kernelCandidates, 170));
        stageTable.getColumns().add(Views.column("Expansions", StageRow::expansionCandidates, 170));
        stageTable.getColumns().add(Views.column("SE", StageRow::se, 70));
        stageTable.getColumns().add(Views.column("Activation", StageRow::activation, 100));
        stageTable.getColumns().add(Views.column("Residual", StageRow::residual, 150));
        stageTable.getColumns().add(Views.column("Output", StageRow::output, 130));
        stageTable.getColumns().add(Views.column("Overrides", StageRow::overrides, 100));

        positionTable = Views.table(vm.positions(), "No block positions: the supernet has errors (see above).");
        positionTable.setId("positionTable");
        positionTable.getColumns().add(Views.numberColumn("#", PositionRow::index, 50));
        positionTable.getColumns().add(Views.numberColumn("Stage", PositionRow::stage, 60));
        positionTable.getColumns().add(Views.numberColumn("Block", PositionRow::block, 60));
        positionTable.getColumns().add(Views.column("Input", PositionRow::input, 100));
        positionTable.getColumns().add(Views.column("Channels", PositionRow::channels, 110));
        positionTable.getColumns().add(Views.numberColumn("Stride", PositionRow::stride, 70));
        positionTable.getColumns().add(Views.column("Residual", PositionRow::residual, 80));
        positionTable.getColumns().add(Views.numberColumn("Choices", PositionRow::choices, 90));
        positionTable.getColumns().add(Views.column("Superkernel candidates", PositionRow::superkernels, 360));

        Label legend = new Label("Candidates are listed per superkernel, separated by |.  0* = the superkernel may be "
                + "zeroed only where the block has a residual.");
        legend.getStyleClass().add("caption");
        legend.setWrapText(true);
        Views.fitRows(stageTable, 3, 10);
        VBox stages = Views.section("Stages", vm.stages(), stageTable);
        stages.getChildren().add(legend);
        VBox positions = Views.section("Block positions", vm.positions(), positionTable);
        VBox.setVgrow(positions, Priority.ALWAYS);

        getChildren().addAll(header, Views.factStrip(vm.facts()), problems, stages, positions);
    }

    public TableView<StageRow> stageTable() { return stageTable; }

    public TableView<PositionRow> positionTable() { return positionTable; }
}
