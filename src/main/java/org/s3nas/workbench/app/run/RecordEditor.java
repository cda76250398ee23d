package org.s3nas.workbench.app.run;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.s3nas.workbench.app.Formats;
import org.s3nas.workbench.app.PropertyRows.Meta;

/**
 * A configuration record as editable {@link ConfigField}s for a {@link ConfigSheet}: one per leaf component (nested
 * records flattened, {@code dataset.path}), found by reflection so that a component added to the record shows up by
 * itself. An edit is parsed, checked by the owner's {@link Rules} and committed by them (the search configuration as
 * an undoable project edit, a training configuration into its view-model); a bad value is refused with a message that
 * names the field, and changes nothing.
 */
public final class RecordEditor<R extends Record> {
    /** What the owner decides: whether a change is acceptable, and how it is applied. */
    public interface Rules<R extends Record> {
        /** The problem {@code after} has that {@code before} had not (the message starts with the field's name), or empty. */
        Optional<String> check(R before, R after, RecordEditor<R> editor);

        /** Applies an accepted change; {@code description} reads "Set Batch size to 64". */
        void commit(String description, R after);
    }

    private final Class<R> type;
    private final Supplier<R> current;
    private final Rules<R> rules;
    private final Map<String, String> units;
    private final Map<String, ConfigField> fields = new LinkedHashMap<>();
    private final Map<String, Class<?>> types = new LinkedHashMap<>();

    /**
     * @param skip    key prefixes not offered for editing (e.g. {@code dataset} when it comes from elsewhere)
     * @param current the value being edited now (null when there is none)
     */
    public RecordEditor(Class<R> type, Map<String, Meta> meta, List<String> categoryOrder, Map<String, String> units, Set<String> skip,
                        Supplier<R> current, Rules<R> rules) {
        this.type = type;
        this.current = current;
        this.rules = rules;
        this.units = Map.copyOf(units);
        collect(type, "", meta, skip);
        // the sheet lists categories in this order, fields within a category in record order
        List<ConfigField> sorted = new ArrayList<>(fields.values());
        sorted.sort((a, b) -> Integer.compare(rank(categoryOrder, a.category()), rank(categoryOrder, b.category())));
        fields.clear();
        for (ConfigField f : sorted) fields.put(f.key(), f);
        refresh(current.get());
    }

    private static int rank(List<String> order, String category) {
        int i = order.indexOf(category);
        return i < 0 ? order.size() : i;
    }

    private void collect(Class<?> t, String prefix, Map<String, Meta> meta, Set<String> skip) {
        for (RecordComponent c : t.getRecordComponents()) {
            String key = prefix + c.getName();
            if (skip.stream().anyMatch(s -> key.equals(s) || key.startsWith(s + "."))) continue;
            if (c.getType().isRecord()) {
                collect(c.getType(), key + ".", meta, skip);
                continue;
            }
            Meta m = meta.get(key);
            ConfigField.Kind kind = kindOf(c.getType());
            List<String> choices = c.getType().isEnum()
                    ? Arrays.stream(c.getType().getEnumConstants()).map(e -> ((Enum<?>) e).name()).toList() : List.of();
            String name = m == null ? key : m.name();
            String description = m == null ? key : m.description() + " (" + key + ")";
            fields.put(key, new ConfigField(key, m == null ? "Other" : m.category(), name, description, units.get(key), kind,
                    choices, text -> apply(key, text)));
            types.put(key, c.getType());
        }
    }

    private static ConfigField.Kind kindOf(Class<?> t) {
        if (t == int.class || t == long.class || t == Integer.class || t == Long.class) return ConfigField.Kind.INTEGER;
        if (t == double.class || t == float.class || t == Double.class || t == Float.class) return ConfigField.Kind.DECIMAL;
        if (t == boolean.class || t == Boolean.class) return ConfigField.Kind.BOOLEAN;
        if (t.isEnum()) return ConfigField.Kind.CHOICE;
        return ConfigField.Kind.TEXT;
    }

    public List<ConfigField> fields() { return List.copyOf(fields.values()); }

    public ConfigField field(String key) {
        ConfigField f = fields.get(key);
        if (f == null) throw new IllegalArgumentException("no " + type.getSimpleName() + " field '" + key + "'");
        return f;
    }

    /** The display name of a key ("batchSize" -> "Batch size"), or the key when it is not an edited field. */
    public String nameOf(String key) {
        ConfigField f = fields.get(key);
        return f == null ? key : f.name();
    }

