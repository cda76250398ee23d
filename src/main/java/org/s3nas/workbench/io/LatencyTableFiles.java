package org.s3nas.workbench.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.s3nas.workbench.model.BlockPosition;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Problem;
import org.s3nas.workbench.model.Supernet;
import org.s3nas.workbench.npu.BlockConfiguration;
import org.s3nas.workbench.npu.LatencyTable;

/**
 * The latency table as a JSON sidecar next to its project ({@code <project>.latency.json}, {@code "format": 1}).
 * The file names the fingerprint of (supernet, NPU, profiling method) it was profiled for; reading it for another
 * supernet or NPU fails (or, with {@link #readIfFor}, gives nothing), so a stale table is never used.
 */
public final class LatencyTableFiles {
    public static final int FORMAT = 1;
    private static final String KIND = "s3nas-latency-table";
    /** Cycles of one entry, at most (far above any network within the model's limits; sums of them stay exact). */
    static final long MAX_CYCLES = 1_000_000_000_000_000L;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LatencyTableFiles() {}

    /** {@code dir/name.json} -> {@code dir/name.latency.json}. */
    public static Path sidecarOf(Path project) {
        String name = project.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return project.resolveSibling(base + ".latency.json");
    }

    /** Writes the table (to a temporary file, then an atomic rename). */
    public static void write(LatencyTable table, Path file) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("kind", KIND);
        root.put("fingerprint", table.fingerprint());
        root.put("method", table.method());
        root.put("supernet", table.supernet().name());
        root.put("clockGHz", table.npu().clockGHz());
        root.set("stem", cycles(table.stemCycles(), table.npu()));
        root.set("head", cycles(table.headCycles(), table.npu()));
        ArrayNode blocks = root.putArray("blocks");
        List<BlockPosition> positions = table.supernet().blockPositions();
        for (int p = 0; p < positions.size(); p++) {
            BlockPosition bp = positions.get(p);
            ObjectNode b = blocks.addObject();
            b.put("index", p);
            b.put("stage", bp.stage());
            b.put("indexInStage", bp.indexInStage());
            b.put("inputHeight", bp.inputHeight());
            b.put("inputWidth", bp.inputWidth());
            b.put("inChannels", bp.inChannels());
            b.put("outChannels", bp.outChannels());
            b.put("stride", bp.stride());
            b.put("residual", bp.residual());
            ArrayNode entries = b.putArray("entries");
            List<BlockConfiguration> configs = table.configurations(p);
            for (int i = 0; i < configs.size(); i++) {
                ObjectNode e = cycles(table.configurationCycles(p, i), table.npu());
                e.put("configuration", configs.get(i).key());
                entries.add(e);
            }
        }
        AtomicFiles.write(file, tmp -> MAPPER.writeValue(tmp.toFile(), root));
    }

    private static ObjectNode cycles(long cycles, NpuConfig npu) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("cycles", cycles);
        n.put("ms", npu.cyclesToMs(cycles));
        return n;
    }

    /** The fingerprint a table file names, without reading the rest. */
    public static String fingerprintOf(Path file) throws IOException {
        JsonNode root = readTree(file);
        return text(root, "fingerprint", file);
    }

    /** The table in the file if it was profiled for this supernet and NPU; empty when the file is missing or stale. */
    public static Optional<LatencyTable> readIfFor(Path file, Supernet supernet, NpuConfig npu) throws IOException {
        if (!Files.exists(file)) return Optional.empty();
        JsonNode root = readTree(file);
        checkFormat(root, file);
        if (!LatencyTable.fingerprint(supernet, npu).equals(text(root, "fingerprint", file))) return Optional.empty();
        return Optional.of(parse(root, file, supernet, npu));
    }

    /**
     * Reads a table for this supernet and NPU. Fails with a message naming the file and field when the file is
     * malformed, and when it was profiled for another supernet or NPU (profile again).
     */
    public static LatencyTable read(Path file, Supernet supernet, NpuConfig npu) throws IOException {
        JsonNode root = readTree(file);
        checkFormat(root, file);
        String fp = text(root, "fingerprint", file);
        if (!LatencyTable.fingerprint(supernet, npu).equals(fp)) {
            throw new IOException(file + ": the latency table was profiled for another supernet or NPU configuration"
                    + " (fingerprint " + fp.substring(0, Math.min(12, fp.length())) + "…): profile again");
        }
        return parse(root, file, supernet, npu);
    }

    private static JsonNode readTree(Path file) throws IOException {
        try {
            JsonNode root = MAPPER.readTree(file.toFile());
            if (root == null || !root.isObject()) throw new IOException(file + ": not a JSON object");
            return root;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON: " + JsonProblems.plain(e.getOriginalMessage())
                    + JsonProblems.at(e.getLocation()), e);
        }
    }

    private static void checkFormat(JsonNode root, Path file) throws IOException {
        JsonNode f = root.get("format");
        if (f == null || !f.isInt()) throw new IOException(file + ": format: missing, expected " + FORMAT);
        if (f.asInt() != FORMAT) throw new IOException(file + ": format: version " + f.asInt() + " is not supported (expected " + FORMAT + ")");
        JsonNode k = root.get("kind");
        if (k != null && !KIND.equals(k.asText())) {
            throw new IOException(file + ": kind: '" + Problem.oneLine(k.asText()) + "' is not a latency table");
        }
    }

    private static LatencyTable parse(JsonNode root, Path file, Supernet supernet, NpuConfig npu) throws IOException {
        known(root, "", file, Set.of("format", "kind", "fingerprint", "method", "supernet", "clockGHz", "stem", "head", "blocks"));
        long stem = cyclesOf(root.get("stem"), "stem", file);
        long head = cyclesOf(root.get("head"), "head", file);
        JsonNode blocks = root.get("blocks");
        if (blocks == null || !blocks.isArray()) throw new IOException(file + ": blocks: missing array");
        List<BlockPosition> positions = supernet.blockPositions();
        if (blocks.size() != positions.size()) {
            throw new IOException(file + ": blocks: " + blocks.size() + " block positions, the supernet has " + positions.size());
        }
        List<Map<BlockConfiguration, Long>> cycles = new ArrayList<>();
        for (int p = 0; p < blocks.size(); p++) {
            String path = "blocks[" + p + "]";
            JsonNode b = blocks.get(p);
            if (!b.isObject()) throw new IOException(file + ": " + path + ": expected an object");
            known(b, path + ".", file, Set.of("index", "stage", "indexInStage", "inputHeight", "inputWidth", "inChannels",
                    "outChannels", "stride", "residual", "entries"));
            BlockPosition bp = positions.get(p);
            expectInt(b, "index", p, path, file);
            expectInt(b, "inputHeight", bp.inputHeight(), path, file);
            expectInt(b, "inputWidth", bp.inputWidth(), path, file);
            expectInt(b, "inChannels", bp.inChannels(), path, file);
            expectInt(b, "outChannels", bp.outChannels(), path, file);
            expectInt(b, "stride", bp.stride(), path, file);
            JsonNode entries = b.get("entries");
            if (entries == null || !entries.isArray()) throw new IOException(file + ": " + path + ".entries: missing array");
            Map<BlockConfiguration, Long> m = new HashMap<>();
            for (int i = 0; i < entries.size(); i++) {
                String ep = path + ".entries[" + i + "]";
                JsonNode e = entries.get(i);
                known(e, ep + ".", file, Set.of("configuration", "cycles", "ms"));
                BlockConfiguration c;
                try {
                    c = BlockConfiguration.parse(text(e, "configuration", file, ep));
                } catch (IllegalArgumentException ex) {
                    throw new IOException(file + ": " + ep + ".configuration: " + Problem.oneLine(ex.getMessage()));
                }
                if (m.put(c, cyclesOf(e, ep, file)) != null) {
                    throw new IOException(file + ": " + ep + ": duplicate configuration " + c.key());
                }
            }
            cycles.add(m);
        }
        try {
            return new LatencyTable(supernet, npu, stem, head, cycles);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static void known(JsonNode node, String prefix, Path file, Set<String> fields) throws IOException {
        if (!node.isObject()) throw new IOException(file + ": " + (prefix.isEmpty() ? "(root)" : prefix) + ": expected an object");
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!fields.contains(f)) throw new IOException(file + ": " + prefix + f + ": unknown field");
        }
    }

    private static long cyclesOf(JsonNode n, String path, Path file) throws IOException {
        if (n == null || !n.isObject()) throw new IOException(file + ": " + path + ": missing");
        if (path.equals("stem") || path.equals("head")) known(n, path + ".", file, Set.of("cycles", "ms"));
        JsonNode c = n.get("cycles");
        if (c == null || !c.canConvertToLong() || !c.isIntegralNumber()) throw new IOException(file + ": " + path + ".cycles: expected an integer");
        if (c.asLong() < 0) throw new IOException(file + ": " + path + ".cycles: negative (" + c.asLong() + ")");
        if (c.asLong() > MAX_CYCLES) {
            throw new IOException(file + ": " + path + ".cycles: " + c.asLong() + " is above the limit " + MAX_CYCLES + ": profile again");
        }
        return c.asLong();
    }

    private static void expectInt(JsonNode b, String field, int expected, String path, Path file) throws IOException {
        JsonNode n = b.get(field);
        if (n == null || !n.isInt()) throw new IOException(file + ": " + path + "." + field + ": expected an integer");
        if (n.asInt() != expected) {
            throw new IOException(file + ": " + path + "." + field + ": " + n.asInt() + " does not match the supernet (" + expected + ")");
        }
    }

    private static String text(JsonNode n, String field, Path file) throws IOException { return text(n, field, file, ""); }

    private static String text(JsonNode n, String field, Path file, String path) throws IOException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) throw new IOException(file + ": " + (path.isEmpty() ? "" : path + ".") + field + ": expected a string");
        return v.asText();
    }
}
