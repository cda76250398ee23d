package org.s3nas.workbench.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.io.LatencyTableFiles;
import org.s3nas.workbench.io.ProjectFiles;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.RunRecord;
import org.s3nas.workbench.model.RunStatus;
import org.s3nas.workbench.npu.LatencyTable;

/** One layout of a project's runs for the app and the command line, and its latency tables. */
class WorkspaceTest {
    private static final LocalDateTime NOON = LocalDateTime.of(2026, 12, 7, 12, 0, 5);

    @TempDir
    Path dir;

    private static Project sample() throws IOException { return ProjectFiles.load(Path.of("sample-projects/fashion-mnist.json")); }

    @Test
    void everyKindOfRunHasItsFolderBesideTheProject() throws Exception {
        Workspace w = Workspace.of(dir.resolve("p.json"));
        Path runs = dir.toAbsolutePath().resolve("runs");
        assertEquals(dir.toAbsolutePath(), w.projectDir());
        assertEquals(runs, w.runsRoot());
        assertEquals(runs.resolve("train-tiny-largest-se-h-swish"), w.trainingDirectory("tiny (largest) +SE +h-swish"));
        assertEquals(runs.resolve("report-micro"), w.reportDirectory("micro"));
        Project p = sample();
        assertEquals(runs.resolve("random-" + p.name() + "-20261207-120005"), w.newRandomSearch(p, NOON));

        Workspace.RunPlace first = w.newSearch(p, NOON);
        assertEquals("run-20261207-120005", first.id());
        assertEquals("runs/run-20261207-120005", first.recorded(), "recorded relative to the project file");
        Files.createDirectories(first.directory());
        // taken by a folder, then by a run the project records: suffixed
        assertEquals("run-20261207-120005-2", w.newSearch(p, NOON).id());
        Project recorded = p.withRuns(List.of(new RunRecord("run-20261207-120005-2", RunStatus.RUNNING, null, null, null, null, null)));
        assertEquals("run-20261207-120005-3", w.newSearch(recorded, NOON).id());
        RunRecord r = new RunRecord("x", RunStatus.SUCCEEDED, "runs/x", null, null, null, null);
        assertEquals(runs.resolve("x"), w.runDirectory(r));
    }

    private static Architecture sampleLargest() {
        try {
            return sample().supernet().largest();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aProjectNeverSavedKeepsItsRunsInTheUsersDataFolder() {
        String before = System.getProperty(Workspace.RUNS_DIR_PROPERTY);
        System.setProperty(Workspace.RUNS_DIR_PROPERTY, dir.resolve("elsewhere").toString());
        try {
            Workspace w = Workspace.of(null);
            assertEquals(dir.resolve("elsewhere").toAbsolutePath(), w.runsRoot());
            assertTrue(w.newSearch(null, NOON).recorded().startsWith(dir.toAbsolutePath().toString()), "an absolute folder is recorded");
            Workspace.Trained t = w.trained(sampleLargest(), 8);
            assertNull(t.network());
            assertTrue(t.reason().startsWith("The project is not saved to a file"), t.reason());
        } finally {
            if (before == null) System.clearProperty(Workspace.RUNS_DIR_PROPERTY);
            else System.setProperty(Workspace.RUNS_DIR_PROPERTY, before);
        }
    }

    @Test
    void theLatencyTableComesFromTheSidecarWhenCurrentAndAnExplicitTableForAnotherSpaceIsRefused() throws Exception {
        Project p = sample();
        Path file = dir.resolve("p.json");
        Workspace w = Workspace.of(file);
        LatencyTable profiled = w.latency(p, null, null, null, null).table();
        LatencyTableFiles.write(profiled, LatencyTableFiles.sidecarOf(file));
        Workspace.Latency again = w.latency(p, null, null, null, null);
        assertSame(profiled, again.table(), "kept in memory for the process");
        List<String> said = new java.util.ArrayList<>();
        Workspace.Latency fromFile = w.latency(p, LatencyTableFiles.sidecarOf(file), null, null, said::add);
        assertEquals(profiled.entryCount(), fromFile.table().entryCount());
        assertEquals(List.of("latency table: " + LatencyTableFiles.sidecarOf(file)), said);

        Project other = p.withSupernet(org.s3nas.workbench.experiments.ReproductionReport.constantDepth(p.supernet()));
        IOException e = assertThrows(IOException.class, () -> w.latency(other, LatencyTableFiles.sidecarOf(file), null, null, null));
        assertTrue(e.getMessage().contains("profiled for another supernet or NPU"), e.getMessage());
    }
}
