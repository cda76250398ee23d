package org.s3nas.workbench.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded hostile variants of a valid JSON document: truncations, byte flips, type swaps, deleted and duplicated keys,
 * extreme numbers, deep nesting, huge arrays, control and non-ASCII characters. Case {@code i} of a seed is always
 * the same text, so a failure names a reproducible case.
 */
public final class JsonFuzzer {
    /** The kinds of damage, cycled through so that every kind appears in every 12 cases. */
    public enum Kind { TRUNCATE, FLIP_BYTE, SWAP_TYPE, DELETE_KEY, DUPLICATE_KEY, EXTREME_NUMBER, EXTREME_NUMBER_2, DEEP_NESTING,
        HUGE_ARRAY, CONTROL_CHARS, NON_ASCII, TWO_AT_ONCE }

    static final List<String> EXTREME = List.of("0", "-1", "2147483647", "-2147483648", "2147483648", "9223372036854775807",
            "1e308", "-1e308", "1e-300", "1e18", "46341", "65536", "1000000", "10000000", "3.5", "-0.0", "1e999");
    static final List<String> STRINGS = List.of("a\u0000b", "line\nbreak", "\u0663", "tab\there", "\u202Eevil", "\uD83D\uDE00",
            "\u0007bell", "x".repeat(5000), "\r\n", "");

    private final String base;
    private final JsonNode tree;
    private final long seed;