    /** Shows the values of {@code value} (after an edit, undo, redo or another project). */
    public void refresh(R value) {
        for (ConfigField f : fields.values()) f.show(value == null ? "" : text(get(value, f.key())));
    }

    static String text(Object v) {
        if (v == null) return "";
        if (v instanceof Double d) return Formats.number(d);
        if (v instanceof Float fl) return Formats.number(fl);
        if (v instanceof Enum<?> e) return e.name();
        return v.toString();
    }

    private Optional<String> apply(String key, String text) {
        ConfigField f = field(key);
        R before = current.get();
        if (before == null) return Optional.of(f.name() + ": there is no " + type.getSimpleName() + " to edit");
        Object value;
        try {
            value = parse(types.get(key), text);
        } catch (IllegalArgumentException e) {
            return Optional.of(f.name() + ": " + e.getMessage());
        }
        R changed = type.cast(with(before, key, value));
        if (changed.equals(before)) return Optional.empty();
        Optional<String> problem = rules.check(before, changed, this);
        if (problem.isPresent()) return problem;
        // symbols read well after a value ("0.05 ms"); words would repeat the name ("Phase 1 epochs to 1 epochs")
        String unit = f.unit().equals("ms") || f.unit().equals("px") ? " " + f.unit() : "";
        rules.commit("Set " + f.name() + " to " + text(value) + unit, changed);
        return Optional.empty();
    }

    static Object parse(Class<?> type, String text) {
        String t = text.strip();
        if (type == String.class) return t;
        if (t.isEmpty()) throw new IllegalArgumentException("a value is required");
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            String digits = t.replace("_", "").replace(",", "");
            try {
                long v = Long.parseLong(digits);
                if ((type == int.class || type == Integer.class) && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
                    throw new IllegalArgumentException("'" + t + "' is too large");
                }
                return type == int.class || type == Integer.class ? (Object) (int) v : (Object) v;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + t + "' is not a whole number");
            }
        }
        if (type == double.class || type == Double.class) {
            double v;
            try {
                v = Double.parseDouble(t.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + t + "' is not a number");
            }
            if (!Double.isFinite(v)) throw new IllegalArgumentException("'" + t + "' is not a finite number");
            return v;
        }
        if (type == boolean.class || type == Boolean.class) {
            return switch (t.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on" -> true;
                case "false", "no", "off" -> false;
                default -> throw new IllegalArgumentException("'" + t + "' is neither true nor false");
            };
        }
        if (type.isEnum()) {
            for (Object c : type.getEnumConstants()) {
                if (((Enum<?>) c).name().equalsIgnoreCase(t.replace(' ', '_'))) return c;
            }
            throw new IllegalArgumentException("'" + t + "' is not one of " + Arrays.toString(type.getEnumConstants()));
        }
        throw new IllegalArgumentException("cannot edit values of type " + type.getSimpleName());
    }

    /** The value at a dotted record path. */
    public static Object get(Record r, String key) {
        int dot = key.indexOf('.');
        String head = dot < 0 ? key : key.substring(0, dot);
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            if (!c.getName().equals(head)) continue;
            Object v = invoke(c, r);
            if (dot < 0) return v;
            return v == null ? null : get((Record) v, key.substring(dot + 1));
        }
        throw new IllegalArgumentException(r.getClass().getSimpleName() + " has no component '" + head + "'");
    }

    /** A copy of {@code r} with the value at a dotted path replaced (through the canonical constructor). */
    public static Record with(Record r, String key, Object value) {
        int dot = key.indexOf('.');
        String head = dot < 0 ? key : key.substring(0, dot);
        RecordComponent[] cs = r.getClass().getRecordComponents();
        Object[] args = new Object[cs.length];
        Class<?>[] types = new Class<?>[cs.length];
        boolean found = false;
        for (int i = 0; i < cs.length; i++) {
            types[i] = cs[i].getType();
            args[i] = invoke(cs[i], r);
            if (cs[i].getName().equals(head)) {
                found = true;
                args[i] = dot < 0 ? value : with((Record) args[i], key.substring(dot + 1), value);
            }
        }
        if (!found) throw new IllegalArgumentException(r.getClass().getSimpleName() + " has no component '" + head + "'");
        try {
            Constructor<?> k = r.getClass().getDeclaredConstructor(types);
            return (Record) k.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot rebuild " + r.getClass().getSimpleName(), e);
        }
    }

    private static Object invoke(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
    }
}
