package org.s3nas.workbench.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.engine.NonFiniteTrainingException;
import org.s3nas.workbench.engine.data.IdxFiles;
import org.s3nas.workbench.model.DatasetFormat;
import org.s3nas.workbench.model.DatasetSpec;
import org.s3nas.workbench.model.RunStatus;
import org.s3nas.workbench.model.SearchConfig;
import org.s3nas.workbench.model.Supernet;

/** A tiny search end to end on IDX files written here: result, history, checkpoints, crash + resume, pause, cancel. */
class SearchRunTest {
    @TempDir
    static Path dir;
    static Supernet supernet = TinyNets.tiny();
    static LinearLatency latency = new LinearLatency(supernet, 1.0);

    @BeforeAll
    static void data() throws Exception {
        IdxFiles.write(dir.resolve("data"), 96, 8, 3, true, 7);
    }

    static SearchConfig config(double target) {
        SearchConfig d = SearchConfig.defaults(new DatasetSpec(DatasetFormat.IDX, "data", 3, 0.25, true), 8, target);
        return new SearchConfig(d.dataset(), 8, target, d.loss(), 15, 100, 2, 2, 16, 0.02, 0.97, 2.4, 1e-5, 0.1, 10,
                0.9, 0.9, 1e-3, SearchConfig.DEFAULT_THRESHOLD_LR_SCALE, SearchConfig.DEFAULT_THRESHOLD_MOMENTUM, null, 5, 0, 3);
    }

    static double maxLatency() {
        double[] u = new double[latency.count()];
        java.util.Arrays.fill(u, 1);
        return latency.latencyMs(u, null);
    }

    @Test
    void tinySearchRunsEndToEndAndWritesItsFolder() throws Exception {
        double target = 1.0 + 0.5 * (maxLatency() - 1.0);
        Path runDir = dir.resolve("run-a");
        SearchRun run = new SearchRun(supernet, config(target), dir, runDir, latency);
        List<SearchEvent> events = new CopyOnWriteArrayList<>();
        List<RunStatus> statuses = new CopyOnWriteArrayList<>();
        run.setEventIntervalMs(0);
        run.addListener(new SearchListener() {
            @Override public void onProgress(SearchEvent e) { events.add(e); }
            @Override public void onStatus(RunStatus s, String m) { statuses.add(s); }
        });
        run.start();
        SearchResult r = run.result().get(120, TimeUnit.SECONDS);
        assertEquals(RunStatus.SUCCEEDED, run.status());
        assertEquals(List.of(RunStatus.RUNNING, RunStatus.SUCCEEDED), statuses);
        assertEquals(16, r.steps());
        assertEquals(16, events.size());
        assertTrue(events.stream().allMatch(e -> Double.isFinite(e.loss()) && Double.isFinite(e.crossEntropy())), "every loss is a number");
        assertTrue(events.stream().anyMatch(e -> e.phase() == 1) && events.stream().anyMatch(e -> e.phase() == 2));
        assertTrue(events.stream().allMatch(e -> e.thresholds().length == run.thresholdNames().length));
        for (int i = 0; i < events.size(); i++) {
            assertTrue(events.get(i).elapsedSeconds() > 0 && (i == 0 || events.get(i).elapsedSeconds() >= events.get(i - 1).elapsedSeconds()),
                    "elapsed of event " + i + ": " + events.get(i).elapsedSeconds());
        }
        assertTrue(r.validationAccuracy() >= 0 && r.validationAccuracy() <= 1);
        assertTrue(r.architecture().blocks().size() >= 1);
        // phase 2 trained the thresholds (from 0) under an active latency term; phase 1 had none
        assertTrue(java.util.Arrays.stream(r.thresholds()).anyMatch(t -> Math.abs(t) > 1e-4), java.util.Arrays.toString(r.thresholds()));
        assertTrue(events.stream().filter(e -> e.phase() == 2).anyMatch(e -> e.latencyTerm() > 0));
        assertTrue(events.stream().filter(e -> e.phase() == 1).allMatch(e -> e.latencyTerm() == 0 && e.latencyMs() > 1.0));
        for (String f : List.of(SearchRun.CONFIG_FILE, SearchRun.CHECKPOINT_FILE, SearchRun.HISTORY_JSON, SearchRun.HISTORY_CSV,
                SearchRun.ARCHITECTURE_FILE, SearchRun.RESULT_FILE)) {
            assertTrue(Files.exists(runDir.resolve(f)), f);
        }
        List<String> csv = Files.readAllLines(runDir.resolve(SearchRun.HISTORY_CSV));
        assertEquals(17, csv.size());
        assertTrue(csv.get(0).startsWith("step,epoch,phase,loss"));
        assertTrue(Files.readString(runDir.resolve(SearchRun.ARCHITECTURE_FILE)).contains("\"blocks\""));
    }

