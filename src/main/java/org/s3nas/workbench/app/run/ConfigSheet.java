package org.s3nas.workbench.app.run;

import java.util.List;
import java.util.Optional;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.controlsfx.control.PropertySheet;
import org.controlsfx.property.editor.PropertyEditor;
import org.s3nas.workbench.app.Views;

/**
 * A configuration record ({@link RecordEditor}) in a ControlsFX {@link PropertySheet}, one editor per {@link ConfigField}: text fields
 * that commit on Enter or when focus leaves (Escape reverts), a check box for flags, a combo box for choices. A value
 * the view-model refuses stays in the field, marked, with the reason in its tooltip and under the sheet.
 */
public final class ConfigSheet {
    private ConfigSheet() {}

    public static PropertySheet of(List<ConfigField> fields, List<String> categoryOrder) {
        PropertySheet sheet = new PropertySheet();
        sheet.setMode(PropertySheet.Mode.CATEGORY);
        sheet.setModeSwitcherVisible(false);
        sheet.setSearchBoxVisible(false);
        sheet.setCategoryComparator((a, b) -> Integer.compare(rank(categoryOrder, a), rank(categoryOrder, b)));
        sheet.setPropertyEditorFactory(item -> editor(((FieldItem) item).field));
        sheet.getItems().setAll(fields.stream().map(FieldItem::new).toList());
        sheet.getStyleClass().add("config-sheet");
        return sheet;
    }

    /**
     * A dashboard's "Configuration" section: the sheet of {@code fields} (id {@code sheetId}) taking the free height,
     * under the problem of the last refused value (id {@code problemId}).
     */
    public static VBox section(List<ConfigField> fields, List<String> categoryOrder, String sheetId, String problemId) {
        PropertySheet sheet = of(fields, categoryOrder);
        sheet.setId(sheetId);
        VBox.setVgrow(sheet, Priority.ALWAYS);
        VBox section = Views.section("Configuration", new VBox(6, problemLabel(fields, problemId), sheet));
        VBox.setVgrow(section.getChildren().get(1), Priority.ALWAYS);
        return section;
    }

    /**
     * The problem under a sheet: the last refusal of any field, cleared once every field is valid again; it takes no
     * room while empty.
     */
    public static Label problemLabel(List<ConfigField> fields, String id) {
        Label problem = Views.paragraph("config-problem", id, null);
        problem.setMaxWidth(Double.MAX_VALUE);
        for (ConfigField f : fields) {
            f.problemProperty().addListener((obs, o, n) -> {
                if (!n.isEmpty()) problem.setText(n);
                else if (fields.stream().allMatch(x -> x.problem().isEmpty())) problem.setText("");
            });
        }
        problem.visibleProperty().bind(problem.textProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());
        return problem;
    }

    private static int rank(List<String> order, String c) {
        int i = order.indexOf(c);
        return i < 0 ? order.size() : i;
    }

    /** The sheet's view of a field; edits go through the editors, never through {@link #setValue}. */
    private record FieldItem(ConfigField field) implements PropertySheet.Item {
        @Override public Class<?> getType() { return String.class; }
        @Override public String getCategory() { return field.category(); }
        @Override public String getName() { return field.name(); }
        @Override public String getDescription() { return field.description(); }
        @Override public Object getValue() { return field.value(); }
        @Override public void setValue(Object value) { field.set(String.valueOf(value)); }
        @Override public Optional<ObservableValue<? extends Object>> getObservableValue() { return Optional.of(field.valueProperty()); }
    }

    private static PropertyEditor<?> editor(ConfigField f) {
        return switch (f.kind()) {
            case BOOLEAN -> new FlagEditor(f);
            case CHOICE -> new ChoiceEditor(f);
            default -> new TextEditor(f);
        };
    }

    /** Text with a unit after it; commits on Enter and on focus loss. */
    private static final class TextEditor implements PropertyEditor<String> {
        private final ConfigField field;
        private final TextField text = new TextField();
        private final HBox box;

        TextEditor(ConfigField f) {
            this.field = f;
            text.setId("config-" + f.key());
            text.getStyleClass().add("config-value");
            text.setPrefColumnCount(7);
            HBox.setHgrow(text, Priority.ALWAYS);
            box = new HBox(4, text);
            box.setAlignment(Pos.CENTER_LEFT);
            if (!f.unit().isEmpty()) {
                Label unit = new Label();
                unit.textProperty().bind(f.shownUnitProperty());
                unit.getStyleClass().add("config-unit");
                unit.setMinWidth(Label.USE_PREF_SIZE);
                box.getChildren().add(unit);
            }
            text.setOnAction(e -> commit());
            text.focusedProperty().addListener((obs, was, now) -> { if (!now) commit(); });
            text.setOnKeyPressed(e -> {
                if (e.getCode() == KeyCode.ESCAPE) {
                    setValue(field.value());
                    e.consume();
                }
            });
            f.valueProperty().addListener((obs, o, n) -> setValue(n));
            f.problemProperty().addListener((obs, o, n) -> mark(n));
            setValue(f.value());
        }

        private void commit() {
            if (text.getText().strip().equals(field.value())) {
                mark("");
                return;
            }
            field.set(text.getText());
        }

        private void mark(String problem) {
            text.getStyleClass().remove("invalid");
            text.setTooltip(null);
            if (!problem.isEmpty()) {
                text.getStyleClass().add("invalid");
                text.setTooltip(new Tooltip(problem));
            }
        }

        @Override public Node getEditor() { return box; }
        @Override public String getValue() { return text.getText(); }

        @Override
        public void setValue(String value) {
            text.setText(value == null ? "" : value);
            mark(field.problem());
        }
    }

    private static final class FlagEditor implements PropertyEditor<String> {
        private final CheckBox box = new CheckBox();

        FlagEditor(ConfigField f) {
            box.setId("config-" + f.key());
            box.setOnAction(e -> {
                if (f.set(Boolean.toString(box.isSelected())).isPresent()) box.setSelected(Boolean.parseBoolean(f.value()));
            });
            f.valueProperty().addListener((obs, o, n) -> setValue(n));
            setValue(f.value());
        }

        @Override public Node getEditor() { return box; }
        @Override public String getValue() { return Boolean.toString(box.isSelected()); }
        @Override public void setValue(String value) { box.setSelected(Boolean.parseBoolean(value)); }
    }

    private static final class ChoiceEditor implements PropertyEditor<String> {
        private final ComboBox<String> combo = new ComboBox<>();
        private boolean updating;

        ChoiceEditor(ConfigField f) {
            combo.setId("config-" + f.key());
            combo.getItems().setAll(f.choices());
            combo.setMaxWidth(Double.MAX_VALUE);
            combo.valueProperty().addListener((obs, o, n) -> {
                if (updating || n == null || n.equals(f.value())) return;
                if (f.set(n).isPresent()) setValue(f.value());
            });
            f.valueProperty().addListener((obs, o, n) -> setValue(n));
            setValue(f.value());
        }

        @Override public Node getEditor() { return combo; }
        @Override public String getValue() { return combo.getValue(); }

        @Override
        public void setValue(String value) {
            updating = true;
            combo.setValue(value);
            updating = false;
        }
    }
}
