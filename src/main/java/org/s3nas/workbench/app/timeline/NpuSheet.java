package org.s3nas.workbench.app.timeline;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.controlsfx.control.PropertySheet;
import org.controlsfx.property.editor.PropertyEditor;
import org.s3nas.workbench.app.Formats;
import org.s3nas.workbench.app.Views;
import org.s3nas.workbench.app.timeline.TimelineViewModel.NpuField;
import org.s3nas.workbench.model.BankPolicy;
import org.s3nas.workbench.model.NpuConfig;

/**
 * The project's NPU configuration as a ControlsFX property sheet: every field of {@link NpuConfig}, numbers in text
 * fields that commit on Enter or when focus leaves, switches as check boxes, the bank policy as a choice. A commit
 * goes to {@link TimelineViewModel#setNpu} (an undoable project edit that re-simulates); a refused value shows why
 * under the sheet and the field returns to the project's value. Undo and opened projects update the editors.
 */
final class NpuSheet extends VBox {

    private final TimelineViewModel vm;
    private final PropertySheet sheet = new PropertySheet();
    private final Map<String, Editor> editors = new LinkedHashMap<>();

    NpuSheet(TimelineViewModel vm) {
        this.vm = vm;
        setId("npuSheet");
        getStyleClass().add("npu-sheet");
        sheet.setMode(PropertySheet.Mode.CATEGORY);
        sheet.setModeSwitcherVisible(false);
        sheet.setSearchBoxVisible(true);
        sheet.setCategoryComparator(Comparator.comparingInt(c -> {
            int i = TimelineViewModel.CATEGORIES.indexOf(c);
            return i < 0 ? Integer.MAX_VALUE : i;
        }));
        sheet.setPropertyEditorFactory(item -> {
            NpuField f = ((Item) item).field;
            Editor e = new Editor(f);
            editors.put(f.name(), e);
            return e;
        });
        for (NpuField f : vm.fields()) sheet.getItems().add(new Item(f));
        Label problem = Views.banner(vm.npuProblemProperty(), "npuProblem");
        Label hint = new Label("Edits re-simulate at once; Ctrl+Z undoes them.");
        hint.getStyleClass().add("caption");
        hint.setWrapText(true);
        getChildren().addAll(hint, problem, sheet);
        setSpacing(8);
        VBox.setVgrow(sheet, Priority.ALWAYS);
        vm.npuProperty().addListener((obs, old, n) -> refresh());
        // the hint above holds in a text field too (it keeps Ctrl+Z for its typing while that is not yet committed)
        Views.projectUndoKeys(this, t -> t.getUserData() instanceof Editor ed && !ed.pending(), vm::undo, vm::redo);
    }

    PropertySheet sheet() { return sheet; }

    /** The editor node of a field (for tests). */
    Node editorOf(String field) {
        Editor e = editors.get(field);
        return e == null ? null : e.getEditor();
    }

    private void refresh() {
        for (Map.Entry<String, Editor> e : editors.entrySet()) e.getValue().show(vm.npuValue(e.getValue().field));
    }

    private final class Item implements PropertySheet.Item {
        final NpuField field;

        Item(NpuField f) { this.field = f; }

        @Override public Class<?> getType() { return field.type(); }
        @Override public String getCategory() { return field.category(); }
        @Override public String getName() { return field.label(); }
        @Override public String getDescription() { return field.description(); }
        @Override public Object getValue() { return vm.npuValue(field); }
        @Override public void setValue(Object value) { vm.setNpu(field.name(), value); }
        @Override public Optional<ObservableValue<? extends Object>> getObservableValue() { return Optional.empty(); }
    }

    /** One field's editor; commits through the view-model, never through the sheet's binding. */
    private final class Editor implements PropertyEditor<Object> {
        final NpuField field;
        final Node node;
        private boolean updating;

        Editor(NpuField f) {
            this.field = f;
            if (f.type() == boolean.class) {
                CheckBox box = new CheckBox();
                box.setOnAction(e -> { if (!updating) commit(box.isSelected()); });
                node = box;
            } else if (f.type() == BankPolicy.class) {
                ComboBox<BankPolicy> combo = new ComboBox<>();
                combo.getItems().setAll(BankPolicy.values());
                combo.setConverter(new StringConverter<>() {
                    @Override public String toString(BankPolicy b) { return b == null ? "" : Formats.words(b); }
                    @Override public BankPolicy fromString(String s) { return BankPolicy.valueOf(s.toUpperCase().replace(' ', '_')); }
                });
                combo.setMaxWidth(Double.MAX_VALUE);
                combo.setOnAction(e -> { if (!updating && combo.getValue() != null) commit(combo.getValue()); });
                node = combo;
            } else {
                TextField text = new TextField();
                text.setPrefColumnCount(6);
                text.setMaxWidth(96);
                text.getStyleClass().add("number-field");
                text.setOnAction(e -> commit(text.getText()));
                text.focusedProperty().addListener((obs, was, now) -> { if (!now) commit(text.getText()); });
                text.setUserData(this);
                node = text;
            }
            node.setId("npu-" + f.name());
            Tooltip.install(node, new Tooltip(f.description()));
        }

        /** Typed text not yet committed (a text field only). */
        boolean pending() {
            return node instanceof TextField t && !t.getText().strip().equals(text(vm.npuValue(field)));
        }

        private void commit(Object value) {
            Object current = vm.npuValue(field);
            if (value instanceof String s && s.strip().equals(text(current))) return;
            if (vm.setNpu(field.name(), value).isPresent()) show(current);
        }

        void show(Object v) {
            updating = true;
            try {
                if (node instanceof CheckBox b) b.setSelected(Boolean.TRUE.equals(v));
                else if (node instanceof ComboBox<?> c) ((ComboBox<BankPolicy>) c).setValue((BankPolicy) v);
                else ((TextField) node).setText(text(v));
            } finally {
                updating = false;
            }
        }

        private String text(Object v) {
            return v instanceof Double d ? Formats.number(d) : String.valueOf(v);
        }

        @Override public Node getEditor() { return node; }
        @Override public Object getValue() { return vm.npuValue(field); }
        @Override public void setValue(Object value) { show(value); }
    }
}
