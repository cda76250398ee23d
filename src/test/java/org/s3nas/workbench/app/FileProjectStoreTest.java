package org.s3nas.workbench.app;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.model.Project;

import static org.junit.jupiter.api.Assertions.*;

/** The real store over the io package: samples as templates, round trips, refused saves. */
class FileProjectStoreTest {
    private final FileProjectStore store = new FileProjectStore();

    @Test
    void templatesAreTheBundledSamplesWithAbsoluteDataPaths() {
        var templates = store.templates();
        assertEquals(3, templates.size());
        Project fashion = templates.get(0).create();
        assertEquals("fashion-mnist", fashion.name());
        assertEquals(fashion, store.defaultProject());
        Path data = Path.of(fashion.search().dataset().path());
        assertTrue(data.isAbsolute(), data.toString());
        assertTrue(Files.isDirectory(data), "the sample's data folder exists: " + data);
        Project paper = templates.get(1).create();
        assertEquals(224, paper.supernet().input().height());
        assertEquals(29, paper.supernet().totalBlocks());
        assertEquals(29, templates.get(2).create().supernet().totalBlocks());
    }

    @Test
    void saveThenLoadGivesTheSameProjectAndKeepsABackup(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("p.json");
        Project p = store.defaultProject();
        store.save(p, f);
        assertEquals(p, store.load(f));
        store.save(p.withName("second"), f);
        assertTrue(Files.exists(f.resolveSibling("p.json.bak")));
        assertEquals("second", store.load(f).name());
    }

    @Test
    void aBrokenFileRaisesEveryProblemWithItsPath(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("broken.json");
        String text = Files.readString(Path.of("sample-projects/fashion-mnist.json"))
                .replaceFirst("\"depth\": 2", "\"depth\": 0")
                .replaceFirst("\"cims\": 16", "\"cims\": -2");
        Files.writeString(f, text);
        ProjectProblemException e = assertThrows(ProjectProblemException.class, () -> store.load(f));
        assertTrue(e.problems().stream().anyMatch(p -> p.path().equals("supernet.stages[0].depth")), e.problems().toString());
        assertTrue(e.problems().stream().anyMatch(p -> p.path().equals("npu.cims")), e.problems().toString());
        assertEquals(text, Files.readString(f), "reading changes nothing");
    }

    @Test
    void anInvalidProjectIsNotSavedAndTheFileStays(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("p.json");
        Project p = store.defaultProject();
        store.save(p, f);
        String before = Files.readString(f);
        Project broken = p.withSupernet(p.supernet().withStage(0, p.supernet().stages().get(0).withDepth(0)));
        ProjectProblemException e = assertThrows(ProjectProblemException.class, () -> store.save(broken, f));
        assertEquals("supernet.stages[0].depth", e.problems().get(0).path());
        assertEquals(before, Files.readString(f));
    }
}
