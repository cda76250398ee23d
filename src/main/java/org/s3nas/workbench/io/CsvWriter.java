package org.s3nas.workbench.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV table in RFC 4180 form: a header and rows of the same width; a field is quoted when it contains a comma,
 * a double quote, a line break or leading/trailing blanks, and quotes inside are doubled. Numbers are written
 * locale-independently (a dot as decimal separator). Lines end with CRLF as the RFC says.
 */
public final class CsvWriter {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public CsvWriter(List<String> header) {
        if (header == null || header.isEmpty()) throw new IllegalArgumentException("a CSV table needs at least one column");
        this.header = List.copyOf(header);
    }

    public CsvWriter(String... header) { this(List.of(header)); }

    public List<String> header() { return header; }

    public int rowCount() { return rows.size(); }

    /** Adds a row; values are formatted by {@link #format(Object)}. */
    public CsvWriter row(Object... values) {
        if (values.length != header.size()) {
            throw new IllegalArgumentException("row " + rows.size() + " has " + values.length + " fields, the header has "
                    + header.size() + " (" + String.join(", ", header) + ")");
        }
        List<String> r = new ArrayList<>(values.length);
        for (Object v : values) r.add(format(v));
        rows.add(r);
        return this;
    }

    /**
     * Text of one value: empty for null and NaN; doubles in their shortest exact decimal form without exponent
     * ({@code 0.8604}, {@code 3}, {@code 0.000000001}); anything else by {@code toString()}.
     */
    public static String format(Object v) {
        if (v == null) return "";
        if (v instanceof Float f) v = (double) f;
        if (v instanceof Double d) {
            if (d.isNaN()) return "";
            if (d.isInfinite()) return d > 0 ? "Infinity" : "-Infinity";
            return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        return v.toString();
    }

    /** One field, quoted when needed. */
    public static String quote(String field) {
        boolean needs = field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0
                || (!field.isEmpty() && (Character.isWhitespace(field.charAt(0)) || Character.isWhitespace(field.charAt(field.length() - 1))));
        return needs ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }

    /** The whole table. */
    public String toCsv() {
        StringBuilder b = new StringBuilder();
        line(b, header);
        for (List<String> r : rows) line(b, r);
        return b.toString();
    }

    private static void line(StringBuilder b, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) b.append(',');
            b.append(quote(fields.get(i)));
        }
        b.append("\r\n");
    }

    /** Writes the table (UTF-8, temp file then atomic rename). */
    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, toCsv());
    }
}
