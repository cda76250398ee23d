package org.s3nas.workbench.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.model.Project;

/** A save removes what an interrupted save left beside the project, and writes through a symbolic link. */
class SaveHygieneTest {
    @TempDir
    Path dir;

    @Test
    void temporariesOfAnInterruptedSaveAreRemovedByTheNextSave() throws Exception {
        Project p = ProjectFiles.load(Samples.FASHION);
        Path file = dir.resolve("p.json");
        ProjectFiles.save(p, file);
        // what a save killed between writing and renaming leaves behind
        Path tmp = dir.resolve(".p.json." + UUID.randomUUID() + ".tmp");
        Path bakTmp = dir.resolve(".p.json." + UUID.randomUUID() + ".bak.tmp");
        Path otherProjects = dir.resolve(".q.json." + UUID.randomUUID() + ".tmp");
        Path users = dir.resolve(".p.json.notes.tmp");
        for (Path f : new Path[]{tmp, bakTmp, otherProjects, users}) Files.writeString(f, "{\"half");
        ProjectFiles.save(p.withName("again"), file);
        assertFalse(Files.exists(tmp));
        assertFalse(Files.exists(bakTmp));
        assertTrue(Files.exists(otherProjects), "another project's temporary is that save's business");
        assertTrue(Files.exists(users), "a file that is not a save's temporary is never touched");
        assertEquals("again", ProjectFiles.load(file).name());
    }

    @Test
    void savingThroughASymlinkKeepsTheLink() throws Exception {
        Project p = ProjectFiles.load(Samples.FASHION);
        Path real = dir.resolve("real").resolve("p.json");
        Files.createDirectories(real.getParent());
        ProjectFiles.save(p, real);
        Path link = dir.resolve("link.json");
        Files.createSymbolicLink(link, real);
        ProjectFiles.save(p.withName("through the link"), link);
        assertTrue(Files.isSymbolicLink(link), "the link was replaced by a file");
        assertEquals("through the link", ProjectFiles.load(real).name());
        assertTrue(Files.exists(ProjectFiles.backupOf(real)), "the backup sits beside the real file");
        assertFalse(Files.exists(ProjectFiles.backupOf(link)));
    }
}
