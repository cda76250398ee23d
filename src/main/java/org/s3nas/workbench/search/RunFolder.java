package org.s3nas.workbench.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.s3nas.workbench.model.RunRecord;
import org.s3nas.workbench.model.RunStatus;
import org.s3nas.workbench.model.SearchConfig;
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

    /**
     * The figures of {@code result.json}; {@code targetLowerMs} is the band's lower edge (0 in a result written before
     * the band existed), {@code repair} what the final repair changed (null: nothing).
     */
    public record Result(double validationAccuracy, double estimatedLatencyMs, double simulatedLatencyMs, double targetLatencyMs,
                         double targetLowerMs, long steps, RepairRecord repair) {}

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
                    number(s.get("elapsedSeconds")), choices(s.get("choices"), f, i)));
        }
        return new History(n, rows);
    }

    /** Phase 2's control of a step (absent before the target controller existed: none). */
    private static ControlState control(JsonNode c) {
        if (c == null || !c.isObject()) return ControlState.NONE;
        return new ControlState(number(c.get("simulatedLatencyMs")), number(c.get("gain")), c.path("crossings").asInt(0),
                c.path("heldBack").asInt(0));
    }

    /** A step's block choices ({@link HistoryRow#blockCode} per block), or null when the row has none. */
    private static int[] choices(JsonNode c, Path f, int row) throws IOException {
        if (c == null || c.isNull()) return null;
        if (!c.isArray()) throw new IOException(f + ": steps[" + row + "].choices: expected one whole number per block");
        int[] codes = new int[c.size()];
        for (int b = 0; b < codes.length; b++) {
            if (!c.get(b).canConvertToInt()) throw new IOException(f + ": steps[" + row + "].choices[" + b + "]: not a whole number");
            codes[b] = c.get(b).asInt();
        }
        return codes;
    }

    /** The run's result, or null when it has none (it did not succeed). */
    public static Result readResult(Path runDir) throws IOException {
        Path f = runDir.resolve(SearchRun.RESULT_FILE);
        if (!Files.exists(f)) return null;
        JsonNode root = readJson(f);
        JsonNode repair = root.get("repair");
        RepairRecord rec;
        try {
            rec = repair == null || !repair.isObject() ? null : MAPPER.treeToValue(repair, RepairRecord.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(f + ": repair: " + e.getOriginalMessage(), e);
        }
        double lower = number(root.get("targetLowerMs"));
        return new Result(number(root.get("validationAccuracy")), number(root.get("estimatedLatencyMs")),
                number(root.get("simulatedLatencyMs")), number(root.get("targetLatencyMs")), Double.isNaN(lower) ? 0 : lower,
                root.path("steps").asLong(0), rec);
    }

    /**
     * The record a project would keep of a finished search folder it did not start (the command line's {@code search},
     * the exported PyTorch search): its status from {@code result.json} (in the band or not), the configuration of
     * {@code search-config.json} (null when that cannot be read), no saved architecture, started and ended at the two
     * files' times. Null when the folder holds no finished search ({@code search-config.json} and {@code result.json}).
     * {@code recordedDirectory} is the folder as the project would record it.
     */
    public static RunRecord finishedRecord(Path runDir, String recordedDirectory) throws IOException {
        Path configFile = runDir.resolve(SearchRun.CONFIG_FILE), resultFile = runDir.resolve(SearchRun.RESULT_FILE);
        if (!Files.isRegularFile(configFile) || !Files.isRegularFile(resultFile)) return null;
        JsonNode result = readJson(resultFile);
        RunStatus status = "TARGET_MISSED".equals(result.path("status").asText()) || !result.path("targetMet").asBoolean(true)
                ? RunStatus.TARGET_MISSED : RunStatus.SUCCEEDED;
        SearchConfig config;
        try {
            config = MAPPER.readValue(configFile.toFile(), SearchConfig.class);
        } catch (IOException e) {
            config = null; // the row says "—" for the target; the folder's history and result still show
        }
        return new RunRecord(runDir.getFileName().toString(), status, recordedDirectory, config, null,
                modified(configFile), modified(resultFile));
    }

    private static String modified(Path f) throws IOException {
        return Files.getLastModifiedTime(f).toInstant().truncatedTo(ChronoUnit.SECONDS).toString();
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
