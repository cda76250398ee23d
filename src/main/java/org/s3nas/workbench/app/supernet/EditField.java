package org.s3nas.workbench.app.supernet;

import java.util.function.Predicate;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.s3nas.workbench.model.Supernet;

/**
 * The model of one text field of the supernet editor. A view binds a {@code TextField} to {@link #textProperty()}
 * both ways and calls {@link #commit()} on Enter or when the field loses focus, {@link #revert()} on Escape.
 * <p>
 * While the user types, the text is checked at once: a valid text shows in the picture and the costs (a preview),
 * an invalid one sets {@link #problemProperty()} (the validator's message). {@link #commit()} applies a valid text
 * as ONE undoable step; an invalid text is not applied and stays in the field, so that the user can fix it.
 */
public final class EditField {
    /** How a field reads and changes the supernet. */
    interface Spec {
        /** The field's text for a supernet. */
        String format(Supernet s);

        /** The supernet with {@code text} applied; throws IllegalArgumentException with a message for bad text. */
        Supernet apply(Supernet base, String text);

        /** Whether a validator problem at {@code path} belongs to this field. */
        boolean owns(String path);

        /** The undo label of applying {@code text}, e.g. "Set width of stage 3 to 64". */
        String describe(String text);
    }

    private final String id;
    private final String label;
    private final Spec spec;
    private final SupernetViewModel owner;
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", null);
    private final ReadOnlyBooleanWrapper pending = new ReadOnlyBooleanWrapper(this, "pending", false);
    private String committed = "";
    private boolean refreshing;

    EditField(SupernetViewModel owner, String id, String label, Spec spec) {
        this.owner = owner;
        this.id = id;
        this.label = label;
        this.spec = spec;
        text.addListener((obs, old, now) -> {
            if (!refreshing) owner.typed(this);
        });
    }

    /** A stable name for lookups and tests, e.g. {@code stage.2.width}, {@code input.height}, {@code block.kernels}. */
    public String id() { return id; }

    /** What the field is, for people: "Width of stage 3". */
    public String label() { return label; }

    /** The text in the field; bind a TextField to it both ways. */
    public StringProperty textProperty() { return text; }

    public String getText() { return text.get(); }

    public void setText(String t) { text.set(t); }

    /** Why the text cannot be applied (or why the applied value is a problem); null when the field is fine. */
    public ReadOnlyStringProperty problemProperty() { return problem.getReadOnlyProperty(); }

    public String getProblem() { return problem.get(); }

    /** True while the text differs from the supernet's value (typing, or a rejected text). */
    public ReadOnlyBooleanProperty pendingProperty() { return pending.getReadOnlyProperty(); }

    public boolean isPending() { return pending.get(); }

    /** The value the supernet has now, as text. */
    public String committedText() { return committed; }

    /** Applies the text as one undoable step; returns false (and keeps the text) when it is invalid. */
    public boolean commit() { return owner.commit(this); }

    /** Drops what was typed: the field shows the supernet's value again. */
    public void revert() { owner.revert(this); }

    Spec spec() { return spec; }

    boolean owns(String path) { return spec.owns(path); }

    /** Shows the supernet's value; a rejected text stays when {@code keepPending} (the user has not fixed it yet). */
    void refresh(Supernet s, boolean keepPending) {
        String now = s == null ? "" : spec.format(s);
        committed = now;
        if (keepPending && pending.get()) return;
        refreshing = true;
        try {
            text.set(now);
        } finally {
            refreshing = false;
        }
        pending.set(false);
    }

    void setProblem(String p) { problem.set(p); }

    void setPending(boolean p) { pending.set(p); }

    static Predicate<String> path(String exact) {
        return p -> p.equals(exact) || p.startsWith(exact + "[") || p.startsWith(exact + ".");
    }

    @Override
    public String toString() { return id + "='" + text.get() + "'" + (problem.get() == null ? "" : " (" + problem.get() + ")"); }
}
