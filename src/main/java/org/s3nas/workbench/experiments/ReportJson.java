package org.s3nas.workbench.experiments;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The reproduction report as a text table, Markdown and JSON (format 1). */
public final class ReportJson {
    private ReportJson() {}

    /** Records as their components (fields), NaN written as a string: the run folders' own convention. */
    static ObjectMapper mapper() { return org.s3nas.workbench.engine.BackgroundRun.mapper(); }

    public static String json(ReproductionReport.Report r) {
        ObjectMapper m = mapper();
        ObjectNode root = m.createObjectNode();
        root.put("format", 1);
        root.put("project", r.project());
        root.put("supernet", r.supernet());
        root.put("targetMs", r.targetMs());
        root.set("budget", m.valueToTree(r.budget()));
        ArrayNode notes = root.putArray("notes");
        r.notes().forEach(notes::add);
        ArrayNode cs = root.putArray("comparisons");
        for (ReproductionReport.Comparison c : r.comparisons()) cs.add(m.valueToTree(c));
        root.put("seconds", r.seconds());
        try {
            return m.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report JSON: " + e.getMessage(), e);
        }
    }

    /** The files {@link #write} puts in a report folder. */
    public static final String JSON_FILE = "report.json", TEXT_FILE = "report.txt", MARKDOWN_FILE = "report.md";

