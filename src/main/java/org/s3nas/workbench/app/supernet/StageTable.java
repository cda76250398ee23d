package org.s3nas.workbench.app.supernet;

import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.ListCell;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.util.StringConverter;
import org.s3nas.workbench.app.Formats;
import org.s3nas.workbench.app.Views;
import org.s3nas.workbench.app.supernet.SupernetViewModel.StageFields;
import org.s3nas.workbench.app.supernet.SupernetViewModel.StageRow;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.BlockKind;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Superkernel;

/**
 * The stage table of the editor: one row per stage, every cell an editor bound to the view-model (text fields to
 * {@link EditField}s, choices to command methods). Each cell also keeps its value as text, shown to screen readers
 * and read by tests, while the editor is what is displayed.
 */
final class StageTable {
    private StageTable() {}

    static TableView<StageRow> build(SupernetViewModel vm) {
        TableView<StageRow> t = Views.table(vm.stages(), "The supernet has no stages: add one.");
        t.setId("stageTable");
        t.getStyleClass().add("stage-table");
        t.getColumns().add(Views.numberColumn("#", StageRow::number, 36));
        t.getColumns().add(text(vm, "Width", StageRow::width, StageFields::width, 68, "Output channels of every block of the stage"));
        t.getColumns().add(text(vm, "Depth", StageRow::depth, StageFields::depth, 60, "Blocks in the stage"));
        t.getColumns().add(choice(vm, "Stride", StageRow::stride, List.of(1, 2), st -> st.stride(), String::valueOf,
                vm::setStride, 66, "Stride of the stage's first block"));
        t.getColumns().add(choice(vm, "Kind", StageRow::kind, List.of(BlockKind.MBCONV, BlockKind.MIXCONV), Stage::kind,
                SupernetViewModel::kind, vm::setKind, 100,
                "MBConv: one superkernel. MixConv: parallel superkernels (paper Fig. 6). Changing it converts the candidates."));
        t.getColumns().add(text(vm, "Kernel sizes", StageRow::kernelCandidates, StageFields::kernels, 150,
                "Candidate kernel sizes of each superkernel, groups separated by |, e.g. 3, 5 | 3, 5 | 3, 5, 7"));
        t.getColumns().add(text(vm, "Expansions", StageRow::expansionCandidates, StageFields::expansions, 140,
                "Candidate expansion ratios of each superkernel, groups separated by |; 0* = may be zeroed only where the block has a residual"));
        t.getColumns().add(zeroOnly(vm));
        t.getColumns().add(text(vm, "SE", StageRow::se, StageFields::seRatio, 54, "Squeeze-and-excitation ratio of the block input (0 = none)"));
        t.getColumns().add(choice(vm, "Activation", StageRow::activation, List.of(Activation.values()), Stage::activation,
                Formats::activation, vm::setActivation, 100, "Activation of the stage's blocks"));
        t.getColumns().add(residual(vm));
        TableColumn<StageRow, String> out = Views.column("Output", StageRow::output, 104);
        t.getColumns().add(out);
        t.getColumns().add(Views.column("Overrides", StageRow::overrides, 96));
        for (TableColumn<StageRow, ?> c : t.getColumns()) c.setSortable(false);
        Views.fitRows(t, 3, 8);
        return t;
    }

    /**
     * A cell of a stage's row: its editor is what is displayed, its value stays the cell's text (for screen readers and
     * tests). A row past the supernet's stages (or an empty one) shows nothing.
     */
    private abstract static class StageCell<V> extends TableCell<StageRow, V> {
        private final SupernetViewModel vm;

        StageCell(SupernetViewModel vm) {
            this.vm = vm;
            setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        }

        @Override
        protected final void updateItem(V item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || getIndex() < 0 || getIndex() >= vm.getSupernet().stages().size()) {
                clear();
                setText(null);
                setGraphic(null);
                return;
            }
            setText(show(getIndex(), item));
            setGraphic(editor());
        }

        /** Shows stage {@code stage} in the editor; returns the cell's text. */
        abstract String show(int stage, V item);

        /** The control that edits the cell. */
        abstract Node editor();

