package org.s3nas.workbench.app.run;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One editable field of a configuration record ({@link RecordEditor}), for the property sheet: where it goes, what it
 * means, its current value as text, and {@link #set(String)}, which validates and applies an edit (for the search
 * configuration an undoable {@code WorkbenchModel.edit}) or refuses it with a message naming the field and the problem.
 */
public final class ConfigField {
    /** How the value is typed in. */
    public enum Kind { INTEGER, DECIMAL, BOOLEAN, CHOICE, TEXT }

    private final String key, category, name, description, unit;
    private final Kind kind;
    private final List<String> choices;
    private final Function<String, Optional<String>> apply;
    private final ReadOnlyStringWrapper value = new ReadOnlyStringWrapper(this, "value", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyStringWrapper shownUnit = new ReadOnlyStringWrapper(this, "shownUnit", "");
    /** What 0 means, from the description's "(0 = all)", or null. */
    private final String zeroMeans;

    ConfigField(String key, String category, String name, String description, String unit, Kind kind, List<String> choices,
                Function<String, Optional<String>> apply) {
        this.key = key;
        this.category = category;
        this.name = name;
        this.description = description;
        this.unit = unit == null ? "" : unit;
        this.kind = kind;
        this.choices = List.copyOf(choices);
        this.apply = apply;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\(0 = ([^)]+)\\)").matcher(description);
        this.zeroMeans = m.find() ? m.group(1) : null;
        shownUnit.set(this.unit);
    }

    /** The record path, e.g. {@code targetLatencyMs} or {@code dataset.path}. */
    public String key() { return key; }

    public String category() { return category; }

    public String name() { return name; }

    public String description() { return description; }

    /** Unit shown after the value ("ms", "px", ...), or "". */
    public String unit() { return unit; }

    public Kind kind() { return kind; }

    /** The constants a {@link Kind#CHOICE} field offers. */
    public List<String> choices() { return choices; }

    /** The project's current value as it is typed in ("0.08", "true", "S3NAS"). */
    public ReadOnlyStringProperty valueProperty() { return value.getReadOnlyProperty(); }

    public String value() { return value.get(); }

    /** Why the last edit was refused; empty when it was applied (or after the value changed otherwise, e.g. undo). */
    public ReadOnlyStringProperty problemProperty() { return problem.getReadOnlyProperty(); }

    public String problem() { return problem.get(); }

    /**
     * Applies {@code text} to the configuration. Returns the problem when the text is not a valid value (nothing
     * changes then), empty when it was applied or equal to the current value.
     */
    public Optional<String> set(String text) {
        Optional<String> p = apply.apply(text == null ? "" : text.strip());
        problem.set(p.orElse(""));
        return p;
    }

    /**
     * The unit as shown after the value: with what 0 means when the value is 0 and the description says
     * ("images · all" for an image limit of 0, which read as "no images").
     */
    public ReadOnlyStringProperty shownUnitProperty() { return shownUnit.getReadOnlyProperty(); }

    void show(String text) {
        if (!text.equals(value.get())) problem.set("");
        value.set(text);
        shownUnit.set(zeroMeans != null && text.strip().equals("0") ? (unit.isEmpty() ? "" : unit + " · ") + zeroMeans : unit);
    }
}