    public JsonFuzzer(String validJson, long seed) {
        this.base = validJson;
        this.seed = seed;
        try {
            this.tree = Json.mapper().readTree(validJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Case {@code i}: its kind and text. */
    public record Case(int index, Kind kind, String text) {
        @Override
        public String toString() { return "case " + index + " (" + kind + ")"; }
    }

    public Case get(int i) {
        Random r = new Random(seed * 1_000_003L + i);
        Kind k = Kind.values()[i % Kind.values().length];
        return new Case(i, k, apply(k, r));
    }

    private String apply(Kind k, Random r) {
        return switch (k) {
            case TRUNCATE -> base.substring(0, r.nextInt(base.length()));
            case FLIP_BYTE -> {
                char[] c = base.toCharArray();
                int n = 1 + r.nextInt(3);
                for (int j = 0; j < n; j++) c[r.nextInt(c.length)] = (char) (32 + r.nextInt(95));
                yield new String(c);
            }
            case DUPLICATE_KEY -> {
                List<int[]> lines = new ArrayList<>();
                int start = 0;
                for (int j = 0; j < base.length(); j++) {
                    if (base.charAt(j) == '\n') {
                        String line = base.substring(start, j).strip();
                        if (line.startsWith("\"") && line.contains(":") && line.endsWith(",")) lines.add(new int[]{start, j + 1});
                        start = j + 1;
                    }
                }
                if (lines.isEmpty()) yield base + base;
                int[] l = lines.get(r.nextInt(lines.size()));
                yield base.substring(0, l[1]) + base.substring(l[0], l[1]) + base.substring(l[1]);
            }
            case DEEP_NESTING -> {
                int depth = 500 + r.nextInt(3000);
                yield replaceValue(r, v -> text("[".repeat(depth) + "1" + "]".repeat(depth)));
            }
            case TWO_AT_ONCE -> {
                JsonNode t = tree.deepCopy();
                mutateTree(t, r, Kind.SWAP_TYPE);
                mutateTree(t, r, Kind.EXTREME_NUMBER);
                yield write(t);
            }
            default -> {
                JsonNode t = tree.deepCopy();
                mutateTree(t, r, k);
                yield write(t);
            }
        };
    }

    private String replaceValue(Random r, java.util.function.Function<JsonNode, String> raw) {
        // textual splice: write the tree with a marker string, then put raw text in its place
        JsonNode t = tree.deepCopy();
        List<Slot> slots = slots(t);
        Slot s = slots.get(r.nextInt(slots.size()));
        String marker = "\"@@FUZZ@@\"";
        s.set(JsonNodeFactory.instance.textNode("@@FUZZ@@"));
        return write(t).replace(marker, raw.apply(s.value));
    }

    private static String text(String s) { return s; }

    private void mutateTree(JsonNode t, Random r, Kind k) {
        List<Slot> slots = slots(t);
        if (slots.isEmpty()) return;
        switch (k) {
            case SWAP_TYPE -> {
                Slot s = slots.get(r.nextInt(slots.size()));
                JsonNodeFactory f = JsonNodeFactory.instance;
                JsonNode[] others = {f.textNode("three"), f.numberNode(3), f.numberNode(2.5), f.booleanNode(true), f.nullNode(),
                        f.objectNode(), f.arrayNode(), f.arrayNode().add(1).add("x")};
                s.set(others[r.nextInt(others.length)]);
            }
            case DELETE_KEY -> {
                List<Slot> fields = slots.stream().filter(s -> s.field != null).toList();
                if (!fields.isEmpty()) fields.get(r.nextInt(fields.size())).delete();
            }
            case EXTREME_NUMBER, EXTREME_NUMBER_2 -> {
                List<Slot> numbers = slots.stream().filter(s -> s.value.isNumber()).toList();
                Slot s = (numbers.isEmpty() ? slots : numbers).get(r.nextInt((numbers.isEmpty() ? slots : numbers).size()));
                String v = EXTREME.get(r.nextInt(EXTREME.size()));
                try {
                    s.set(Json.mapper().readTree(v.equals("1e999") ? "1e308" : v));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            case HUGE_ARRAY -> {
                List<Slot> arrays = slots.stream().filter(s -> s.value.isArray() && !s.value.isEmpty()).toList();
                Slot s = (arrays.isEmpty() ? slots : arrays).get(r.nextInt((arrays.isEmpty() ? slots : arrays).size()));
                ArrayNode big = JsonNodeFactory.instance.arrayNode();
                JsonNode element = s.value.isArray() && !s.value.isEmpty() ? s.value.get(0) : s.value;
                // many entries, but a document of a few megabytes at most (a big element is repeated fewer times)
                int n = (int) Math.min(10_000 + r.nextInt(90_000), 1_000_000L / Math.max(1, element.toString().length()));
                for (int j = 0; j < n; j++) big.add(element);
                s.set(big);
            }
            case CONTROL_CHARS, NON_ASCII -> {
                List<Slot> strings = slots.stream().filter(s -> s.value.isTextual()).toList();
                Slot s = (strings.isEmpty() ? slots : strings).get(r.nextInt((strings.isEmpty() ? slots : strings).size()));
                String extra = k == Kind.CONTROL_CHARS ? STRINGS.get(r.nextInt(3) == 0 ? 0 : r.nextInt(STRINGS.size()))
                        : List.of("\u0663", "\u00e9", "\u6f22", "\uD83D\uDE00", "\u202E").get(r.nextInt(5));
                s.set(JsonNodeFactory.instance.textNode(s.value.isTextual() ? s.value.asText() + extra : extra));
            }
            default -> throw new IllegalArgumentException(k.toString());
        }
    }

    /** A value in the tree and how to replace or delete it. */
    private static final class Slot {
        final JsonNode parent;
        final String field;
        final int index;
        final JsonNode value;

        Slot(JsonNode parent, String field, int index, JsonNode value) {
            this.parent = parent;
            this.field = field;
            this.index = index;
            this.value = value;
        }

        void set(JsonNode v) {
            if (parent instanceof ObjectNode o) o.set(field, v);
            else ((ArrayNode) parent).set(index, v);
        }

        void delete() {
            if (parent instanceof ObjectNode o) o.remove(field);
            else ((ArrayNode) parent).remove(index);
        }
    }

    private static List<Slot> slots(JsonNode root) {
        List<Slot> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(JsonNode n, List<Slot> out) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.add(new Slot(n, e.getKey(), -1, e.getValue()));
                collect(e.getValue(), out);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                out.add(new Slot(n, null, i, n.get(i)));
                collect(n.get(i), out);
            }
        }
    }

    private static String write(JsonNode t) {
        try {
            return Json.prettyWriter().writeValueAsString(t);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A message fit for a person: one line, no exception class, no Jackson internals. */
    public static String cleanOrWhy(String message) {
        if (message == null || message.isBlank()) return "empty message";
        for (String bad : List.of("Exception", "java.", "com.fasterxml", "jackson", "\tat ", "Error:")) {
            if (message.contains(bad)) return "message contains \"" + bad + "\": " + message.substring(0, Math.min(400, message.length()));
        }
        return null;
    }
}