        /** Lets go of the stage the cell showed (its row went away). */
        void clear() {}
    }

    /** A column of a stage's editors: the row's {@code value} is each cell's item, {@code cell} makes a cell. */
    private static <V> TableColumn<StageRow, V> column(String title, double width, String tip, Function<StageRow, V> value,
                                                       Supplier<StageCell<V>> cell) {
        TableColumn<StageRow, V> c = header(title, width, tip);
        c.setCellValueFactory(cd -> new javafx.beans.property.ReadOnlyObjectWrapper<>(value.apply(cd.getValue())));
        c.setCellFactory(col -> cell.get());
        return c;
    }

    private static <V> TableColumn<StageRow, V> header(String title, double width, String tip) {
        TableColumn<StageRow, V> c = new TableColumn<>();
        javafx.scene.control.Label l = new javafx.scene.control.Label(title);
        l.setTooltip(new Tooltip(tip));
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        c.setGraphic(l);
        // never narrower than its bold header, or the constrained policy squeezes it to "D..."
        double header = NetworkCanvas.width(title, javafx.scene.text.Font.font(null, javafx.scene.text.FontWeight.BOLD, 12)) + 30;
        c.setPrefWidth(Math.max(width, header));
        c.setMinWidth(header);
        c.setReorderable(false);
        c.setSortable(false);
        c.setId("column-" + title.toLowerCase().replace(' ', '-'));
        return c;
    }

    /** A column of text fields bound to one field of each stage. */
    private static <V> TableColumn<StageRow, V> text(SupernetViewModel vm, String title, Function<StageRow, V> value,
                                                     Function<StageFields, EditField> field, double width, String tip) {
        return column(title, width, tip, value, () -> new StageCell<>(vm) {
            private final TextField tf = new TextField();
            private final FieldBinding binding = new FieldBinding(tf);

            {
                tf.setMaxWidth(Double.MAX_VALUE);
                tf.focusedProperty().addListener((o, was, now) -> { if (now && getIndex() >= 0) vm.selectStage(getIndex()); });
                getStyleClass().add("editor-cell");
            }

            @Override
            String show(int stage, V item) {
                binding.bind(field.apply(vm.stageFields(stage)));
                return String.valueOf(item);
            }

            @Override
            Node editor() { return tf; }

            @Override
            void clear() { binding.unbind(); }
        });
    }

    /** A column of combo boxes; choosing calls {@code apply}, which may refuse (the box then shows the old value). */
    private static <V, T> TableColumn<StageRow, V> choice(SupernetViewModel vm, String title, Function<StageRow, V> value,
                                                          List<T> options, Function<Stage, T> current,
                                                          Function<T, String> show, BiPredicate<Integer, T> apply,
                                                          double width, String tip) {
        return column(title, width, tip, value, () -> new StageCell<>(vm) {
            private final ComboBox<T> box = new ComboBox<>();
            private boolean updating;

            {
                getStyleClass().add("editor-cell");
                box.getItems().setAll(options);
                box.setMaxWidth(Double.MAX_VALUE);
                box.getStyleClass().add("cell-combo");
                StringConverter<T> conv = new StringConverter<>() {
                    @Override public String toString(T o) { return o == null ? "" : show.apply(o); }
                    @Override public T fromString(String s) { return null; }
                };
                box.setConverter(conv);
                box.setButtonCell(new ListCell<>() {
                    @Override
                    protected void updateItem(T o, boolean empty) {
                        super.updateItem(o, empty);
                        setText(empty || o == null ? null : show.apply(o));
                    }
                });
                box.setOnAction(e -> {
                    if (updating || getIndex() < 0 || box.getValue() == null) return;
                    vm.selectStage(getIndex());
                    T chosen = box.getValue();
                    if (!chosen.equals(current.apply(vm.getSupernet().stages().get(getIndex())))) {
                        if (!apply.test(getIndex(), chosen)) refresh();
                    }
                });
            }

            private void refresh() {
                if (getIndex() < 0 || getIndex() >= vm.getSupernet().stages().size()) return;
                updating = true;
                try {
                    box.setValue(current.apply(vm.getSupernet().stages().get(getIndex())));
                } finally {
                    updating = false;
                }
            }

            @Override
            String show(int stage, V item) {
                box.setId("choice-stage-" + stage + "-" + title.toLowerCase());
                refresh();
                return String.valueOf(item);
            }

            @Override
            Node editor() { return box; }
        });
    }

    private static TableColumn<StageRow, String> residual(SupernetViewModel vm) {
        return column("Residual", 82, "Blocks add a residual where shapes allow (stride 1, in = out); unticked: never",
                StageRow::residual, () -> new StageCell<>(vm) {
            private final CheckBox box = new CheckBox();
            private boolean updating;

            {
                setAlignment(Pos.CENTER);
                box.setOnAction(e -> {
                    if (updating || getIndex() < 0) return;
                    vm.selectStage(getIndex());
                    if (!vm.setResidual(getIndex(), box.isSelected())) updateItem(getItem(), false);
                });
            }

            @Override
            String show(int stage, String item) {
                updating = true;
                box.setSelected(vm.getSupernet().stages().get(stage).residual());
                updating = false;
                box.setId("residual-stage-" + stage);
                return item;
            }

            @Override
            Node editor() { return box; }
        });
    }

    /** One check box per superkernel: its 0 candidate applies only in blocks with a residual. */
    private static TableColumn<StageRow, String> zeroOnly(SupernetViewModel vm) {
        return column("0*", 96,
                "0* per superkernel: ticked = its 0 candidate applies only in blocks that have a residual (paper §2.5: the 7×7 superkernel)",
                StageRow::expansionCandidates, () -> new StageCell<>(vm) {
            private final HBox boxes = new HBox(4);

            {
                boxes.setAlignment(Pos.CENTER_LEFT);
            }

            @Override
            String show(int stage, String item) {
                List<Superkernel> sks = vm.getSupernet().stages().get(stage).superkernels();
                boxes.getChildren().clear();
                StringBuilder text = new StringBuilder();
                for (int j = 0; j < sks.size(); j++) {
                    int sk = j;
                    CheckBox b = new CheckBox(Integer.toString(j + 1));
                    b.setId("zero-only-stage-" + stage + "-" + j);
                    b.setSelected(sks.get(j).zeroOnlyWithResidual());
                    b.setDisable(!sks.get(j).expansions().contains(0));
                    b.setTooltip(new Tooltip("Superkernel " + (j + 1) + " (kernels " + Formats.ints(sks.get(j).kernelSizes())
                            + "): " + (sks.get(j).expansions().contains(0) ? "ticked = its 0 applies only where the block has a residual"
                            : "has no 0 candidate")));
                    b.setOnAction(e -> {
                        vm.selectStage(stage);
                        if (!vm.setZeroOnlyWithResidual(stage, sk, b.isSelected())) b.setSelected(!b.isSelected());
                    });
                    b.getStyleClass().add("small-check");
                    boxes.getChildren().add(b);
                    if (sks.get(j).zeroOnlyWithResidual()) text.append(text.length() == 0 ? "" : ", ").append(j + 1);
                }
                return text.length() == 0 ? "none" : text.toString();
            }

            @Override
            Node editor() { return boxes; }
        });
    }
}
