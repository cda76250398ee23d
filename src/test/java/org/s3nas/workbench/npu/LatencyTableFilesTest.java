package org.s3nas.workbench.npu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.io.LatencyTableFiles;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Supernet;

/** The latency table's JSON sidecar. */
class LatencyTableFilesTest {
    @TempDir Path dir;
    private final Supernet paper = LatencyFixtures.paperSupernet();
    private final NpuConfig npu = NpuConfig.midap();

    @Test
    void roundTripsEveryEntry() throws IOException {
        LatencyTable t = LatencyFixtures.fakeTable(paper, npu);
        Path f = LatencyTableFiles.sidecarOf(dir.resolve("s3nas-imagenet.json"));
        assertEquals("s3nas-imagenet.latency.json", f.getFileName().toString());
        LatencyTableFiles.write(t, f);
        String text = Files.readString(f);
        assertTrue(text.contains("\"format\" : 1"), text.substring(0, 200));
        LatencyTable back = LatencyTableFiles.read(f, paper, npu);
        assertEquals(t.fingerprint(), back.fingerprint());
        assertEquals(t.stemCycles(), back.stemCycles());
        assertEquals(t.headCycles(), back.headCycles());
        for (int p = 0; p < t.positionCount(); p++) {
            for (BlockConfiguration c : t.configurations(p)) assertEquals(t.cycles(p, c), back.cycles(p, c));
        }
        assertTrue(LatencyTableFiles.readIfFor(f, paper, npu).isPresent());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void aStaleTableIsNotUsed() throws IOException {
        Path f = dir.resolve("t.latency.json");
        LatencyTableFiles.write(LatencyFixtures.fakeTable(paper, npu), f);
        NpuConfig other = new NpuConfig(1.0, 1, 16, 64, 4, 128 * 1024, 16 * 1024, true, 128 * 1024, 4096, 4096,
                25, 41.25, 14.625, 8192, 235, 89856, false, 6, npu.bankPolicy(), true);
        assertFalse(LatencyTableFiles.readIfFor(f, paper, other).isPresent());
        IOException e = assertThrows(IOException.class, () -> LatencyTableFiles.read(f, paper, other));
        assertTrue(e.getMessage().contains("profile again"), e.getMessage());
        assertFalse(LatencyTableFiles.readIfFor(dir.resolve("missing.json"), paper, npu).isPresent());
    }

    @Test
    void badFilesNameTheField() throws IOException {
        Path f = dir.resolve("t.latency.json");
        LatencyTableFiles.write(LatencyFixtures.fakeTable(paper, npu), f);
        String good = Files.readString(f);
        Files.writeString(f, good.replaceFirst("\"configuration\" : \"k3e2\"", "\"configuration\" : \"k3e2\", \"colour\" : 1"));
        IOException e = assertThrows(IOException.class, () -> LatencyTableFiles.read(f, paper, npu));
        assertTrue(e.getMessage().contains("blocks[0].entries[0].colour: unknown field"), e.getMessage());
        Files.writeString(f, good.replace("\"format\" : 1", "\"format\" : 2"));
        e = assertThrows(IOException.class, () -> LatencyTableFiles.read(f, paper, npu));
        assertTrue(e.getMessage().contains("format"), e.getMessage());
        Files.writeString(f, good.replaceFirst("\"configuration\" : \"k3e2\"", "\"configuration\" : \"k3x2\""));
        e = assertThrows(IOException.class, () -> LatencyTableFiles.read(f, paper, npu));
        assertTrue(e.getMessage().contains("blocks[0].entries[0].configuration"), e.getMessage());
        Files.writeString(f, good.substring(0, good.length() / 2));
        e = assertThrows(IOException.class, () -> LatencyTableFiles.read(f, paper, npu));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }
}
