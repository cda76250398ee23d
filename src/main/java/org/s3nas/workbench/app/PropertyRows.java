package org.s3nas.workbench.app;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a configuration record (SearchConfig, NpuConfig, ...) into {@link PropertyRow}s by reflection, so that a
 * field added to the record shows up without touching the view. A {@link Meta} table gives each field its category,
 * display name and description; nested records are flattened with a dotted key ({@code dataset.path}).
 */
public final class PropertyRows {
    /** How one field is shown; {@code format} (may be null) overrides the default formatting of its value. */
    public record Meta(String category, String name, String description, java.util.function.Function<Object, String> format) {
        public Meta(String category, String name, String description) { this(category, name, description, null); }
    }

    private PropertyRows() {}

    public static List<PropertyRow> of(Record record, Map<String, Meta> meta, String fallbackCategory) {
        List<PropertyRow> rows = new ArrayList<>();
        add(rows, record, "", meta, fallbackCategory);
        return rows;
    }

    private static void add(List<PropertyRow> rows, Record record, String prefix, Map<String, Meta> meta, String fallback) {
        if (record == null) return;
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            String key = prefix + c.getName();
            Object value;
            try {
                value = c.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + key + " of " + record.getClass().getSimpleName(), e);
            }
            if (value instanceof Record nested) {
                add(rows, nested, key + ".", meta, fallback);
                continue;
            }
            Meta m = meta.get(key);
            String category = m == null ? fallback : m.category();
            String name = m == null ? words(c.getName()) : m.name();
            String description = m == null ? key : m.description() + " (" + key + ")";
            String text = m != null && m.format() != null && value != null ? m.format().apply(value) : format(value);
            rows.add(new PropertyRow(category, name, description, text));
        }
    }

    static String format(Object v) {
        if (v == null) return "—";
        if (v instanceof Double d) return Formats.number(d);
        if (v instanceof Float f) return Formats.number(f);
        if (v instanceof Boolean b) return Formats.yesNo(b);
        if (v instanceof org.s3nas.workbench.model.Activation a) return Formats.activation(a);
        if (v instanceof Enum<?> e) return Formats.words(e);
        if (v instanceof Integer || v instanceof Long) return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
        return v.toString();
    }

    /** camelCase -> "Camel case". */
    static String words(String camel) {
        String s = camel.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
