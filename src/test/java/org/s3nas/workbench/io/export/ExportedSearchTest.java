package org.s3nas.workbench.io.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.search.RunFolder;
import org.s3nas.workbench.io.LatencyTableFiles;
import org.s3nas.workbench.io.ProjectFiles;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.npu.LatencyTable;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.search.HistoryRow;
import org.s3nas.workbench.engine.RunFolderFollower;
import org.s3nas.workbench.train.TrainRun;

/**
 * The exported search end to end on a tiny budget (issue #12): export the fashion-mnist sample, run it with two DDP
 * processes (gloo on the CPU) under torchrun, kill one worker with -9 after a checkpoint, continue with the documented
 * resume command; the run folder reads as an ND4J one (history, result), steps 1..N each once, and the found
 * architecture imports and simulates at the latency the run estimated, under the largest network's.
 */
class ExportedSearchTest {
    private static final Path PROJECT = Path.of("sample-projects/fashion-mnist.json");

    @TempDir
    Path dir;

    @BeforeAll
    static void needsTorch() {
        Assumptions.assumeTrue(PythonTorch.available(), PythonTorch.MISSING);
    }

    static LatencyTable table(Project p) throws IOException {
        return LatencyTableFiles.readIfFor(LatencyTableFiles.sidecarOf(PROJECT), p.supernet(), p.npu())
                .orElseGet(() -> LatencyTable.profile(p.supernet(), p.npu(), null, null));
    }

    private Process launch(Path pkg, Path log, String... searchArgs) throws IOException {
        return PythonTorch.launchTwo(pkg, "search.py", dir, log, searchArgs);
    }

    @Test
    void ddpSearchSurvivesAKilledWorkerAndItsRunFolderImports() throws Exception {
        Project p = ProjectFiles.load(PROJECT);
        Path pkg = dir.resolve("exported"), run = dir.resolve("run");
        List<Path> files = SearchPackageExporter.export(p, table(p), PROJECT.toAbsolutePath().getParent(), pkg, false);
        assertTrue(files.contains(pkg.resolve("search.json")));
        double largest = new MidapSimulator(p.npu()).simulate(p.supernet().largest()).latencyMs();

        Path log1 = dir.resolve("first.log");
        Process first = launch(pkg, log1, "--limit-images", "320", "--phase1-epochs", "1", "--phase2-epochs", "1", "--batch-size", "32",
                "--checkpoint-every", "3", "--target-ms", "0.15", "--threads", "1", "--out", run.toString());
        PythonTorch.killAWorkerAfterCheckpoint(first, "search.py", run, 3, log1, "search");
        assertNotEquals(0, first.exitValue(), () -> read(log1));
        assertFalse(Files.exists(run.resolve("result.json")), "the killed run did not finish");
        long killedAt = checkpointStep(run);

        Path log2 = dir.resolve("second.log");
        Process second = launch(pkg, log2, "--resume", run.toString(), "--threads", "1");
        String out = PythonTorch.awaitFinish(second, 400, log2, "the resumed search");
        assertEquals(0, second.exitValue(), out);
        Matcher m = Pattern.compile("resumed .* at step (\\d+)").matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Long.parseLong(m.group(1)) >= 3 && Long.parseLong(m.group(1)) >= killedAt, out);

        RunFolder.History h = RunFolder.readHistory(run);
        int steps = 2 * ((320 - 32) / 32);
        assertEquals(steps, h.rows().size(), "every step once");
        for (int i = 0; i < steps; i++) assertEquals(i + 1, h.rows().get(i).step());
        assertEquals(1, h.rows().get(0).phase());
        HistoryRow last = h.rows().get(steps - 1);
        assertEquals(2, last.phase());
        assertTrue(last.latencyTerm() >= 0 && Double.isFinite(last.loss()));
        assertTrue(Double.isFinite(last.validationAccuracy()), "validation at the epoch end");
        assertEquals(h.thresholdNames().length, last.thresholds().length);
        RunFolder.Result r = RunFolder.readResult(run);
        assertNotNull(r);
        assertEquals(steps, r.steps());
        assertEquals(0.15, r.targetLatencyMs(), 1e-12);
        JsonNode engine = RunFolder.readJson(run.resolve("result.json")).get("engine");
        assertEquals(2, engine.get("processes").asInt());

