package org.s3nas.workbench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.engine.Param;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.RunStatus;

/** Final training end to end on IDX files written here: it learns, it records, it resumes, it pauses and cancels. */
class FinalTrainerTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void data() throws Exception {
        TrainFixtures.write(dir.resolve("data"), 240, 120, 8, 3, 7);
    }

    @Test
    void trainingFromScratchLearnsTheTestSplitWellAboveChanceAndWritesItsFolder() throws Exception {
        Architecture a = TrainNets.small(3);
        Path runDir = dir.resolve("run-a");
        TrainRun run = new TrainRun(a, TrainFixtures.config(3, 4), dir, runDir);
        run.putResultField("source", "test");
        List<TrainEvent> events = new CopyOnWriteArrayList<>();
        List<RunStatus> statuses = new CopyOnWriteArrayList<>();
        run.setEventIntervalMs(0);
        run.addListener(new TrainListener() {
            @Override public void onProgress(TrainEvent e) { events.add(e); }
            @Override public void onStatus(RunStatus s, String m) { statuses.add(s); }
        });
        run.start();
        TrainResult r = run.result().get(300, TimeUnit.SECONDS);
        assertEquals(RunStatus.SUCCEEDED, run.status());
        assertEquals(RunStatus.SUCCEEDED, statuses.get(statuses.size() - 1));
        // 240 images, 20 % validation -> 192 training images, 12 steps of 16 per epoch, 4 epochs
        assertEquals(192, r.trainImages());
        assertEquals(120, r.testImages());
        assertEquals(48, r.steps());
        assertEquals(48, events.size());
        assertEquals(1.0, events.get(events.size() - 1).progress(), 1e-12);
        assertTrue(r.testAccuracy() > 0.6, "EMA test accuracy " + r.testAccuracy() + " (chance 0.33)");
        assertTrue(r.testAccuracyRaw() > 0.6, "raw test accuracy " + r.testAccuracyRaw());
        double early = events.subList(0, 6).stream().mapToDouble(TrainEvent::loss).average().orElseThrow();
        double late = events.subList(42, 48).stream().mapToDouble(TrainEvent::loss).average().orElseThrow();
        assertTrue(late < early - 0.2, "loss " + early + " -> " + late);
        assertTrue(events.stream().filter(e -> !Double.isNaN(e.validationAccuracy())).count() == 4, "one validation per epoch");
        for (String f : List.of(TrainRun.CONFIG_FILE, TrainRun.ARCHITECTURE_FILE, TrainRun.CHECKPOINT_FILE, TrainRun.HISTORY_JSON,
                TrainRun.HISTORY_CSV, TrainRun.MODEL_FILE, TrainRun.RESULT_FILE)) {
            assertTrue(Files.exists(runDir.resolve(f)), f);
        }
        String result = Files.readString(runDir.resolve(TrainRun.RESULT_FILE));
        assertTrue(result.contains("\"testImages\" : 120") && result.contains("\"source\" : \"test\""), result);
        assertEquals(49, Files.readAllLines(runDir.resolve(TrainRun.HISTORY_CSV)).size());
        assertEquals(a, TrainRun.readArchitecture(runDir));
        // the saved model is the evaluated network: loading it gives the same test accuracy
        try (TrainedNetwork t = TrainedNetwork.open(runDir, dir, 16)) {
            assertEquals(r.testAccuracy(), t.testAccuracy(0), 1e-9);
        }
    }

    @Test
    void aCrashedRunResumesFromItsLastCheckpointAndEndsLikeAnUninterruptedOne() throws Exception {
        Architecture a = TrainNets.small(3);
        TrainConfig c = TrainFixtures.config(3, 2).withRegularisation(0.2, 0.2);
        TrainResult whole = new TrainRun(a, c, dir, dir.resolve("whole")).runHere();
        TrainRun crashed = new TrainRun(a, c, dir, dir.resolve("crashed"));
        crashed.simulateCrashAfterStep(17); // last checkpoint at step 15 (every 3 steps), second epoch under way
        crashed.start();
        crashed.join();
        assertEquals(RunStatus.FAILED, crashed.status());
        assertFalse(Files.exists(dir.resolve("crashed").resolve(TrainRun.RESULT_FILE)));
        TrainResult resumed = TrainRun.resume(dir, dir.resolve("crashed")).runHere();
        assertEquals(whole.steps(), resumed.steps());
        assertEquals(whole.testAccuracy(), resumed.testAccuracy(), 1e-12);
        assertEquals(whole.testAccuracyRaw(), resumed.testAccuracyRaw(), 1e-12);
        assertArrayEquals(Files.readAllBytes(dir.resolve("whole").resolve(TrainRun.MODEL_FILE)),
                Files.readAllBytes(dir.resolve("crashed").resolve(TrainRun.MODEL_FILE)));
        // the elapsed time continues across the crash from the checkpoint's: known at every step and never going back
        com.fasterxml.jackson.databind.JsonNode steps = org.s3nas.workbench.search.RunFolder.readJson(
                dir.resolve("crashed").resolve(TrainRun.HISTORY_JSON)).get("steps");
        assertEquals(whole.steps(), steps.size());
        double before = 0;
        for (com.fasterxml.jackson.databind.JsonNode row : steps) {
            double elapsed = org.s3nas.workbench.search.RunFolder.number(row.get("elapsedSeconds"));
            assertTrue(elapsed > 0 && elapsed >= before, "elapsed at step " + row.get("step") + ": " + before + " -> " + elapsed);
            before = elapsed;
        }
    }

    @Test
    void pauseHoldsTheRunAndCancelStopsItWithACheckpoint() throws Exception {
        TrainRun run = new TrainRun(TrainNets.small(3), TrainFixtures.config(3, 3), dir, dir.resolve("paused"));
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
        assertTrue(Files.exists(dir.resolve("paused").resolve(TrainRun.CHECKPOINT_FILE)));
        assertFalse(Files.exists(dir.resolve("paused").resolve(TrainRun.RESULT_FILE)));
    }

    @Test
    void evaluatingTheEmaWeightsLeavesTheTrainingStateAsItWas() throws Exception {
        TrainData data = TrainData.load(TrainFixtures.spec(3), dir, 8, 0, 0, 3);
        try (FinalTrainer t = new FinalTrainer(TrainNets.small(3), TrainFixtures.config(3, 1), data)) {
            for (int i = 0; i < 5; i++) t.trainStep();
            float[][] before = t.net.params.stream().map(p -> p.value.clone()).toArray(float[][]::new);
            float[][] ema = t.net.params.stream().map(p -> p.ema.clone()).toArray(float[][]::new);
            float[][] mean = t.net.norms.stream().map(n -> n.runMean.clone()).toArray(float[][]::new);
            t.evaluate(data.test(), 0, true);
            for (int i = 0; i < before.length; i++) {
                assertArrayEquals(before[i], t.net.params.get(i).value);
                assertArrayEquals(ema[i], t.net.params.get(i).ema);
            }
            for (int i = 0; i < mean.length; i++) assertArrayEquals(mean[i], t.net.norms.get(i).runMean);
            // after 5 steps the EMA has moved from the initial weights but is not the raw weights
            Param w = t.net.params.get(0);
            assertFalse(java.util.Arrays.equals(w.value, w.ema));
        }
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        TrainConfig c = TrainFixtures.config(3, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrainRun(TrainNets.small(3), c, dir, dir.resolve("bad")));
        assertTrue(e.getMessage().contains("epochs: must be at least 1"), e.getMessage());
        TrainRun wrongClasses = new TrainRun(TrainNets.small(3), TrainFixtures.config(3, 1).withImages(0, 0), dir.resolve("nowhere"),
                dir.resolve("bad2"));
        Exception x = assertThrows(Exception.class, wrongClasses::runHere);
        assertTrue(String.valueOf(x.getCause() != null ? x.getCause().getMessage() : x.getMessage()).contains("dataset folder not found"),
                String.valueOf(x));
    }
}
