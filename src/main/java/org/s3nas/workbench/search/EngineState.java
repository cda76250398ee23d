package org.s3nas.workbench.search;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.s3nas.workbench.engine.BackgroundRun;
import org.s3nas.workbench.engine.CheckpointIo;
import org.s3nas.workbench.engine.Param;
import org.s3nas.workbench.model.Supernet;

/**
 * The supernet's initial state as this engine draws it from a seed (every weight tensor in the engine's layout, the
 * thresholds), written for another engine to start from: {@code state.json} (format, tensor names, offsets and sizes,
 * thresholds) and {@code state.f32} (every tensor's floats, little-endian, one after another). The PyTorch search
 * that {@code export-search} writes loads it ({@code --initial-state}), so both engines can start from the same
 * weights; the parity test compares one step of each from it.
 */
public final class EngineState {
    public static final String INDEX_FILE = "state.json", DATA_FILE = "state.f32";

    private EngineState() {}

    /** Writes the state the engine draws for {@code supernet} at {@code resolution} with {@code seed} into {@code dir}. */
    public static void write(Supernet supernet, int resolution, long seed, Path dir) throws IOException {
        try (SupernetNet net = new SupernetNet(supernet, 1, resolution, seed)) {
            write(net, dir);
        }
    }

    /** Writes a network's current weights and thresholds (tests compare a step from exactly this state). */
    static void write(SupernetNet net, Path dir) throws IOException {
        writeTensors(net.params, java.util.Arrays.asList(net.thresholds.names), net.thresholds.value, dir);
    }

    /**
     * Writes tensors (the engine's names and layouts, in their order) and thresholds in this format: the final
     * training's fixed network uses it too (no thresholds), for the exported training to start from.
     */
    public static void writeTensors(List<Param> params, List<String> thresholdNames, double[] thresholds, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Map<String, Object>> tensors = new ArrayList<>();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        long offset = 0;
        for (Param p : params) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", p.name);
            e.put("offset", offset);
            e.put("size", p.size());
            tensors.add(e);
            ByteBuffer b = ByteBuffer.allocate(4 * p.size()).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : p.value) b.putFloat(v);
            data.write(b.array());
            offset += p.size();
        }
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("format", 1);
        index.put("tensors", tensors);
        index.put("thresholdNames", thresholdNames);
        index.put("thresholds", thresholds);
        CheckpointIo.writeAtomically(dir.resolve(DATA_FILE), out -> out.write(data.toByteArray()));
        BackgroundRun.writeAtomically(dir.resolve(INDEX_FILE), BackgroundRun.mapper().writeValueAsString(index));
    }
}
