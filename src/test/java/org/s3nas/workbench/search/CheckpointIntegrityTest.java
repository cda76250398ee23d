package org.s3nas.workbench.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.model.RunStatus;
import org.s3nas.workbench.model.SearchConfig;
import org.s3nas.workbench.model.EngineFailure;
import org.s3nas.workbench.engine.CheckpointIo;
import org.s3nas.workbench.engine.data.Datasets;

/**
 * Checkpoints are framed with their length and CRC-32: a truncated or damaged one is named with what is wrong when
 * a run resumes; a checkpoint written before the frame existed still resumes; a finished run is not resumed; a run's
 * stored configuration is validated again.
 */
class CheckpointIntegrityTest {
    @TempDir
    static Path dir;
    static SearchResult whole;
    static Path crashed;

    @BeforeAll
    static void runs() throws Exception {
        org.s3nas.workbench.engine.data.IdxFiles.write(dir.resolve("data"), 96, 8, 3, true, 7);
        double target = 1.0 + 0.4 * (SearchRunTest.maxLatency() - 1.0);
        whole = new SearchRun(SearchRunTest.supernet, SearchRunTest.config(target), dir, dir.resolve("whole"), SearchRunTest.latency).runHere();
        crashed = dir.resolve("crashed");
        SearchRun c = new SearchRun(SearchRunTest.supernet, SearchRunTest.config(target), dir, crashed, SearchRunTest.latency);
        c.simulateCrashAfterStep(11);
        c.start();
        c.join();
        assertEquals(RunStatus.FAILED, c.status());
    }

    /** A copy of the crashed run folder whose checkpoint is replaced by {@code bytes}. */
    static Path copyWith(String name, byte[] bytes) throws IOException {
        Path d = dir.resolve(name);
        Files.createDirectories(d);
        try (Stream<Path> s = Files.list(crashed)) {
            for (Path f : s.toList()) Files.copy(f, d.resolve(f.getFileName()));
        }
        Files.write(d.resolve(SearchRun.CHECKPOINT_FILE), bytes);
        return d;
    }

    static byte[] checkpoint() throws IOException { return Files.readAllBytes(crashed.resolve(SearchRun.CHECKPOINT_FILE)); }

    /** Resumes {@code d}; returns the one-line message the CLI prints for its failure. */
    static String resumeFailure(Path d) {
        try {
            SearchRun r = SearchRun.resume(SearchRunTest.supernet, dir, d, SearchRunTest.latency);
            r.runHere();
        } catch (CompletionException | IOException e) {
            return EngineFailure.describe(e);
        }
        return fail("the damaged checkpoint of " + d + " resumed");
    }

    @Test
    void theWrittenCheckpointIsFramed() throws IOException {
        byte[] b = checkpoint();
        assertEquals(CheckpointIo.FRAME_MAGIC, java.nio.ByteBuffer.wrap(b).getInt(0));
        assertEquals(b.length - CheckpointIo.FRAME_HEAD - CheckpointIo.FRAME_TAIL, java.nio.ByteBuffer.wrap(b).getLong(b.length - 16));
    }

    @Test
    void aTruncatedCheckpointIsNamedAsTruncated() throws IOException {
        byte[] b = checkpoint();
        Path d = copyWith("truncated", Arrays.copyOf(b, b.length / 2));
        String m = resumeFailure(d);
        assertTrue(m.contains(d.resolve(SearchRun.CHECKPOINT_FILE).toString()) && m.contains("truncated"), m);
        assertTrue(!m.contains("Exception") && !m.equals("null"), m);
        String what = m.substring(m.indexOf(SearchRun.CHECKPOINT_FILE));
        assertTrue(what.contains("(" + b.length / 2 + " bytes") && !what.matches(".*-\\d.*"), "the file's real size, no number read from inside it: " + m);
    }

    @Test
    void aFlippedByteIsNamedAsDamaged() throws IOException {
        byte[] b = checkpoint();
        b[b.length / 3] ^= 0x10;
        Path d = copyWith("flipped", b);
        String m = resumeFailure(d);
        assertTrue(m.contains(d.resolve(SearchRun.CHECKPOINT_FILE).toString()) && m.contains("checksum does not match"), m);
    }

    /** Today's main wrote the body without the frame: such a checkpoint still resumes, to the same result. */
    @Test
    void aCheckpointWithoutTheFrameStillResumes() throws Exception {
        byte[] b = checkpoint();
        byte[] old = Arrays.copyOfRange(b, CheckpointIo.FRAME_HEAD, b.length - CheckpointIo.FRAME_TAIL);
        Path d = copyWith("unframed", old);
        SearchResult r = SearchRun.resume(SearchRunTest.supernet, dir, d, SearchRunTest.latency).runHere();
        assertEquals(whole.steps(), r.steps());
        assertArrayEquals(whole.thresholds(), r.thresholds(), 1e-9);
        assertEquals(whole.architecture().blocks(), r.architecture().blocks());
        // ... and a truncated one of that layout names the file instead of "null"
        Path t = copyWith("unframed-truncated", Arrays.copyOf(old, old.length - 100));
        String m = resumeFailure(t);
        assertTrue(m.contains(t.resolve(SearchRun.CHECKPOINT_FILE).toString()) && m.contains("ends early"), m);
    }

