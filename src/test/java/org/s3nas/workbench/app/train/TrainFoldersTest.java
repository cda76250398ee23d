package org.s3nas.workbench.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.app.search.TestShell;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.train.TrainHistoryRow;
import org.s3nas.workbench.train.TrainConfig;
import org.s3nas.workbench.train.TrainRun;

/** Reading what trainings left in their run folders: state, progress, result, history as chart rows, damaged files. */
class TrainFoldersTest {
    private final Project sample = TestShell.sample();
    private final Architecture smallest = sample.supernet().smallest().withoutSkips();
    private final TrainConfig config = TrainConfig.from(sample.search(), 3);

    @Test
    void foldersAreReadNewestFirstWithWhereEachTrainingStands(@TempDir Path runs) throws Exception {
        TrainFolderFixtures.finished(runs.resolve("train-a"), smallest, config, TrainFolderFixtures.history(12, 4), 0.8125, 0.78, 0.7,
                432, 2000, 427.4, 0.0143, 1_000_000_000L);
        TrainFolderFixtures.interrupted(runs.resolve("train-b"), smallest, config, TrainFolderFixtures.history(6, 4), 2_000_000_000L);
        Files.createDirectories(runs.resolve("train-c"));
        Files.writeString(runs.resolve("train-c").resolve(TrainRun.CONFIG_FILE), "{ not json");
        Files.createDirectories(runs.resolve("run-20260101-000000")); // a search run: not listed
        Files.createDirectories(runs.resolve("train-empty")); // no configuration: not a training folder

        List<TrainFolders.Entry> entries = TrainFolders.scan(runs);
        assertEquals(List.of("train-c", "train-b", "train-a"), entries.stream().map(e -> e.directory().getFileName().toString()).toList(),
                "newest first (train-c was written just now)");

        TrainFolders.Entry b = entries.get(1);
        assertEquals(TrainFolders.State.INTERRUPTED, b.state());
        assertEquals(6, b.lastStep());
        assertEquals(1, b.lastEpoch(), "step 6 of 4 per epoch: one epoch done");
        assertEquals(config, b.config());
        assertEquals(smallest, b.architecture());
        assertNull(b.result());
        assertEquals("", b.problem());

        TrainFolders.Entry a = entries.get(2);
        assertEquals(TrainFolders.State.FINISHED, a.state());
        assertEquals(3, a.lastEpoch());
        TrainFolders.Result r = a.result();
        assertEquals(0.8125, r.testAccuracy());
        assertEquals(0.78, r.testAccuracyRaw());
        assertEquals(0.7, r.validationAccuracy());
        assertEquals(432, r.trainImages());
        assertEquals(2000, r.testImages());
        assertEquals(12, r.steps());
        assertEquals(0.0143, r.simulatedLatencyMs());

        TrainFolders.Entry c = entries.get(0);
        assertNull(c.config());
        assertTrue(c.problem().contains("train-c") && c.problem().contains(TrainRun.CONFIG_FILE), c.problem());
        assertEquals("c", c.architectureName(), "named after its folder when its architecture cannot be read");
    }

    @Test
    void aHistoryBecomesOneTrainingRowPerStep(@TempDir Path runs) throws Exception {
        Path dir = TrainFolderFixtures.interrupted(runs.resolve("train-a"), smallest, config, TrainFolderFixtures.history(8, 4), 1000);
        List<TrainHistoryRow> rows = TrainFolders.readHistory(dir);
        assertEquals(8, rows.size());
        TrainHistoryRow fourth = rows.get(3);
        assertEquals(4, fourth.step());
        assertEquals(2.0, fourth.elapsedSeconds(), "the elapsed time the training wrote");
        assertEquals(2.3 - 0.4, fourth.loss(), 1e-12);
        assertEquals(0.4, fourth.validationAccuracy(), 1e-12);
        assertEquals(0.008, fourth.learningRate(), 1e-12);
        assertTrue(Double.isNaN(rows.get(4).validationAccuracy()), "\"NaN\" where no validation was measured");
    }

    @Test
    void damagedFilesAreNamedWithThePlaceOfTheProblem(@TempDir Path runs) throws Exception {
        Path dir = TrainFolderFixtures.interrupted(runs.resolve("train-a"), smallest, config, TrainFolderFixtures.history(2, 4), 1000);
        Files.writeString(dir.resolve(TrainRun.HISTORY_JSON), "{\"format\": 1, \"steps\": [{\"epoch\": 0}]}");
        IOException e = assertThrows(IOException.class, () -> TrainFolders.readHistory(dir));
        assertTrue(e.getMessage().endsWith("history.json: steps[0].step: missing or not an integer"), e.getMessage());
        assertEquals(e.getMessage(), TrainFolders.read(dir).problem(), "the entry carries the problem instead of failing the scan");

        IOException notAFolder = assertThrows(IOException.class, () -> TrainFolders.read(runs.resolve("nothing")));
        assertTrue(notAFolder.getMessage().endsWith("nothing: not a folder"), notAFolder.getMessage());
        Files.createDirectories(runs.resolve("plain"));
        IOException notTraining = assertThrows(IOException.class, () -> TrainFolders.read(runs.resolve("plain")));
        assertTrue(notTraining.getMessage().contains("not a training run folder (it has no train-config.json)"), notTraining.getMessage());
        assertEquals(List.of(), TrainFolders.scan(runs.resolve("missing")), "no runs folder yet: no trainings");
    }
}