        Architecture a = TrainRun.readArchitecture(run);
        double simulated = new MidapSimulator(p.npu()).simulate(a).latencyMs();
        assertEquals(r.estimatedLatencyMs(), simulated, 0.01 * simulated, "the table's estimate is the simulator's latency");
        assertTrue(simulated <= largest + 1e-9, simulated + " ms is no more than the largest network's " + largest);
    }

    /**
     * Phase 2 with a threshold rate too small to move anything: the decoded architecture stays the largest network, far
     * above the band, until the final repair takes it into the band on the latency table P; the workbench simulates the
     * repaired architecture in the band. The run is followed while it runs (the Search view's reader), and every step
     * carries its block choices, packed as the workbench packs them.
     */
    @Test
    void aRunEndingOutsideTheBandIsRepairedIntoItAndEveryStepCarriesItsBlockChoices() throws Exception {
        Project p = ProjectFiles.load(PROJECT);
        Path pkg = dir.resolve("exported"), run = dir.resolve("run");
        SearchPackageExporter.export(p, table(p), PROJECT.toAbsolutePath().getParent(), pkg, false);
        Files.createDirectories(run);
        List<HistoryRow> followed = new java.util.concurrent.CopyOnWriteArrayList<>();
        RunFolderFollower<HistoryRow> follower = new RunFolderFollower<>(run, d -> {
            RunFolder.History h = RunFolder.readHistory(d);
            return new RunFolderFollower.Snapshot<>(h.thresholdNames(), h.rows());
        }, HistoryRow::step, (names, rows) -> followed.addAll(rows)).start();
        PythonTorch.Result py;
        try {
            py = PythonTorch.run(dir, 600, PythonTorch.python(), pkg.resolve("search.py").toString(), "--limit-images", "320",
                    "--phase1-epochs", "1", "--phase2-epochs", "1", "--batch-size", "32", "--threshold-lr-scale", "1e-9", "--threads", "1",
                    "--out", run.toString());
            assertEquals(0, py.exitCode(), py.output());
            assertTrue(follower.awaitFinish(30, TimeUnit.SECONDS), "the follower stops when result.json appears");
        } finally {
            follower.close();
        }
        int steps = 2 * ((320 - 32) / 32), blocks = p.supernet().blockPositions().size();
        assertEquals(steps, followed.size(), "every step followed once");
        int[] largest = HistoryRow.blockCodes(choices(p.supernet().largest()));
        for (HistoryRow row : followed) {
            assertNotNull(row.choices(), "step " + row.step() + " has its block choices");
            assertEquals(blocks, row.choices().length);
            // the thresholds did not move: every phase-2 step used the largest network
            if (row.phase() == 2) assertArrayEquals(largest, row.choices(), "step " + row.step());
        }
        assertTrue(followed.stream().filter(r -> r.phase() == 1).map(r -> java.util.Arrays.toString(r.choices())).distinct().count() > 1,
                "phase 1 samples different paths");

        double lower = p.search().targetLowerMs(), target = p.search().targetLatencyMs();
        JsonNode result = RunFolder.readJson(run.resolve("result.json"));
        RunFolder.Result r = RunFolder.readResult(run);
        assertNotNull(r.repair(), "repaired: " + result);
        assertTrue(r.repair().tableBeforeMs() > target, "the largest network is above the band: " + r.repair());
        assertTrue(lower <= r.repair().tableAfterMs() && r.repair().tableAfterMs() <= target, "repaired into the band on the table: " + r.repair());
        assertFalse(r.repair().changes().isEmpty());
        assertTrue(r.repair().changes().get(0).matches("block \\d+ superkernel \\d+: k\\d+ e\\d+ -> k\\d+ e\\d+"), r.repair().changes().get(0));
        assertEquals(r.repair().tableAfterMs(), r.estimatedLatencyMs(), 1e-9, "the result is the repaired architecture");
        assertEquals("SUCCEEDED", result.get("status").asText());
        assertTrue(result.get("targetMet").asBoolean());
        assertEquals(lower, r.targetLowerMs(), 1e-12);
        assertTrue(py.output().contains("final repair: "), py.output());

        Architecture a = TrainRun.readArchitecture(run);
        double simulated = new MidapSimulator(p.npu()).simulate(a).latencyMs();
        assertTrue(lower <= simulated && simulated <= target, "the workbench simulates the repaired architecture in the band: " + simulated
                + " ms, band " + lower + "-" + target);
        assertTrue(a.name().endsWith(String.format(java.util.Locale.ROOT, " %.4f ms", r.estimatedLatencyMs())), "named by its latency: " + a.name());
    }

    /** Per block, per superkernel {kernel size, expansion} of an architecture of the supernet (one block per position). */
    private static int[][][] choices(Architecture a) {
        int[][][] out = new int[a.blocks().size()][][];
        for (int b = 0; b < out.length; b++) {
            var branches = a.blocks().get(b).branches();
            out[b] = new int[branches.size()][];
            for (int j = 0; j < branches.size(); j++) out[b][j] = new int[]{branches.get(j).kernel(), branches.get(j).expansion()};
        }
        return out;
    }

    private static long checkpointStep(Path run) {
        return PythonTorch.checkpointStep(run);
    }

    private static String read(Path f) {
        return PythonTorch.read(f);
    }
}