    @Test
    void aStoredBatchSizeOfZeroIsRefusedOnResume() throws IOException {
        Path d = copyWith("batch0", checkpoint());
        Path cfg = d.resolve(SearchRun.CONFIG_FILE);
        Files.writeString(cfg, Files.readString(cfg).replaceFirst("\"batchSize\"\\s*:\\s*\\d+", "\"batchSize\" : 0"));
        IOException e = assertThrows(IOException.class, () -> SearchRun.resume(SearchRunTest.supernet, dir, d, SearchRunTest.latency));
        assertTrue(e.getMessage().contains(cfg.toString()) && e.getMessage().contains("batchSize: must be at least 1, was 0"), e.getMessage());
    }

    @Test
    void resumingAFinishedRunSaysSoAndChangesNothing() throws IOException {
        Path w = dir.resolve("whole");
        byte[] result = Files.readAllBytes(w.resolve(SearchRun.RESULT_FILE));
        byte[] ckpt = Files.readAllBytes(w.resolve(SearchRun.CHECKPOINT_FILE));
        IOException e = assertThrows(IOException.class, () -> SearchRun.resume(SearchRunTest.supernet, dir, w, SearchRunTest.latency));
        assertTrue(e.getMessage().contains("has finished") && e.getMessage().contains("nothing was changed"), e.getMessage());
        assertArrayEquals(result, Files.readAllBytes(w.resolve(SearchRun.RESULT_FILE)));
        assertArrayEquals(ckpt, Files.readAllBytes(w.resolve(SearchRun.CHECKPOINT_FILE)));
    }

    /**
     * 300 seeded corruptions (truncations, byte flips, inserted and deleted bytes, zeroed ranges, swapped frames) of a
     * real checkpoint, each through the search's own reader: every one fails with a message naming the file, or
     * (where the damage is outside what is read) reads the same state.
     */
    @Test
    void fuzzedCheckpointsAreRejectedWithTheFileNamed() throws Exception {
        byte[] good = checkpoint();
        SearchConfig cfg = SearchRunTest.config(1.0);
        var all = Datasets.loadTraining(cfg.dataset(), dir);
        var split = Datasets.split(all, cfg.dataset().validationFraction(), cfg.limitImages(), cfg.trainingResolution(), cfg.seed());
        Random rnd = new Random(16);
        Path f = dir.resolve("fuzz.bin");
        int rejected = 0;
        try (SearchEngine engine = new SearchEngine(SearchRunTest.supernet, cfg, split, SearchRunTest.latency)) {
            for (int i = 0; i < 300; i++) {
                byte[] b = corrupt(good, rnd, i);
                Files.write(f, b);
                try {
                    engine.readCheckpoint(f);
                    assertTrue(Arrays.equals(b, good), "case " + i + ": a changed checkpoint was read without complaint");
                } catch (IOException e) {
                    rejected++;
                    String m = EngineFailure.describe(e);
                    assertTrue(m.contains(f.toString()), "case " + i + ": " + m);
                    assertTrue(!m.contains("Exception") && !m.contains("java."), "case " + i + ": " + m);
                }
            }
        }
        assertTrue(rejected >= 290, rejected + " of 300 rejected");
    }

    static byte[] corrupt(byte[] good, Random rnd, int i) {
        byte[] b = good.clone();
        int n = b.length;
        switch (i % 6) {
            case 0 -> { return Arrays.copyOf(b, rnd.nextInt(n)); }
            case 1 -> b[rnd.nextInt(n)] ^= (byte) (1 + rnd.nextInt(255));
            case 2 -> {
                int at = rnd.nextInt(n);
                byte[] c = new byte[n + 1];
                System.arraycopy(b, 0, c, 0, at);
                c[at] = (byte) rnd.nextInt(256);
                System.arraycopy(b, at, c, at + 1, n - at);
                return c;
            }
            case 3 -> {
                int at = rnd.nextInt(n);
                byte[] c = new byte[n - 1];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(b, at + 1, c, at, n - at - 1);
                return c;
            }
            case 4 -> {
                int at = rnd.nextInt(n), len = 1 + rnd.nextInt(Math.min(64, n - at));
                boolean changed = false;
                for (int k = at; k < at + len; k++) {
                    changed |= b[k] != 0;
                    b[k] = 0;
                }
                if (!changed) b[at] = 1;
            }
            default -> {
                // the length in the trailer says something else
                java.nio.ByteBuffer.wrap(b).putLong(n - 16, rnd.nextLong());
            }
        }
        return b;
    }
}
