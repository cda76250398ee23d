package org.s3nas.workbench.app.post;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.app.DirectTaskExecutor;
import org.s3nas.workbench.app.NoDialogs;
import org.s3nas.workbench.app.NoStore;
import org.s3nas.workbench.cli.S3nasCli;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.post.SeRanking;
import org.s3nas.workbench.post.SeTransforms;
import org.s3nas.workbench.train.TrainRun;
import org.s3nas.workbench.train.TrainedNetwork;

/** The workbench's own excitation sources: the train command's run folders beside the project file. */
class TrainedRunsTest {
    private final Project sample = PostFixtures.sample("fashion-mnist.json");
    private final Architecture withSe = SeTransforms.withSeAndHswish(sample.supernet().largest().withoutSkips());

    @Test
    void anUnsavedProjectHasNoRunsFolder() {
        ExcitationSources.Lookup l = new TrainedRuns().find(sample, null, withSe);
        assertNull(l.source());
        assertTrue(l.reason().startsWith("The project is not saved to a file"), l.reason());
    }

    @Test
    void anUntrainedArchitectureSaysWhereTheRunShouldBeAndHowToMakeIt(@TempDir Path dir) {
        Path file = dir.resolve("p.json");
        ExcitationSources.Lookup l = new TrainedRuns().find(sample, file, withSe);
        assertNull(l.source());
        Path run = org.s3nas.workbench.workspace.Workspace.of(dir.resolve("p.json")).trainingDirectory(withSe.name());
        assertTrue(l.reason().contains("No finished training of '" + withSe.name() + "' in " + run), l.reason());
        assertTrue(l.reason().contains("s3nas train p.json --architecture <name> --with-se"), l.reason());
    }

    /**
     * End to end on real weights: the train command trains the sample's largest network with SE for a few steps, and
     * the SE panel ranks that network's SE blocks from its own excitations (whatever they are: the test checks that
     * the panel shows exactly what the engine measures on the trained network, and that it closes the network).
     */
    @Test
    void aNetworkTrainedByTheTrainCommandIsRankedInThePanel(@TempDir Path dir) throws Exception {
        Files.copy(Path.of("sample-projects/fashion-mnist.json"), dir.resolve("fashion-mnist.json"));
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        try (var files = Files.list(Path.of("sample-projects/data"))) {
            for (Path f : files.toList()) Files.copy(f, data.resolve(f.getFileName()));
        }
        Path project = dir.resolve("fashion-mnist.json");
        PrintStream out = System.out;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(log, true));
            code = S3nasCli.run(new String[]{"train", project.toString(), "--architecture", "largest", "--with-se", "--epochs", "1",
                    "--limit-images", "24", "--batch", "8", "--test-images", "8", "--progress-ms", "60000"});
        } finally {
            System.setOut(out);
        }
        assertEquals(0, code, log.toString());
        Path run = org.s3nas.workbench.workspace.Workspace.of(dir.resolve("p.json")).trainingDirectory(withSe.name());
        assertTrue(TrainedNetwork.isTrained(run), "trained in " + run);

        var executor = new DirectTaskExecutor();
        var model = new org.s3nas.workbench.app.WorkbenchModel(new NoStore(sample), new NoDialogs(), executor,
                PostFixtures.preferences(), org.s3nas.workbench.io.ProjectFiles.load(project), project);
        SeViewModel vm = new PostViewModel(model).se(); // the workbench's default: simulator + TrainedRuns
        assertTrue(vm.select(ArchitectureChoice.LARGEST));
        vm.imagesProperty().set(20);
        assertTrue(vm.analyse(), vm.errorProperty().get());
        assertTrue(vm.rankedProperty().get(), vm.rankingMessageProperty().get());

        List<SeRanking.Score> expected;
        try (TrainedNetwork t = TrainedNetwork.open(run, dir, TrainedRuns.BATCH)) {
            expected = SeRanking.rank(t, 20);
        }
        assertEquals(expected.stream().map(SeRanking.Score::blockIndex).toList(), vm.ranking().stream().map(SeViewModel.RankRow::blockIndex).toList());
        for (int i = 0; i < expected.size(); i++) assertEquals(expected.get(i).metric(), vm.ranking().get(i).metric(), 1e-12);
        assertEquals(Set.copyOf(SeTransforms.seBlocks(withSe)), vm.ranking().stream().map(SeViewModel.RankRow::blockIndex).collect(Collectors.toSet()));
        assertEquals(20, vm.ranking().get(0).images());
        assertEquals(SeRanking.removalCurve(withSe, expected, new MidapSimulator(sample.npu())::latencyMs), vm.removalCurve());
        SeViewModel.Histogram h = vm.histogram(vm.histogramAProperty().get());
        assertEquals(SeViewModel.SAMPLE_IMAGES, h.perImage().size());
        for (int[] bins : h.perImage()) {
            assertEquals(withSe.blocks().get(h.blockIndex()).expandedChannels(), java.util.Arrays.stream(bins).sum(), "one count per channel");
        }
    }
}
