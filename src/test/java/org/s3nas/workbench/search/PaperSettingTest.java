package org.s3nas.workbench.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.s3nas.workbench.engine.data.IdxFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.model.LossKind;
import org.s3nas.workbench.model.SearchConfig;

/**
 * The paper's setting (loss S3NAS, thresholds at the weights' rate with momentum 0.9) still steps exactly as it did
 * before the target controller existed: the phase-2 latencies and the final thresholds of a tiny seeded search equal
 * the ones recorded on the main branch before the controller (commit d0dcf9f), so the reproduction report can set
 * "the paper's loss" beside "ours". To record again: {@code mvn test -Dtest=PaperSettingTest -Ds3nas.record=FILE}.
 */
class PaperSettingTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void data() throws Exception {
        IdxFiles.write(dir.resolve("data"), 96, 8, 3, true, 7);
    }

    @Test
    void thePapersLossAndOptimiserStepAsBeforeTheController() throws Exception {
        double target = 1.0 + 0.5 * (SearchRunTest.maxLatency() - 1.0);
        SearchConfig c = SearchRunTest.config(target).withThresholdOptimiser(1, 0.9).withLoss(LossKind.S3NAS);
        assertEquals(LossKind.S3NAS, c.loss());
        SearchRun run = new SearchRun(SearchRunTest.supernet, c, dir, dir.resolve("paper"), SearchRunTest.latency);
        run.start();
        SearchResult r = run.result().get(120, TimeUnit.SECONDS);
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("paper").resolve(SearchRun.HISTORY_CSV))) {
            String[] f = line.split(",");
            if (!f[2].equals("2")) continue; // phase-2 rows: step, latency term, latency
            lines.add(f[0] + "," + f[5] + "," + f[6]);
        }
        StringBuilder th = new StringBuilder("thresholds");
        for (double t : r.thresholds()) th.append(',').append(String.format(Locale.ROOT, "%.9g", t));
        lines.add(th.toString());
        String record = System.getProperty("s3nas.record");
        if (record != null) Files.write(Path.of(record), lines);
        List<String> expected;
        try (InputStream in = getClass().getResourceAsStream("paper-setting-reference.csv")) {
            assertNotNull(in, "paper-setting-reference.csv");
            expected = List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
        assertEquals(expected.size(), lines.size(), "phase-2 steps");
        for (int i = 0; i < expected.size(); i++) {
            String[] e = expected.get(i).split(","), a = lines.get(i).split(",");
            assertEquals(e.length, a.length, "row " + i);
            assertEquals(e[0], a[0], "row " + i);
            for (int k = 1; k < e.length; k++) {
                double ev = Double.parseDouble(e[k]), av = Double.parseDouble(a[k]);
                assertEquals(ev, av, 1e-5 * Math.max(1, Math.abs(ev)), "row " + i + " column " + k);
            }
        }
    }
}
