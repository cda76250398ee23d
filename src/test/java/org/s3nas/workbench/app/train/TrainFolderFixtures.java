package org.s3nas.workbench.app.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.train.TrainConfig;
import org.s3nas.workbench.train.TrainHistoryRow;
import org.s3nas.workbench.train.TrainRun;

/** Training run folders written the way {@link TrainRun} writes them, without training (the files only). */
final class TrainFolderFixtures {
    private TrainFolderFixtures() {}

    /** Like TrainRun's writer: record components only, NaN as the string "NaN". */
    static ObjectMapper mapper() {
        ObjectMapper m = new ObjectMapper();
        m.setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE);
        m.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
        m.configure(com.fasterxml.jackson.core.json.JsonWriteFeature.WRITE_NAN_AS_STRINGS.mappedFeature(), true);
        return m;
    }

    /** {@code steps} optimiser steps of {@code perEpoch} each: loss falling, lr warming up, validation at each epoch end. */
    static List<TrainHistoryRow> history(int steps, int perEpoch) {
        List<TrainHistoryRow> rows = new ArrayList<>();
        for (int s = 1; s <= steps; s++) {
            boolean end = s % perEpoch == 0;
            rows.add(new TrainHistoryRow(s, (s - 1) / perEpoch, 2.3 - 0.1 * s, 0.1 + 0.02 * s, end ? 0.3 + 0.1 * s / perEpoch : Double.NaN,
                    Math.min(0.008, 0.002 * s), 0.5 * s));
        }
        return rows;
    }

    /** A folder that ran {@code history} steps and was interrupted (checkpoint, no result). */
    static Path interrupted(Path dir, Architecture a, TrainConfig c, List<TrainHistoryRow> history, long modifiedMillis) throws IOException {
        write(dir, a, c, history);
        Files.write(dir.resolve(TrainRun.CHECKPOINT_FILE), new byte[]{1, 2, 3});
        touch(dir, modifiedMillis);
        return dir;
    }

    /** A finished folder with a result.json of these figures. */
    static Path finished(Path dir, Architecture a, TrainConfig c, List<TrainHistoryRow> history, double test, double raw, double validation,
                         int trainImages, int testImages, double seconds, double latencyMs, long modifiedMillis) throws IOException {
        write(dir, a, c, history);
        Files.write(dir.resolve(TrainRun.CHECKPOINT_FILE), new byte[]{1, 2, 3});
        Files.write(dir.resolve(TrainRun.MODEL_FILE), new byte[]{4, 5, 6});
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("format", 1);
        r.put("architecture", a.name());
        r.put("testAccuracy", test);
        r.put("testAccuracyRaw", raw);
        r.put("validationAccuracy", validation);
        r.put("trainImages", trainImages);
        r.put("validationImages", 48);
        r.put("testImages", testImages);
        r.put("epochs", c.epochs());
        r.put("steps", history.size());
        r.put("batchSize", c.batchSize());
        r.put("parameters", 40058);
        r.put("seconds", seconds);
        r.put("simulatedLatencyMs", latencyMs);
        Files.writeString(dir.resolve(TrainRun.RESULT_FILE), mapper().writeValueAsString(r));
        touch(dir, modifiedMillis);
        return dir;
    }

    private static void write(Path dir, Architecture a, TrainConfig c, List<TrainHistoryRow> history) throws IOException {
        Files.createDirectories(dir);
        ObjectMapper m = mapper();
        Files.writeString(dir.resolve(TrainRun.CONFIG_FILE), m.writeValueAsString(c));
        Files.writeString(dir.resolve(TrainRun.ARCHITECTURE_FILE), m.writeValueAsString(Map.of("format", 1, "architecture", a)));
        Files.writeString(dir.resolve(TrainRun.HISTORY_JSON), m.writeValueAsString(Map.of("format", 1, "steps", history)));
    }

    static void touch(Path dir, long millis) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.setLastModifiedTime(f, FileTime.fromMillis(millis));
        }
        Files.setLastModifiedTime(dir, FileTime.fromMillis(millis));
    }
}
