package org.s3nas.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.s3nas.workbench.app.train.TrainFolders;
import org.s3nas.workbench.io.ProjectFiles;
import org.s3nas.workbench.io.export.PythonTorch;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.post.SeTransforms;
import org.s3nas.workbench.train.TrainHistoryRow;
import org.s3nas.workbench.search.RunFolder;
import org.s3nas.workbench.train.TrainConfig;
import org.s3nas.workbench.train.TrainRun;
import org.s3nas.workbench.train.TrainedNetwork;

/**
 * The exported final training end to end on a tiny budget (issue #12 item 2): {@code export-training} of the
 * fashion-mnist sample's smallest network with SE and h-swish, run with two DDP processes (gloo on the CPU) through launch.py, one worker
 * killed with -9 after a checkpoint, continued with the documented {@code --resume}; the run folder then reads through
 * the workbench's readers as any training run (TrainFolders, TrainRun, TrainedNetwork: its model.bin gives the test
 * accuracy the run reported). A name the project does not know is a one-line error, exit 2.
 */
class ExportedTrainingTest {
    private static final Path PROJECT = Path.of("sample-projects/fashion-mnist.json");
    private static final int LIMIT = 600, BATCH = 32, EPOCHS = 2, TEST = 300;

    @TempDir
    Path dir;

    @BeforeAll
    static void needsTorch() {
        Assumptions.assumeTrue(PythonTorch.available(), PythonTorch.MISSING);
    }

    static TrainCommandsTest.Run cli(String... args) {
        return TrainCommandsTest.run(args);
    }

    @Test
    void anUnknownArchitectureIsOneLineAndExit2() {
        TrainCommandsTest.Run r = cli("export-training", PROJECT.toString(), "--architecture", "nope", "--out", dir.resolve("pkg").toString());
        assertEquals(2, r.exit(), r.err());
        assertEquals("export-training: --architecture: project 'fashion-mnist' has no architecture 'nope'; known: largest, smallest",
                r.err().strip());
        assertFalse(Files.exists(dir.resolve("pkg")), "nothing written");
    }

    private Process launch(Path pkg, Path log, String... trainArgs) throws IOException {
        return PythonTorch.launchTwo(pkg, "train.py", dir, log, trainArgs);
    }

    @Test
    void ddpTrainingSurvivesAKilledWorkerAndItsRunFolderReadsAsATrainingRun() throws Exception {
        Project p = ProjectFiles.load(PROJECT);
        Path pkg = dir.resolve("exported"), run = dir.resolve("runs").resolve("train-smallest");
        TrainCommandsTest.Run export = cli("export-training", PROJECT.toString(), "--architecture", "smallest", "--with-se", "--out", pkg.toString(), "--epochs",
                String.valueOf(EPOCHS), "--test-images", String.valueOf(TEST));
        assertEquals(0, export.exit(), export.err());
        assertTrue(Files.exists(pkg.resolve("training.json")) && Files.exists(pkg.resolve("s3nas_torch.py")), export.out());
        Architecture smallest = SeTransforms.withSeAndHswish(ArchitectureOptions.resolve(p, "smallest"));
        int steps = EPOCHS * ((LIMIT - LIMIT / 10) / BATCH);

        Path log1 = dir.resolve("first.log");
        Process first = launch(pkg, log1, "--limit-images", String.valueOf(LIMIT), "--batch-size", String.valueOf(BATCH),
                "--checkpoint-every", "3", "--threads", "1", "--progress-every", "0", "--out", run.toString());
        PythonTorch.killAWorkerAfterCheckpoint(first, "train.py", run, 3, log1, "training");
        assertNotEquals(0, first.exitValue(), () -> read(log1));
        long killedAt = checkpointStep(run);
        assertFalse(Files.exists(run.resolve(TrainRun.RESULT_FILE)), "the killed run did not finish (killed after step " + killedAt + ")");
        assertTrue(killedAt < steps, "killed before the end: " + killedAt);
        assertEquals(TrainFolders.State.PYTORCH, TrainFolders.read(run).state(), "the Training view does not resume it with this engine");

        Path log2 = dir.resolve("second.log");
        Process second = launch(pkg, log2, "--resume", run.toString(), "--threads", "1");
        String out = PythonTorch.awaitFinish(second, 400, log2, "the resumed training");
        assertEquals(0, second.exitValue(), out);
        Matcher m = Pattern.compile("resumed .* at step (\\d+)").matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Long.parseLong(m.group(1)) >= 3 && Long.parseLong(m.group(1)) >= killedAt, out);

        // the workbench's readers: the Training view's folder entry, history and result; TrainRun's configuration and architecture
        TrainFolders.Entry e = TrainFolders.read(run);
        assertEquals(TrainFolders.State.FINISHED, e.state(), e.problem());
        assertEquals("", e.problem());
        assertEquals(smallest, e.architecture());
        assertEquals(smallest, TrainRun.readArchitecture(run));
        TrainConfig c = TrainRun.readConfig(run);
        assertEquals(c, e.config());
        assertEquals(EPOCHS, c.epochs());
        assertEquals(BATCH, c.batchSize());
        assertEquals(LIMIT, c.limitImages());
        assertEquals(steps, e.lastStep());
        assertEquals(EPOCHS, e.lastEpoch());
        List<TrainHistoryRow> h = TrainFolders.readHistory(run);
        assertEquals(steps, h.size(), "every step once");
        for (int i = 0; i < steps; i++) {
            TrainHistoryRow row = h.get(i);
            assertEquals(i + 1, row.step());
            assertTrue(Double.isFinite(row.loss()) && row.loss() > 0, "loss of step " + row.step());
            assertTrue(row.trainAccuracy() >= 0 && row.trainAccuracy() <= 1);
            assertTrue(row.learningRate() > 0 && row.learningRate() <= c.learningRate() * (1 + 1e-12));
            boolean epochEnd = (i + 1) % (steps / EPOCHS) == 0;
            assertEquals(epochEnd, Double.isFinite(row.validationAccuracy()), "validation at the epoch ends only, step " + row.step());
            assertEquals(i / (steps / EPOCHS), row.epoch());
        }
        TrainFolders.Result r = e.result();
        assertNotNull(r);
        assertTrue(r.testAccuracy() >= 0 && r.testAccuracy() <= 1 && r.testAccuracyRaw() >= 0 && r.testAccuracyRaw() <= 1, r.toString());
        assertTrue(r.validationAccuracy() >= 0 && r.validationAccuracy() <= 1, r.toString());
        assertEquals(steps, r.steps());
        assertEquals(LIMIT - LIMIT / 10, r.trainImages());
        assertEquals(TEST, r.testImages());
        assertEquals(EPOCHS, r.epochs());
        assertEquals(new MidapSimulator(p.npu()).latencyMs(smallest), r.simulatedLatencyMs(), 1e-12);
        assertEquals(2, RunFolder.readJson(run.resolve(TrainRun.RESULT_FILE)).get("engine").get("processes").asInt());

        // model.bin is the trained network in the workbench's format: the ND4J forward gives the accuracy PyTorch measured
        assertTrue(TrainedNetwork.isTrained(run));
        try (TrainedNetwork net = TrainedNetwork.open(run, PROJECT.toAbsolutePath().getParent(), 50)) {
            assertEquals(r.testAccuracy(), net.testAccuracy(TEST), 2.0 / TEST, "the ND4J engine on the PyTorch-trained weights");
        }
    }

    private static long checkpointStep(Path run) {
        return PythonTorch.checkpointStep(run);
    }

    private static String read(Path f) {
        return PythonTorch.read(f);
    }
}
