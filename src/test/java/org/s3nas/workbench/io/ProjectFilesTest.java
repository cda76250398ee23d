package org.s3nas.workbench.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.Branch;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.SearchConfig;
import org.s3nas.workbench.model.RunRecord;
import org.s3nas.workbench.model.RunStatus;
import org.s3nas.workbench.model.SavedArchitecture;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Superkernel;

class ProjectFilesTest {
    @TempDir
    Path dir;

    static Stream<Path> samples() {
        return ProjectFiles.BUNDLED_SAMPLES.stream().map(Samples.DIR::resolve);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void roundTripGivesAnEqualProject(Path sample) throws IOException {
        Project p = ProjectFiles.load(sample);
        Path copy = dir.resolve(sample.getFileName());
        ProjectFiles.save(p, copy);
        assertEquals(p, ProjectFiles.load(copy));
        // the committed sample is exactly what save writes: stable field order, no drift
        assertEquals(Files.readString(sample), Files.readString(copy));
    }

    @Test
    void roundTripKeepsEverythingARichProjectHolds() throws IOException {
        Project base = ProjectFiles.load(Samples.FASHION);
        Stage s0 = base.supernet().stages().get(0);
        Superkernel only3 = new Superkernel(List.of(3), List.of(0, 2, 4), true);
        Stage withOverrides = s0.withOverrides(Map.of(1, List.of(only3, only3, s0.superkernels().get(2)), 0, s0.superkernels()))
                .withSeRatio(0.25).withActivation(Activation.HSWISH);
        Architecture a = base.supernet().largest().withName("largest");
        Block b0 = a.blocks().get(0);
        Architecture a2 = a.withBlocks(List.of(b0.withBranches(List.of(new Branch(3, 2), new Branch(5, 0), new Branch(7, 4)))
                .withSeRatio(0.25))).withName("one block");
        Project rich = base.withSupernet(base.supernet().withStage(0, withOverrides))
                .withArchitecture(new SavedArchitecture("largest", "manual", a, Double.NaN))
                .withArchitecture(new SavedArchitecture("one block", "run-1", a2, 0.8125))
                .withRun(new RunRecord("run-1", RunStatus.SUCCEEDED, "runs/run-1", base.search(), "one block",
                        "2024-05-01T10:00:00Z", "2024-05-01T11:00:00Z"))
                .withRun(new RunRecord("run-2", RunStatus.RUNNING, "runs/run-2", base.search().withSeed(7), null,
                        "2024-05-02T10:00:00Z", null));
        Path file = dir.resolve("rich.json");
        ProjectFiles.save(rich, file);
        Project back = ProjectFiles.load(file);
        assertEquals(rich, back);
        assertTrue(Double.isNaN(back.architectures().get(0).accuracy()));
        String text = Files.readString(file);
        assertTrue(text.contains("\"accuracy\": \"NaN\""), "NaN is written as a string JSON can hold");
        assertTrue(text.indexOf("\"0\"") < text.indexOf("\"1\""), "override keys in order");
        assertTrue(text.startsWith("{\n  \"format\": 1,\n  \"name\": "), text.substring(0, 40));
    }

    @Test
    void saveIsAtomicAndKeepsThePreviousVersion() throws IOException {
        Project p = ProjectFiles.load(Samples.FASHION);
        Path file = dir.resolve("p.json");
        ProjectFiles.save(p, file);
        assertFalse(Files.exists(ProjectFiles.backupOf(file)), "no backup of a file that did not exist");
        String first = Files.readString(file);

        Project renamed = p.withName("second");
        ProjectFiles.save(renamed, file);
        assertEquals(renamed, ProjectFiles.load(file));
        assertEquals(first, Files.readString(ProjectFiles.backupOf(file)));
        assertEquals(file.resolveSibling("p.json.bak"), ProjectFiles.backupOf(file));

        ProjectFiles.save(p.withName("third"), file);
        assertEquals("second", ProjectFiles.load(ProjectFiles.backupOf(file)).name());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("p.json", "p.json.bak"), s.map(x -> x.getFileName().toString()).sorted().toList(),
                    "no temporary file left behind");
        }
    }

    @Test
    void saveReplacesTheFileInOneRenameNotInPlace() throws IOException {
        Path file = dir.resolve("p.json");
        Project p = ProjectFiles.load(Samples.FASHION);
        ProjectFiles.save(p, file);
        Object before = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        ProjectFiles.save(p.withName("again"), file);
        Object after = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        // a new inode: the old file was never opened for writing, so a crash mid-write cannot truncate it
        if (before != null && after != null) assertFalse(before.equals(after), "the file was rewritten in place");
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            var perms = java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");
            Files.setPosixFilePermissions(file, perms);
            ProjectFiles.save(p, file);
            assertEquals(perms, Files.getPosixFilePermissions(file), "the user's permissions survive a save");
        }
    }

    @Test
    void invalidProjectIsNotSavedAndTheFileIsUntouched() throws IOException {
        Project p = ProjectFiles.load(Samples.FASHION);
        Path file = dir.resolve("p.json");
        ProjectFiles.save(p, file);
        byte[] before = Files.readAllBytes(file);
        FileTime time = Files.getLastModifiedTime(file);
        Project broken = p.withSupernet(p.supernet().withStage(1, p.supernet().stages().get(1).withDepth(0)));
        ProjectFileException e = assertThrows(ProjectFileException.class, () -> ProjectFiles.save(broken, file));
        assertEquals("supernet.stages[1].depth", e.problems().get(0).path());
        assertTrue(e.getMessage().contains("not saved"));
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(time, Files.getLastModifiedTime(file));
        assertFalse(Files.exists(ProjectFiles.backupOf(file)));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void saveCreatesMissingFolders() throws IOException {
        Path file = dir.resolve("a/b/p.json");
        ProjectFiles.save(ProjectFiles.load(Samples.FASHION), file);
        assertEquals("fashion-mnist", ProjectFiles.load(file).name());
    }

    @Test
    void optionalFieldsMayBeLeftOut() throws IOException {
        String text = Samples.edited(Samples.FASHION, r -> {
            r.remove("description");
            r.remove("runs");
            r.remove("architectures");
            Samples.stage(r, 0).remove("overrides");
            ((com.fasterxml.jackson.databind.node.ObjectNode) r.get("search")).remove(List.of("thresholdLearningRateScale", "thresholdMomentum"));
        });
        Project p = ProjectFiles.parse(text, "hand-written");
        assertEquals("", p.description());
        assertEquals(List.of(), p.runs());
        assertEquals(Map.of(), p.supernet().stages().get(0).overrides());
        // a file from before the thresholds had their own optimiser: the CPU-scale defaults
        assertEquals(SearchConfig.DEFAULT_THRESHOLD_LR_SCALE, p.search().thresholdLearningRateScale());
        assertEquals(SearchConfig.DEFAULT_THRESHOLD_MOMENTUM, p.search().thresholdMomentum());
    }

    @Test
    void dataPathResolvesAgainstTheProjectFolder() throws IOException {
        Project p = ProjectFiles.load(Samples.FASHION);
        assertEquals(Samples.DIR.resolve("data").toAbsolutePath().normalize(), ProjectFiles.resolveDataPath(p, Samples.FASHION));
        Path elsewhere = dir.resolve("x/y/p.json");
        assertEquals(dir.resolve("x/y/data"), ProjectFiles.resolveDataPath(p, elsewhere));
        Project absolute = p.withSearch(p.search().withDataset(
                new org.s3nas.workbench.model.DatasetSpec(p.search().dataset().format(), "/opt/data/../fm", 10, 0.1, false)));
        assertEquals(Path.of("/opt/fm"), ProjectFiles.resolveDataPath(absolute, elsewhere));
        Path relativeProject = Path.of("sample-projects/fashion-mnist.json");
        assertTrue(ProjectFiles.resolveDataPath(p, relativeProject).isAbsolute());
    }

    @Test
    void bundledSampleIsTheRepositorySample() throws IOException {
        assertEquals(ProjectFiles.load(Samples.FASHION), ProjectFiles.loadBundledSample());
        Path file = ProjectFiles.bundledSampleFile();
        Path data = ProjectFiles.resolveDataPath(ProjectFiles.loadBundledSample(), file);
        for (String f : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                "t10k-labels-idx1-ubyte.gz")) {
            assertTrue(Files.isRegularFile(data.resolve(f)), data.resolve(f) + " is missing");
        }
        assertThrows(IllegalArgumentException.class, () -> ProjectFiles.bundledSampleFile("nope.json"));
    }

    @Test
    void samplesUnpackToTheCacheWithTheirData() throws IOException {
        // what happens when the workbench runs from its jar: the samples become real files with data beside them
        Path unpacked = ProjectFiles.unpackSamples(dir.resolve("cache"));
        for (String f : ProjectFiles.BUNDLED_FILES) {
            assertArrayEquals(Files.readAllBytes(Samples.DIR.resolve(f)), Files.readAllBytes(unpacked.resolve(f)), f);
        }
        for (String s : ProjectFiles.BUNDLED_SAMPLES) {
            Path file = unpacked.resolve(s);
            Project p = ProjectFiles.load(file);
            assertEquals(unpacked.resolve("data"), ProjectFiles.resolveDataPath(p, file));
        }
        FileTime t = Files.getLastModifiedTime(unpacked.resolve(".complete"));
        assertEquals(unpacked, ProjectFiles.unpackSamples(dir.resolve("cache")), "a second call reuses the folder");
        assertEquals(t, Files.getLastModifiedTime(unpacked.resolve(".complete")));
        try (Stream<Path> s = Files.list(dir.resolve("cache"))) {
            assertEquals(1, s.count(), "no half-unpacked folder left");
        }
    }

    @Test
    void everyFileOfTheSampleFolderIsBundled() throws IOException {
        try (Stream<Path> s = Files.walk(Samples.DIR)) {
            // latency-table sidecars, backups and the runs/ a search or report writes beside a sample are machine-local
            // artefacts (gitignored), never bundled
            List<String> onDisk = s.filter(Files::isRegularFile).map(p -> Samples.DIR.relativize(p).toString().replace('\\', '/'))
                    .filter(f -> !f.endsWith(".latency.json") && !f.endsWith(".bak") && !f.startsWith("runs/"))
                    .sorted().toList();
            assertEquals(onDisk, ProjectFiles.BUNDLED_FILES.stream().sorted().toList());
        }
    }
}
