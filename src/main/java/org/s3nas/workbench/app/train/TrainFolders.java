package org.s3nas.workbench.app.train;

import org.s3nas.workbench.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import org.s3nas.workbench.search.RunFolder;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.train.TrainConfig;
import org.s3nas.workbench.train.TrainHistoryRow;
import org.s3nas.workbench.train.TrainRun;

/**
 * Reads what final trainings left in their run folders ({@code runs/train-<architecture>/}, written by
 * {@link TrainRun}): the configuration and architecture, how far the run got (its history), and, once finished, its
 * {@code result.json}. The folders are the record of the trainings: the project keeps only the accuracy. Plain Java
 * (no JavaFX); search/train writes these files but has no reader for the history and result yet.
 */
public final class TrainFolders {

    /** Where a folder's training stands. */
    public enum State {
        /** result.json and model.bin are there. */
        FINISHED,
        /** a checkpoint and no result: it was cancelled, failed or killed; it can be resumed. */
        INTERRUPTED,
        /** neither: it stopped before its first checkpoint. */
        NOT_STARTED
    }

    /** The figures of a finished training's result.json (NaN / 0 where the file has none). */
    public record Result(double testAccuracy, double testAccuracyRaw, double validationAccuracy, int trainImages, int validationImages,
                         int testImages, int epochs, long steps, long parameters, double seconds, double simulatedLatencyMs) {}

    /**
     * One training run folder.
     *
     * @param architecture null when architecture.json cannot be read ({@link #problem} says why)
     * @param lastStep     the last step in its history (0 when it has none)
     * @param lastEpoch    epochs completed by then
     * @param result       null unless FINISHED
     * @param modified     when the folder's newest file was written (to order the table)
     * @param problem      why the folder cannot be read or resumed, or ""
     */
    public record Entry(Path directory, State state, Architecture architecture, TrainConfig config, long lastStep, int lastEpoch,
                        Result result, FileTime modified, String problem) {
        public String architectureName() {
            if (architecture != null) return architecture.name();
            return Workspace.trainingNameOf(directory);
        }
    }

    private TrainFolders() {}

    /** Whether {@code dir} is a training run folder (it holds the configuration a run writes first). */
    public static boolean isTrainFolder(Path dir) {
        return Files.isDirectory(dir) && Files.exists(dir.resolve(TrainRun.CONFIG_FILE));
    }

    /** Every training folder ({@code train-*}) in {@code runsRoot}, newest first; none when the folder does not exist. */
    public static List<Entry> scan(Path runsRoot) throws IOException {
        if (runsRoot == null || !Files.isDirectory(runsRoot)) return List.of();
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(runsRoot)) {
            for (Path d : dirs.sorted().toList()) {
                if (Workspace.isTrainingName(d) && isTrainFolder(d)) out.add(read(d));
            }
        }
        out.sort(Comparator.comparing(Entry::modified).reversed());
        return out;
    }

    /** One folder; a damaged file makes an entry with a problem rather than an exception. */
    public static Entry read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException(dir + ": not a folder");
        if (!isTrainFolder(dir)) throw new IOException(dir + ": not a training run folder (it has no " + TrainRun.CONFIG_FILE + ")");
        List<String> problems = new ArrayList<>();
        Architecture a = null;
        TrainConfig c = null;
        try {
            a = TrainRun.readArchitecture(dir);
        } catch (IOException | RuntimeException e) {
            problems.add(message(e));
        }
        try {
            c = TrainRun.readConfig(dir);
        } catch (IOException | RuntimeException e) {
            problems.add(dir.resolve(TrainRun.CONFIG_FILE) + ": " + message(e));
        }
        long step = 0;
        int epoch = 0;
        Path history = dir.resolve(TrainRun.HISTORY_JSON);
        if (Files.exists(history)) {
            try {
                List<TrainHistoryRow> rows = readHistory(dir);
                if (!rows.isEmpty()) {
                    TrainHistoryRow last = rows.get(rows.size() - 1);
                    step = last.step();
                    epoch = Double.isNaN(last.validationAccuracy()) ? last.epoch() : last.epoch() + 1;
                }
            } catch (IOException e) {
                problems.add(message(e));
            }
        }
        Result result = null;
        State state;
        if (Files.exists(dir.resolve(TrainRun.RESULT_FILE)) && Files.exists(dir.resolve(TrainRun.MODEL_FILE))) {
            state = State.FINISHED;
            try {
                result = readResult(dir);
            } catch (IOException e) {
                problems.add(message(e));
            }
        } else {
            state = Files.exists(dir.resolve(TrainRun.CHECKPOINT_FILE)) ? State.INTERRUPTED : State.NOT_STARTED;
        }
        return new Entry(dir, state, a, c, step, epoch, result, newest(dir), String.join("; ", problems));
    }

    /** A training's history, one row per step. */
    public static List<TrainHistoryRow> readHistory(Path dir) throws IOException {
        Path f = dir.resolve(TrainRun.HISTORY_JSON);
        if (!Files.exists(f)) throw new IOException(f + ": not found (the training wrote no history yet)");
        JsonNode steps = RunFolder.readJson(f).get("steps");
        if (steps == null || !steps.isArray()) throw new IOException(f + ": steps: missing or not an array");
        List<TrainHistoryRow> rows = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            JsonNode s = steps.get(i);
            JsonNode step = s.get("step"), epoch = s.get("epoch");
            if (step == null || !step.canConvertToLong()) throw new IOException(f + ": steps[" + i + "].step: missing or not an integer");
            if (epoch == null || !epoch.canConvertToInt()) throw new IOException(f + ": steps[" + i + "].epoch: missing or not an integer");
            rows.add(new TrainHistoryRow(step.asLong(), epoch.asInt(), RunFolder.number(s.get("loss")), RunFolder.number(s.get("trainAccuracy")),
                    RunFolder.number(s.get("validationAccuracy")), RunFolder.number(s.get("learningRate")),
                    RunFolder.number(s.get("elapsedSeconds"))));
        }
        return rows;
    }

    /** A finished training's result.json. */
    public static Result readResult(Path dir) throws IOException {
        Path f = dir.resolve(TrainRun.RESULT_FILE);
        if (!Files.exists(f)) throw new IOException(f + ": not found (the training has not finished)");
        JsonNode r = RunFolder.readJson(f);
        double test = RunFolder.number(r.get("testAccuracy"));
        if (Double.isNaN(test)) throw new IOException(f + ": testAccuracy: missing or not a number");
        return new Result(test, RunFolder.number(r.get("testAccuracyRaw")), RunFolder.number(r.get("validationAccuracy")), r.path("trainImages").asInt(0),
                r.path("validationImages").asInt(0), r.path("testImages").asInt(0), r.path("epochs").asInt(0), r.path("steps").asLong(0),
                r.path("parameters").asLong(0), RunFolder.number(r.get("seconds")), RunFolder.number(r.get("simulatedLatencyMs")));
    }

    private static FileTime newest(Path dir) throws IOException {
        FileTime t = Files.getLastModifiedTime(dir);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                FileTime m = Files.getLastModifiedTime(f);
                if (m.compareTo(t) > 0) t = m;
            }
        }
        return t;
    }

    private static String message(Throwable e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }
}
