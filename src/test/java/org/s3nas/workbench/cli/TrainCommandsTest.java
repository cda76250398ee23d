package org.s3nas.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.engine.data.IdxFiles;
import org.s3nas.workbench.experiments.RandomSearch;
import org.s3nas.workbench.io.ProjectFiles;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.BlockKind;
import org.s3nas.workbench.model.DatasetFormat;
import org.s3nas.workbench.model.DatasetSpec;
import org.s3nas.workbench.model.Head;
import org.s3nas.workbench.model.InputShape;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.SearchConfig;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Stem;
import org.s3nas.workbench.model.Superkernel;
import org.s3nas.workbench.model.Supernet;
import org.s3nas.workbench.npu.ArchitectureSampler;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.train.TrainRun;
import picocli.CommandLine;

/** train, se-rank on the trained network, random-search: a tiny project end to end through the command line. */
class TrainCommandsTest {
    @TempDir
    static Path dir;
    static Path project;

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        CommandLine cl = S3nasCli.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void tinyProject() throws Exception {
        Path data = dir.resolve("data");
        IdxFiles.write(data, 100, 8, 3, true, 21);
        Random r = new Random(22);
        byte[] px = new byte[30 * 64], lb = new byte[30];
        for (int i = 0; i < 30; i++) {
            lb[i] = (byte) r.nextInt(3);
            for (int p = 0; p < 64; p++) px[i * 64 + p] = (byte) (((p / 8) * 3 / 8 == lb[i] ? 180 : 30) + r.nextInt(60));
        }
        IdxFiles.writeIdx(data.resolve("t10k-images-idx3-ubyte.gz"), 0x803, new int[]{30, 8, 8}, px, true);
        IdxFiles.writeIdx(data.resolve("t10k-labels-idx1-ubyte.gz"), 0x801, new int[]{30}, lb, true);
        List<Superkernel> mix = List.of(new Superkernel(List.of(3, 5), List.of(0, 1), false),
                new Superkernel(List.of(3, 5, 7), List.of(0, 1), true));
        Supernet s = new Supernet("tiny", InputShape.square(8, 1), new Stem(4, 3, 1, Activation.RELU), List.of(
                new Stage(8, 2, 1, BlockKind.MIXCONV, mix, 0, Activation.RELU),
                new Stage(12, 1, 2, BlockKind.MIXCONV, mix, 0, Activation.RELU)), new Head(16, 3, Activation.RELU));
        SearchConfig d = SearchConfig.defaults(new DatasetSpec(DatasetFormat.IDX, "data", 3, 0.2, false), 8, 0.01);
        SearchConfig c = new SearchConfig(d.dataset(), 8, 0.01, d.loss(), 15, 100, 1, 1, 16, 0.02, 0.97, 2.4, 1e-5, 0.1, 10,
                0.9, 0.9, 1e-3, SearchConfig.DEFAULT_THRESHOLD_LR_SCALE, SearchConfig.DEFAULT_THRESHOLD_MOMENTUM, null, 5, 0, 50);
        project = dir.resolve("tiny.json");
        ProjectFiles.save(new Project("tiny", "", s, NpuConfig.midap(), c, List.of(), List.of()), project);
    }

    @Test
    void searchTakesTheThresholdOptimiserFromTheCommandLineAndRefusesABadOne() throws Exception {
        Path out = dir.resolve("search-rates");
        Run r = run("search", project.toString(), "--out", out.toString(), "--threshold-lr-scale", "2", "--threshold-momentum", "0.5",
                "--progress-ms", "0");
        assertEquals(0, r.exit(), r.err() + r.out());
        SearchConfig used = org.s3nas.workbench.io.Json.mapper().readValue(out.resolve(org.s3nas.workbench.search.SearchRun.CONFIG_FILE).toFile(),
                SearchConfig.class);
        assertEquals(2.0, used.thresholdLearningRateScale());
        assertEquals(0.5, used.thresholdMomentum());

        Run bad = run("search", project.toString(), "--out", dir.resolve("search-bad").toString(), "--threshold-momentum", "1");
        assertEquals(2, bad.exit(), bad.out());
        assertTrue(bad.err().contains("search.thresholdMomentum: must be in [0, 1), was 1.0"), bad.err());
    }