    @Test
    void aCrashedRunResumesFromItsLastCheckpointAndEndsLikeAnUninterruptedOne() throws Exception {
        double target = 1.0 + 0.4 * (maxLatency() - 1.0);
        SearchRun whole = new SearchRun(supernet, config(target), dir, dir.resolve("whole"), latency);
        SearchResult a = whole.runHere();

        SearchRun crashed = new SearchRun(supernet, config(target), dir, dir.resolve("crashed"), latency);
        crashed.simulateCrashAfterStep(11); // last checkpoint at step 9 (every 3 steps), phase 2 under way
        crashed.start();
        crashed.join();
        assertEquals(RunStatus.FAILED, crashed.status());
        SearchRun resumed = SearchRun.resume(supernet, dir, dir.resolve("crashed"), latency);
        SearchResult b = resumed.runHere();
        assertEquals(a.steps(), b.steps());
        assertArrayEquals(a.thresholds(), b.thresholds(), 1e-9);
        assertEquals(a.architecture().blocks(), b.architecture().blocks());
        assertEquals(a.validationAccuracy(), b.validationAccuracy(), 1e-12);
        assertEquals(16, Files.readAllLines(dir.resolve("crashed").resolve(SearchRun.HISTORY_CSV)).size() - 1);
        // the elapsed time continues across the crash from the checkpoint's: known at every step and never going back
        List<HistoryRow> rows = RunFolder.readHistory(dir.resolve("crashed")).rows();
        assertEquals(16, rows.size());
        assertTrue(rows.get(0).elapsedSeconds() > 0, "elapsed at step 1: " + rows.get(0).elapsedSeconds());
        for (int i = 1; i < rows.size(); i++) {
            assertTrue(rows.get(i).elapsedSeconds() >= rows.get(i - 1).elapsedSeconds(), "elapsed at step " + (i + 1) + " goes back: "
                    + rows.get(i - 1).elapsedSeconds() + " -> " + rows.get(i).elapsedSeconds());
        }
        List<String> csv = Files.readAllLines(dir.resolve("crashed").resolve(SearchRun.HISTORY_CSV));
        int column = List.of(csv.get(0).split(",")).indexOf("elapsed_seconds");
        assertTrue(column > 0, csv.get(0));
        assertEquals(rows.get(15).elapsedSeconds(), Double.parseDouble(csv.get(16).split(",")[column]), 1e-5 * rows.get(15).elapsedSeconds());
    }