    /**
     * Writes {@code report.txt}, {@code report.md} and {@code report.json} into {@code dir} (created if needed), each
     * through a temporary file and a rename so that a reader never sees half a report.
     */
    public static void write(Path dir, ReproductionReport.Report r) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        org.s3nas.workbench.engine.BackgroundRun.writeAtomically(dir.resolve(TEXT_FILE), table(r));
        org.s3nas.workbench.engine.BackgroundRun.writeAtomically(dir.resolve(MARKDOWN_FILE), markdown(r));
        org.s3nas.workbench.engine.BackgroundRun.writeAtomically(dir.resolve(JSON_FILE), json(r));
    }

    /**
     * Reads a report that {@link #json} wrote (the {@code report} command's {@code report.json}). A wrong format,
     * an unknown field or a value of the wrong type is an {@link IOException} that names the file and the field.
     */
    public static ReproductionReport.Report read(Path file) throws IOException {
        // strict reading on a copy: the shared mapper is not reconfigured
        ObjectMapper m = mapper().copy();
        m.enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        m.enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        JsonNode root;
        try {
            root = m.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) throw new IOException(file + ": not a report (expected a JSON object)");
        JsonNode format = root.get("format");
        if (format == null || !format.canConvertToInt() || format.asInt() != 1) {
            throw new IOException(file + ": format: expected 1, was " + (format == null ? "missing" : format.toString())
                    + " (is this a report.json of the report command?)");
        }
        for (String f : new String[]{"project", "supernet", "targetMs", "budget", "notes", "comparisons"}) {
            if (!root.has(f)) throw new IOException(file + ": " + f + ": missing");
        }
        java.util.Set<String> known = java.util.Set.of("format", "project", "supernet", "targetMs", "budget", "notes", "comparisons", "seconds");
        for (java.util.Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) throw new IOException(file + ": " + f + ": unknown field");
        }
        Budget b = part(file, "budget", () -> m.treeToValue(root.get("budget"), Budget.class));
        List<String> notes = part(file, "notes", () -> m.readerForListOf(String.class).readValue(root.get("notes")));
        List<ReproductionReport.Comparison> cs = new java.util.ArrayList<>();
        if (!root.get("comparisons").isArray()) throw new IOException(file + ": comparisons: expected a list");
        for (int i = 0; i < root.get("comparisons").size(); i++) {
            JsonNode c = root.get("comparisons").get(i);
            cs.add(part(file, "comparisons[" + i + "]", () -> m.treeToValue(c, ReproductionReport.Comparison.class)));
        }
        return new ReproductionReport.Report(root.get("project").asText(), root.get("supernet").asText(), root.get("targetMs").asDouble(),
                b, cs, notes, root.has("seconds") ? root.get("seconds").asDouble() : Double.NaN);
    }

    private interface Part<T> {
        T read() throws IOException;
    }

    /** One part of the file, with its path in the message when it is wrong. */
    private static <T> T part(Path file, String where, Part<T> p) throws IOException {
        try {
            return p.read();
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": " + where + path(e) + ": " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + where + ": " + message(e), e);
        }
    }

    private static String path(JsonProcessingException e) {
        if (!(e instanceof com.fasterxml.jackson.databind.JsonMappingException jm)) return "";
        StringBuilder b = new StringBuilder();
        for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : jm.getPath()) {
            if (r.getFieldName() != null) b.append('.').append(r.getFieldName());
            else if (r.getIndex() >= 0) b.append('[').append(r.getIndex()).append(']');
        }
        return b.toString();
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? e.getMessage() : t.getMessage();
    }

    /** Fixed-width text: per comparison, the rows (ours beside the paper's), the verdict, the paper's verdict. */
    public static String table(ReproductionReport.Report r) {
        StringWriter sw = new StringWriter();
        PrintWriter w = new PrintWriter(sw);
        w.printf(Locale.ROOT, "Reproduction report: project '%s', supernet '%s', search target %.4g ms%n", r.project(), r.supernet(), r.targetMs());
        for (String n : r.notes()) w.println("  " + n);
        for (ReproductionReport.Comparison c : r.comparisons()) {
            w.println();
            w.println(c.title());
            if (c.error() != null) {
                w.println("  FAILED: " + c.error());
                w.println("  " + c.paperVerdict());
                continue;
            }
            w.printf(Locale.ROOT, "  %-52s %9s %11s %7s %6s %6s | %11s %11s%n", "variant", "top-1 %", "latency ms", "train", "epochs",
                    "test", "paper top-1", "paper ms");
            for (ReproductionReport.Row row : c.rows()) {
                w.printf(Locale.ROOT, "  %-52s %9s %11s %7d %6d %6d | %11s %11s%n", cut(row.variant(), 52), pct(row.accuracy()), ms(row.latencyMs()),
                        row.trainImages(), row.trainEpochs(), row.testImages(), pct(row.paperAccuracy()), ms(row.paperLatencyMs()));
            }
            for (ReproductionReport.Row row : c.rows()) w.println("    " + row.variant() + ": " + row.how());
            w.println("  ours:  " + c.verdict());
            w.println("  " + c.paperVerdict());
            for (String n : c.notes()) w.println("  note: " + n);
        }
        w.printf(Locale.ROOT, "%n%.0f s in all%n", r.seconds());
        w.flush();
        return sw.toString();
    }

    public static String markdown(ReproductionReport.Report r) {
        StringWriter sw = new StringWriter();
        PrintWriter w = new PrintWriter(sw);
        w.printf(Locale.ROOT, "# Reproduction report: %s%n%n", r.project());
        w.printf(Locale.ROOT, "Supernet `%s`, search target %.4g ms.%n%n", r.supernet(), r.targetMs());
        for (String n : r.notes()) w.println("- " + n);
        for (ReproductionReport.Comparison c : r.comparisons()) {
            w.printf("%n## %s%n%n", c.title());
            if (c.error() != null) {
                w.println("**Failed:** " + c.error() + "  ");
                w.println("**Paper:** " + c.paperVerdict().replaceFirst("^paper: ", ""));
                continue;
            }
            w.println("| variant | top-1 % | latency ms | training images x epochs | test images | paper top-1 % | paper ms |");
            w.println("|---|---:|---:|---:|---:|---:|---:|");
            for (ReproductionReport.Row row : c.rows()) {
                w.printf(Locale.ROOT, "| %s | %s | %s | %d x %d | %d | %s | %s |%n", row.variant().replace("|", "/"), pct(row.accuracy()),
                        ms(row.latencyMs()), row.trainImages(), row.trainEpochs(), row.testImages(), pct(row.paperAccuracy()), ms(row.paperLatencyMs()));
            }
            w.println();
            for (ReproductionReport.Row row : c.rows()) w.println("- *" + row.variant() + "*: " + row.how());
            w.println();
            w.println("**Ours:** " + c.verdict() + "  ");
            w.println("**Paper:** " + c.paperVerdict().replaceFirst("^paper: ", ""));
            for (String n : c.notes()) w.println("\nNote: " + n);
        }
        w.printf(Locale.ROOT, "%n%.0f s in all.%n", r.seconds());
        w.flush();
        return sw.toString();
    }

    private static String pct(double f) { return Double.isNaN(f) ? "-" : String.format(Locale.ROOT, "%.2f", 100 * f); }

    private static String ms(double v) { return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v); }

    private static String cut(String s, int n) { return s.length() <= n ? s : s.substring(0, n - 1) + "…"; }
}
