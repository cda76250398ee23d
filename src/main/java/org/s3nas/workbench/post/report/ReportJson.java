package org.s3nas.workbench.post.report;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;

/** The reproduction report as a text table, Markdown and JSON (format 1). */
public final class ReportJson {
    private ReportJson() {}

    /** Records as their components (fields), NaN written as a string; the run folders' own convention. */
    static ObjectMapper mapper() {
        ObjectMapper m = new ObjectMapper();
        m.setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE);
        m.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
        m.setVisibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY);
        m.enable(SerializationFeature.INDENT_OUTPUT);
        m.configure(com.fasterxml.jackson.core.json.JsonWriteFeature.WRITE_NAN_AS_STRINGS.mappedFeature(), true);
        return m;
    }

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

    /** Fixed-width text: per comparison, the rows (ours beside the paper's), the verdict, the paper's verdict. */
    public static String table(ReproductionReport.Report r) {
        StringWriter sw = new StringWriter();
        PrintWriter w = new PrintWriter(sw);
        w.printf(Locale.ROOT, "Reproduction report: project '%s', supernet '%s', search target %.4g ms%n", r.project(), r.supernet(), r.targetMs());
        for (String n : r.notes()) w.println("  " + n);
        for (ReproductionReport.Comparison c : r.comparisons()) {
            w.println();
            w.println(c.title());
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