    @Test
    void phaseTwoFromAnotherRunsPhaseOneEqualsTheWholeRunAndOtherTargetsReuseIt() throws Exception {
        double target = 1.0 + 0.4 * (maxLatency() - 1.0);
        SearchResult whole = new SearchRun(supernet, config(target), dir, dir.resolve("p1-whole"), latency).runHere();
        assertTrue(Files.exists(dir.resolve("p1-whole").resolve(SearchRun.PHASE1_CHECKPOINT_FILE)), "phase 1's end is kept");

        // the same target from the stored phase 1: the same search, step for step
        SearchRun again = new SearchRun(supernet, config(target), dir, dir.resolve("p1-again"), latency).startingFromPhase1Of(dir.resolve("p1-whole"));
        List<SearchEvent> events = new CopyOnWriteArrayList<>();
        again.setEventIntervalMs(0);
        again.addListener(new SearchListener() {
            @Override public void onProgress(SearchEvent e) { events.add(e); }
            @Override public void onStatus(RunStatus s, String m) {}
        });
        SearchResult b = again.runHere();
        assertEquals(whole.steps(), b.steps());
        assertArrayEquals(whole.thresholds(), b.thresholds(), 1e-9);
        assertEquals(whole.architecture().blocks(), b.architecture().blocks());
        assertTrue(events.stream().allMatch(e -> e.phase() == 2), "no phase-1 step was trained again");
        assertEquals(8, events.size());
        assertEquals(17, Files.readAllLines(dir.resolve("p1-again").resolve(SearchRun.HISTORY_CSV)).size(), "the history holds phase 1 too");

        // another target on the same phase 1: the thresholds are trained under another latency term
        SearchResult loose = new SearchRun(supernet, config(maxLatency() * 2), dir, dir.resolve("p1-loose"), latency)
                .startingFromPhase1Of(dir.resolve("p1-whole")).runHere();
        assertEquals(whole.steps(), loose.steps());
        assertFalse(java.util.Arrays.equals(whole.thresholds(), loose.thresholds()));

        // a configuration whose phase 1 differs (3 epochs instead of 2) is refused with the file named
        SearchConfig c = config(target);
        SearchConfig longer = c.withEpochs(3, c.phase2Epochs());
        SearchRun wrong = new SearchRun(supernet, longer, dir, dir.resolve("p1-wrong"), latency).startingFromPhase1Of(dir.resolve("p1-whole"));
        wrong.start();
        wrong.join();
        assertEquals(RunStatus.FAILED, wrong.status());
        Throwable cause = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class, () -> wrong.result().get()).getCause();
        assertTrue(cause.getMessage().contains(SearchRun.PHASE1_CHECKPOINT_FILE) && cause.getMessage().contains("phase 1 of this configuration ends at step 12"),
                cause.getMessage());
    }

    /** The thresholds of each phase-2 step of a search from the stored phase 1 of p1-rates, with the given threshold optimiser. */
    private static List<double[]> phase2Thresholds(String name, double target, double lrScale, double momentum) throws Exception {
        SearchRun run = new SearchRun(supernet, config(target).withThresholdOptimiser(lrScale, momentum), dir, dir.resolve(name), latency)
                .startingFromPhase1Of(dir.resolve("p1-rates"));
        List<double[]> t = new CopyOnWriteArrayList<>();
        run.setEventIntervalMs(0);
        run.addListener(new SearchListener() {
            @Override public void onProgress(SearchEvent e) { t.add(e.thresholds()); }
            @Override public void onStatus(RunStatus s, String m) {}
        });
        run.runHere();
        return t;
    }

    @Test
    void theThresholdsFollowTheirOwnLearningRateScaleAndMomentum() throws Exception {
        double target = 1.0 + 0.2 * (maxLatency() - 1.0);
        new SearchRun(supernet, config(target).withEpochs(2, 0), dir, dir.resolve("p1-rates"), latency).runHere();
        List<double[]> base = phase2Thresholds("rate-1", target, 1, 0), triple = phase2Thresholds("rate-3", target, 3, 0),
                momentum = phase2Thresholds("rate-1-m", target, 1, 0.5);
        // first step from thresholds 0 and the same state: t1 = -scale * lr * g / sqrt(ms + eps), whatever the momentum
        double[] b1 = base.get(0), t1 = triple.get(0), m1 = momentum.get(0);
        assertTrue(java.util.Arrays.stream(b1).anyMatch(v -> Math.abs(v) > 1e-6), "the latency term moved the thresholds");
        for (int i = 0; i < b1.length; i++) {
            assertEquals(3 * b1[i], t1[i], 1e-9 + 1e-9 * Math.abs(b1[i]), "threshold " + i + " after one step at 3x the rate");
            assertEquals(b1[i], m1[i], 1e-12, "threshold " + i + ": momentum has nothing to carry at step 1");
        }
        // second step: the same gradient (same state), plus momentum x the first step's move (-t1)
        double[] b2 = base.get(1), m2 = momentum.get(1);
        for (int i = 0; i < b1.length; i++) {
            assertEquals(b2[i] + 0.5 * b1[i], m2[i], 1e-9 + 1e-9 * Math.abs(b2[i]), "threshold " + i + " after two steps with momentum 0.5");
        }
    }

    @Test
    void aDivergingRunFailsWithAMessageNamingTheStepAndKeepsItsLastCheckpoint() throws Exception {
        SearchConfig c = config(2.0);
        SearchConfig wild = new SearchConfig(c.dataset(), c.trainingResolution(), c.targetLatencyMs(), c.loss(), c.lambda1(), c.lambda2(),
                c.phase1Epochs(), c.phase2Epochs(), c.batchSize(), 1e30, c.lrDecay(), c.lrDecayEpochs(), c.weightDecay(),
                c.labelSmoothing(), c.gradientClip(), c.rmsDecay(), c.rmsMomentum(), c.rmsEpsilon(), c.thresholdLearningRateScale(),
                c.thresholdMomentum(), c.targetTolerance(), c.seed(), c.limitImages(), 1);
        Path runDir = dir.resolve("diverged");
        SearchRun run = new SearchRun(supernet, wild, dir, runDir, latency);
        run.start();
        run.join();
        assertEquals(RunStatus.FAILED, run.status());
        Throwable cause = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                () -> run.result().get()).getCause();
        assertTrue(cause instanceof NonFiniteTrainingException, String.valueOf(cause));
        assertTrue(cause.getMessage().matches("training diverged at step \\d+ \\(phase 1, epoch \\d+\\): .* not finite.*"), cause.getMessage());
        assertTrue(cause.getMessage().contains("lower the learning rate"), cause.getMessage());
        assertTrue(Files.exists(runDir.resolve(SearchRun.CHECKPOINT_FILE)), "the steps before the divergence are kept");
    }

    @Test
    void pauseHoldsTheRunAndCancelStopsItWithACheckpoint() throws Exception {
        SearchRun run = new SearchRun(supernet, config(2.0), dir, dir.resolve("paused"), latency);
        List<RunStatus> statuses = new CopyOnWriteArrayList<>();
        run.addListener(new SearchListener() {
            @Override public void onProgress(SearchEvent e) {}
            @Override public void onStatus(RunStatus s, String m) { statuses.add(s); }
        });
        run.pause();
        run.start();
        long until = System.currentTimeMillis() + 60_000;
        while (run.status() != RunStatus.PAUSED && System.currentTimeMillis() < until) Thread.sleep(20);
        assertEquals(RunStatus.PAUSED, run.status());
        Thread.sleep(200);
        assertEquals(RunStatus.PAUSED, run.status());
        run.cancel();
        run.join();
        assertEquals(RunStatus.CANCELLED, run.status());
        assertTrue(run.result().isCompletedExceptionally());
        assertTrue(Files.exists(dir.resolve("paused").resolve(SearchRun.CHECKPOINT_FILE)));
        assertFalse(Files.exists(dir.resolve("paused").resolve(SearchRun.RESULT_FILE)));
    }
}
