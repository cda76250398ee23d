package org.s3nas.workbench.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.s3nas.workbench.search.ControlState;
import org.s3nas.workbench.search.HistoryRow;
import org.s3nas.workbench.search.SearchRun;

/**
 * Reads what a finished (or interrupted) run left in its folder: the metric history ({@code history.json}, written
 * by {@link SearchRun} with NaN as the string "NaN"; a missing elapsedSeconds, written before it was recorded,
 * reads as NaN) and the summary of {@code result.json}, beside their writer: the
 * app, the command line ({@code search --follow}) and {@link org.s3nas.workbench.engine.RunFolderFollower}'s users read run folders with it.
 */
public final class RunFolder {
    private static final ObjectMapper MAPPER = org.s3nas.workbench.engine.BackgroundRun.mapper();

    /** A run's metric history: threshold names and one row per optimiser step. */
    public record History(String[] thresholdNames, List<HistoryRow> rows) {}

    /** The figures of {@code result.json}. */
    public record Result(double validationAccuracy, double estimatedLatencyMs, double simulatedLatencyMs, double targetLatencyMs, long steps) {}

    private RunFolder() {}

    public static History readHistory(Path runDir) throws IOException {
        Path f = runDir.resolve(SearchRun.HISTORY_JSON);
        if (!Files.exists(f)) throw new IOException(f + ": not found (the run wrote no history yet)");
        JsonNode root = readJson(f);
        JsonNode names = root.get("thresholdNames"), steps = root.get("steps");
        if (names == null || !names.isArray()) throw new IOException(f + ": thresholdNames: missing or not an array");
        if (steps == null || !steps.isArray()) throw new IOException(f + ": steps: missing or not an array");
        String[] n = new String[names.size()];
        for (int i = 0; i < n.length; i++) n[i] = names.get(i).asText();
        List<HistoryRow> rows = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            JsonNode s = steps.get(i);
            String where = f.getFileName() + ": steps[" + i + "]";
            JsonNode th = s.get("thresholds");
            if (th == null || !th.isArray() || th.size() != n.length) {
                throw new IOException(f + ": steps[" + i + "].thresholds: expected " + n.length + " values");
            }
            double[] t = new double[n.length];
            for (int k = 0; k < t.length; k++) t[k] = number(th.get(k));
            rows.add(new HistoryRow(integer(s, "step", where), (int) integer(s, "epoch", where), (int) integer(s, "phase", where),
                    number(s.get("loss")), number(s.get("crossEntropy")), number(s.get("latencyTerm")), number(s.get("latencyMs")),
                    number(s.get("trainAccuracy")), number(s.get("validationAccuracy")), number(s.get("learningRate")), t, control(s.get("control")),
                    number(s.get("elapsedSeconds"))));
        }
        return new History(n, rows);
    }

    /** Phase 2's control of a step (absent before the target controller existed: none). */
    private static ControlState control(JsonNode c) {
        if (c == null || !c.isObject()) return ControlState.NONE;
        return new ControlState(number(c.get("simulatedLatencyMs")), number(c.get("gain")), c.path("crossings").asInt(0),
                c.path("heldBack").asInt(0));
    }

    /** The run's result, or null when it has none (it did not succeed). */
    public static Result readResult(Path runDir) throws IOException {
        Path f = runDir.resolve(SearchRun.RESULT_FILE);
        if (!Files.exists(f)) return null;
        JsonNode root = readJson(f);
        return new Result(number(root.get("validationAccuracy")), number(root.get("estimatedLatencyMs")),
                number(root.get("simulatedLatencyMs")), number(root.get("targetLatencyMs")), root.path("steps").asLong(0));
    }

    /** A run folder's JSON file as an object; a malformed file is an IOException naming the file and the problem. */
    public static JsonNode readJson(Path f) throws IOException {
        try {
            JsonNode root = MAPPER.readTree(f.toFile());
            if (root == null || !root.isObject()) throw new IOException(f + ": not a JSON object");
            return root;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(f + ": " + e.getOriginalMessage(), e);
        }
    }

    private static long integer(JsonNode s, String field, String where) throws IOException {
        JsonNode v = s.get(field);
        if (v == null || !v.canConvertToLong()) throw new IOException(where + "." + field + ": missing or not an integer");
        return v.asLong();
    }

    /** A JSON number, or NaN for null, a missing field, or the string "NaN" the writer uses. */
    public static double number(JsonNode v) {
        if (v == null || v.isNull()) return Double.NaN;
        if (v.isNumber()) return v.asDouble();
        try {
            return Double.parseDouble(v.asText());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