    @Test
    void aSearchThatCannotReachItsTargetSaysSoExitsThreeAndWritesItsFolderBesideTheProject() throws Exception {
        Run r = run("search", project.toString(), "--target-ms", "0.0001", "--progress-ms", "0");
        assertEquals(3, r.exit(), r.err() + r.out());
        String[] lines = r.out().strip().split("\n");
        assertTrue(lines[lines.length - 1].startsWith("TARGET MISSED: ") && lines[lines.length - 1].contains("% of the 0.0001000 ms target"),
                lines[lines.length - 1]);
        assertTrue(r.out().contains("target missed: latency "), r.out());
        // no --out: the run folder is runs/run-<time> beside the project file (the workbench names its searches alike), not in the working directory
        try (var runs = Files.list(dir.resolve("runs"))) {
            Path folder = runs.filter(f -> f.getFileName().toString().startsWith("run-")).findFirst().orElseThrow();
            var result = new com.fasterxml.jackson.databind.ObjectMapper().readTree(folder.resolve(org.s3nas.workbench.search.SearchRun.RESULT_FILE).toFile());
            assertEquals("TARGET_MISSED", result.get("status").asText());
            assertFalse(result.get("targetMet").asBoolean());
        }
    }

    @Test
    void trainWritesItsRunFolderAndSeRankFindsTheTrainedNetworkThere() throws Exception {
        Run t = run("train", project.toString(), "--architecture", "largest", "--with-se", "--epochs", "1", "--progress-ms", "0");
        assertEquals(0, t.exit(), t.err() + t.out());
        assertTrue(t.out().contains("test accuracy") && t.out().contains("on 30 test images"), t.out());
        Path runDir = dir.resolve("runs").resolve("train-tiny-largest-se-h-swish"); // the layout the workspace keeps
        assertTrue(Files.exists(runDir.resolve(TrainRun.MODEL_FILE)), runDir.toString());
        String result = Files.readString(runDir.resolve(TrainRun.RESULT_FILE));
        assertTrue(result.contains("\"simulatedLatencyMs\"") && result.contains("\"trainImages\" : 80"), result);

        Run rank = run("se-rank", project.toString(), "--architecture", "largest", "--with-se", "--images", "30");
        assertEquals(0, rank.exit(), rank.err());
        assertTrue(rank.out().contains("SE ranking of 'tiny (largest) +SE +h-swish' over 30 images"), rank.out());
        assertTrue(rank.out().contains("Removal curve"), rank.out());

        // a searched architecture: trained under a name, saved in the project, ranked by that name
        Path arch = dir.resolve("searched.json");
        Files.writeString(arch, "{\"format\": 1, \"architecture\": " + org.s3nas.workbench.io.Json.mapper().writeValueAsString(
                org.s3nas.workbench.post.SeTransforms.withSeAndHswish(ProjectFiles.load(project).supernet().largest().withoutSkips())) + "}");
        Run saved = run("train", project.toString(), "--architecture-file", arch.toString(), "--save", "found", "--epochs", "1");
        assertEquals(0, saved.exit(), saved.err());
        assertTrue(saved.out().contains("saved 'found'"), saved.out());
        assertTrue(ProjectFiles.load(project).architectures().stream().anyMatch(a -> a.name().equals("found") && a.accuracy() >= 0));
        Run rankSaved = run("se-rank", project.toString(), "--architecture", "found", "--images", "10", "--format", "json");
        assertEquals(0, rankSaved.exit(), rankSaved.err());
        assertTrue(rankSaved.out().contains("\"ranking\""), rankSaved.out());

        Run untrained = run("se-rank", project.toString(), "--architecture", "smallest", "--with-se");
        assertEquals(4, untrained.exit(), untrained.err());
        assertTrue(untrained.err().contains("No finished training of 'tiny (smallest) +SE +h-swish'"), untrained.err());
    }

    @Test
    void trainNamesBadInput() {
        Run r = run("train", project.toString(), "--architecture", "nope");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("has no architecture 'nope'"), r.err());
        r = run("train", project.toString(), "--architecture-file", dir.resolve("missing.json").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("missing.json: not found"), r.err());
        r = run("train", project.toString(), "--architecture", "largest", "--epochs", "0");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("epochs: must be at least 1"), r.err());
        r = run("train", project.toString());
        assertEquals(2, r.exit());
    }

    @Test
    void randomSearchKeepsSamplesAtTheTargetAndTrainsTheBest() throws Exception {
        Project p = ProjectFiles.load(project);
        MidapSimulator sim = new MidapSimulator(p.npu());
        double target = sim.latencyMs(ArchitectureSampler.sample(p.supernet(), new Random(3), "x").withoutSkips());
        Path out = dir.resolve("random");
        Run r = run("random-search", project.toString(), "--target-ms", String.valueOf(target), "--tolerance", "0.1", "--samples", "1",
                "--epochs", "1", "--out", out.toString());
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains("random search: best of 1 candidates"), r.out());
        String json = Files.readString(out.resolve(RandomSearch.RESULT_FILE));
        assertTrue(json.contains("\"final\""), json);
        Run none = run("random-search", project.toString(), "--target-ms", "1000", "--tolerance", "0.01", "--samples", "1", "--max-draws", "50");
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("no architecture of 'tiny' within 1.0 % of 1000.0000 ms"), none.err());
    }
}
