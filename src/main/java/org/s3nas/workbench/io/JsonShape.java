package org.s3nas.workbench.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.s3nas.workbench.model.Problem;

/**
 * Checks a JSON tree against the records it will be bound to and reports every mismatch at once (Jackson stops at
 * the first): unknown and missing fields, nulls, wrong types, integers out of range, unknown enum constants. It
 * follows the same rules as {@link Json}'s strict mapper ({@link Json#OPTIONAL}, {@link Json#NULLABLE}); the
 * mapper still binds the tree afterwards, so anything this walker misses is reported as before.
 */
final class JsonShape {
    /** Problems beyond this are counted, not listed. */
    private static final int MAX = 100;

    private final String text;
    /** Shown before every path (e.g. "npu" for an NPU file, whose fields are npu.* in messages). */
    private String root = "";
    private final List<Problem> problems = new ArrayList<>();
    private int dropped;

    private JsonShape(String text) { this.text = text; }

    /**
     * The problems of {@code root} as a {@code type}; {@code extraTopLevel} lists fields the file format adds at the
     * top (e.g. "format"). Empty when the tree fits.
     */
    static List<Problem> check(String text, JsonNode root, Class<?> type, List<String> extraTopLevel) {
        return check(text, root, type, extraTopLevel, new ArrayList<>());
    }

    /** As above for a node found at {@code at} in the text (e.g. ["architecture"] inside a run's file). */
    static List<Problem> check(String text, JsonNode root, Class<?> type, List<String> extraTopLevel, List<Object> at) {
        return check(text, root, type, extraTopLevel, at, "");
    }

    /** As above, every path shown after {@code shownRoot}. */
    static List<Problem> check(String text, JsonNode root, Class<?> type, List<String> extraTopLevel, List<Object> at,
                               String shownRoot) {
        JsonShape s = new JsonShape(text);
        s.root = shownRoot;
        s.value(root, type, at, extraTopLevel, false);
        if (s.dropped > 0) {
            s.problems.add(Problem.error(s.problems.get(s.problems.size() - 1).path(),
                    "and " + s.dropped + " more problems like those above (not listed)"));
        }
        return List.copyOf(s.problems);
    }

    private void error(List<Object> segs, String message) { error(segs, message, false); }

    /** {@code atField}: the location is the field's name (an unknown field), not its value. */
    private void error(List<Object> segs, String message, boolean atField) {
        if (problems.size() >= MAX) {
            dropped++;
            return;
        }
        JsonProblems.Located loc = JsonProblems.locate(text, segs);
        String where = loc == null ? "" : JsonProblems.at(atField && loc.field() != null ? loc.field() : loc.value());
        problems.add(Problem.error(shown(segs), message + where));
    }

    private String shown(List<Object> segs) {
        if (segs.isEmpty()) return root.isEmpty() ? "(top level)" : root;
        String p = JsonProblems.path(segs);
        return root.isEmpty() ? p : root + (p.startsWith("[") ? "" : ".") + p;
    }

    private static String found(JsonNode n) {
        if (n.isTextual()) {
            String t = n.asText();
            return "\"" + (t.length() > 40 ? t.substring(0, 37) + "..." : t) + "\"";
        }
        if (n.isObject()) return "an object";
        if (n.isArray()) return "a list";
        if (n.isNull()) return "null";
        String t = n.asText();
        return t.length() > 40 ? t.substring(0, 37) + "..." : t;
    }

