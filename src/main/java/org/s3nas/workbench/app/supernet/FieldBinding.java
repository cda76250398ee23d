package org.s3nas.workbench.app.supernet;

import javafx.beans.value.ChangeListener;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/**
 * Connects a {@link TextField} to an {@link EditField}: text both ways, commit on Enter and when focus leaves,
 * revert on Escape, and the field's problem as a red border ({@code invalid} style class) and a tooltip. A text
 * field inside a recycled table cell is re-bound with {@link #bind(EditField)}.
 */
final class FieldBinding {
    static final String INVALID = "invalid";

    private final TextField text;
    private final Tooltip tip = new Tooltip();
    private final Tooltip labelTip = new Tooltip();
    private final ChangeListener<String> problemListener = (o, a, b) -> showProblem();
    private EditField field;

    FieldBinding(TextField text) {
        this.text = text;
        text.getStyleClass().add("edit-field");
        tip.setWrapText(true);
        tip.setMaxWidth(460);
        text.setOnAction(e -> { if (field != null) field.commit(); });
        text.focusedProperty().addListener((o, was, now) -> { if (!now && field != null) field.commit(); });
        text.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && field != null && field.isPending()) {
                field.revert();
                e.consume();
            }
        });
    }

    /** A new text field bound to {@code f}. */
    static TextField of(EditField f, double width) {
        TextField t = new TextField();
        t.setPrefColumnCount(4);
        t.setPrefWidth(width);
        t.setMinWidth(width);
        new FieldBinding(t).bind(f);
        return t;
    }

    EditField field() { return field; }

    /** The node id of a field's text field: {@code field-stage-2-width} for {@code stage.2.width} (CSS ids have no dots). */
    static String nodeId(EditField f) { return "field-" + f.id().replace('.', '-'); }

    void bind(EditField f) {
        if (f == field) return;
        unbind();
        field = f;
        if (f == null) return;
        text.textProperty().bindBidirectional(f.textProperty());
        f.problemProperty().addListener(problemListener);
        text.setId(nodeId(f));
        text.setUserData(f);
        showProblem();
    }

    void unbind() {
        if (field == null) return;
        text.textProperty().unbindBidirectional(field.textProperty());
        field.problemProperty().removeListener(problemListener);
        field = null;
        text.setUserData(null);
        text.setId(null);
    }

    private void showProblem() {
        String p = field == null ? null : field.getProblem();
        text.getStyleClass().remove(INVALID);
        if (p == null) {
            if (field != null) labelTip.setText(field.label());
            text.setTooltip(field == null ? null : labelTip);
        } else {
            text.getStyleClass().add(INVALID);
            tip.setText(field.label() + ": " + p);
            text.setTooltip(tip);
        }
    }
}
