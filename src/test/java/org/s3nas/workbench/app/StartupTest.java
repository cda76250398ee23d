package org.s3nas.workbench.app;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

class StartupTest {
    private final FileProjectStore store = new FileProjectStore();

    @Test
    void noProjectOpensTheBundledSampleAsAnUnsavedProject() {
        Startup s = Startup.load(store, null);
        assertEquals("fashion-mnist", s.project().name());
        assertNull(s.path(), "saving must not overwrite the bundled sample");
        assertNull(s.failure());
    }

    @Test
    void aGivenProjectIsOpenedFromItsFile() {
        Startup s = Startup.load(store, Path.of("sample-projects/s3nas-imagenet.json"));
        assertEquals("s3nas-imagenet", s.project().name());
        assertEquals(Path.of("sample-projects/s3nas-imagenet.json").toAbsolutePath(), s.path());
    }

    @Test
    void aBrokenProjectFallsBackToTheSampleAndKeepsTheProblems(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.json");
        Files.writeString(f, "{ \"format\": 1, \"name\": ");
        Startup s = Startup.load(store, f);
        assertEquals("fashion-mnist", s.project().name());
        assertNotNull(s.failure());
        assertFalse(s.failure().problems().isEmpty());
        assertEquals(f, s.failure().file());
    }
}