    private void value(JsonNode n, Type type, List<Object> segs, List<String> extra, boolean nullable) {
        if (n.isNull()) {
            if (!nullable) error(segs, "must not be null");
            return;
        }
        Class<?> raw = raw(type);
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            if (!n.isIntegralNumber()) {
                error(segs, "expected an integer, found " + found(n));
            } else if ((raw == int.class || raw == Integer.class) ? !n.canConvertToInt() : !n.canConvertToLong()) {
                error(segs, "number " + found(n) + " is out of range for an integer");
            }
        } else if (raw == double.class || raw == Double.class) {
            boolean special = n.isTextual() && List.of("NaN", "Infinity", "-Infinity").contains(n.asText());
            if (!n.isNumber() && !special) error(segs, "expected a number, found " + found(n));
        } else if (raw == boolean.class || raw == Boolean.class) {
            if (!n.isBoolean()) error(segs, "expected true or false, found " + found(n));
        } else if (raw == String.class) {
            if (!n.isTextual()) error(segs, "expected a string, found " + found(n));
        } else if (raw.isEnum()) {
            List<String> names = Arrays.stream(raw.getEnumConstants()).map(Object::toString).toList();
            if (!n.isTextual() || !names.contains(n.asText())) {
                error(segs, "expected one of " + String.join(", ", names) + ", found " + found(n));
            }
        } else if (List.class.isAssignableFrom(raw)) {
            if (!n.isArray()) {
                error(segs, "expected a list, found " + found(n));
                return;
            }
            Type element = argument(type, 0);
            for (int i = 0; i < n.size() && dropped == 0; i++) {
                segs.add(i);
                value(n.get(i), element, segs, List.of(), false);
                segs.remove(segs.size() - 1);
            }
        } else if (Map.class.isAssignableFrom(raw)) {
            if (!n.isObject()) {
                error(segs, "expected an object, found " + found(n));
                return;
            }
            Type key = argument(type, 0);
            Type val = argument(type, 1);
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext() && dropped == 0; ) {
                Map.Entry<String, JsonNode> e = it.next();
                segs.add(e.getKey());
                if (raw(key) == Integer.class && !isInt(e.getKey())) {
                    error(segs, "expected an integer as key, found \"" + e.getKey() + "\"");
                } else {
                    value(e.getValue(), val, segs, List.of(), false);
                }
                segs.remove(segs.size() - 1);
            }
        } else if (raw.isRecord()) {
            record(n, raw, segs, extra);
        }
    }

    private void record(JsonNode n, Class<?> raw, List<Object> segs, List<String> extra) {
        if (!n.isObject()) {
            error(segs, "expected an object (" + raw.getSimpleName() + "), found " + found(n));
            return;
        }
        RecordComponent[] components = raw.getRecordComponents();
        List<String> names = Arrays.stream(components).map(RecordComponent::getName).toList();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!names.contains(f) && !extra.contains(f)) {
                List<String> known = new ArrayList<>(extra);
                known.addAll(names);
                segs.add(f);
                error(segs, "unknown field \"" + f + "\"; known fields: " + String.join(", ", known), true);
                segs.remove(segs.size() - 1);
            }
        }
        for (RecordComponent c : components) {
            String key = raw.getSimpleName() + "." + c.getName();
            JsonNode v = n.get(c.getName());
            segs.add(c.getName());
            if (v == null) {
                if (!Json.OPTIONAL.contains(key)) {
                    JsonProblems.Located parent = JsonProblems.locate(text, segs.subList(0, segs.size() - 1));
                    if (problems.size() < MAX) {
                        problems.add(Problem.error(shown(segs), "is missing" + (parent == null ? ""
                                : " from the object at" + JsonProblems.at(parent.value()).replace(" (", " ").replace(")", ""))));
                    } else {
                        dropped++;
                    }
                }
            } else {
                value(v, c.getGenericType(), segs, List.of(), Json.NULLABLE.contains(key));
            }
            segs.remove(segs.size() - 1);
        }
    }

    private static boolean isInt(String s) {
        try {
            Integer.parseInt(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Class<?> raw(Type t) {
        if (t instanceof Class<?> c) return c;
        if (t instanceof ParameterizedType p) return (Class<?>) p.getRawType();
        return Object.class;
    }

    private static Type argument(Type t, int i) {
        return t instanceof ParameterizedType p ? p.getActualTypeArguments()[i] : Object.class;
    }
}
