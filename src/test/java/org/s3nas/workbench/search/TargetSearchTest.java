package org.s3nas.workbench.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.model.LossKind;
import org.s3nas.workbench.model.RunStatus;
import org.s3nas.workbench.engine.data.IdxFiles;

/** Searches with the target controller (loss TARGET) on the tiny supernet: they land in the band, or say they did not. */
class TargetSearchTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void phaseOne() throws Exception {
        IdxFiles.write(dir.resolve("data"), 96, 8, 3, true, 7);
        new SearchRun(SearchRunTest.supernet, SearchRunTest.config(2).withEpochs(2, 0), dir, dir.resolve("p1"), SearchRunTest.latency).runHere();
    }

    static double minLatency() { return SearchRunTest.latency.latencyMs(new double[SearchRunTest.latency.count()], null); }

    private record Outcome(SearchResult result, RunStatus status, String message, List<SearchEvent> events) {}

    private static Outcome search(String name, double target) {
        SearchRun run = new SearchRun(SearchRunTest.supernet, SearchRunTest.config(target), dir, dir.resolve(name), SearchRunTest.latency)
                .startingFromPhase1Of(dir.resolve("p1"));
        List<SearchEvent> events = new CopyOnWriteArrayList<>();
        List<String> messages = new ArrayList<>();
        run.setEventIntervalMs(0);
        run.addListener(new SearchListener() {
            @Override public void onProgress(SearchEvent e) { events.add(e); }
            @Override public void onStatus(RunStatus s, String m) { messages.add(m); }
        });
        SearchResult r = run.runHere();
        return new Outcome(r, run.status(), messages.get(messages.size() - 1), events);
    }

    @Test
    void everyReachableTargetEndsInItsBand() throws Exception {
        double min = minLatency(), max = SearchRunTest.maxLatency();
        assertEquals(LossKind.TARGET, SearchRunTest.config(1).loss(), "the default loss is the one that lands");
        for (double f : new double[]{0.2, 0.45, 0.7, 0.9}) {
            double target = min + f * (max - min);
            Outcome o = search("t" + f, target);
            SearchResult r = o.result();
            assertTrue(r.targetMet(), f + ": " + r.latencySummary());
            assertTrue(r.estimatedLatencyMs() <= target && r.estimatedLatencyMs() >= 0.97 * target, f + ": " + r.estimatedLatencyMs());
            assertEquals(RunStatus.SUCCEEDED, o.status());
            assertTrue(o.events().stream().filter(e -> e.phase() == 2).allMatch(e -> Double.isFinite(e.control().gain())),
                    "phase 2 reports the controller's gain");
            JsonNode res = new ObjectMapper().readTree(dir.resolve("t" + f).resolve(SearchRun.RESULT_FILE).toFile());
            assertTrue(res.get("targetMet").asBoolean());
            assertEquals("SUCCEEDED", res.get("status").asText());
            assertTrue(r.architecture().name().endsWith(String.format(java.util.Locale.ROOT, "%.4f ms", r.estimatedLatencyMs())),
                    "named by its latency, not the target: " + r.architecture().name());
        }
    }

    @Test
    void aLongPhaseTwoStaysInTheBandOnceThereAndNeedsNoRepair() throws Exception {
        double min = minLatency(), max = SearchRunTest.maxLatency(), target = min + 0.5 * (max - min);
        SearchRun run = new SearchRun(SearchRunTest.supernet, SearchRunTest.config(target).withEpochs(2, 40), dir, dir.resolve("long"),
                SearchRunTest.latency).startingFromPhase1Of(dir.resolve("p1"));
        SearchResult r = run.runHere();
        assertTrue(r.targetMet(), r.latencySummary());
        assertEquals(null, r.repair(), "the controller landed by itself");
        TargetController band = new TargetController(target, 0.03);
        List<HistoryRow> phase2 = RunFolder.readHistory(dir.resolve("long")).rows().stream().filter(h -> h.phase() == 2).toList();
        assertTrue(phase2.size() >= 150, "steps: " + phase2.size());
        int first = -1, inside = 0;
        for (int i = 0; i < phase2.size(); i++) {
            if (first < 0 && band.inBand(phase2.get(i).latencyMs())) first = i;
            if (first >= 0 && band.inBand(phase2.get(i).latencyMs())) inside++;
        }
        assertTrue(first >= 0 && first < 30, "reached the band at phase-2 step " + first);
        assertTrue(inside >= 0.9 * (phase2.size() - first), inside + " of " + (phase2.size() - first) + " steps in the band after reaching it");
    }

    @Test
    void aTargetBelowTheSpaceIsReportedAsMissedWithHowFarOff() throws Exception {
        double target = 0.5 * minLatency();
        Outcome o = search("below", target);
        assertEquals(RunStatus.TARGET_MISSED, o.status());
        assertFalse(o.result().targetMet());
        assertEquals(minLatency(), o.result().estimatedLatencyMs(), 1e-12, "the repair ends at the fastest architecture of the space");
        assertTrue(o.message().contains("200 % of the"), o.message());
        JsonNode res = new ObjectMapper().readTree(dir.resolve("below").resolve(SearchRun.RESULT_FILE).toFile());
        assertFalse(res.get("targetMet").asBoolean());
        assertEquals("TARGET_MISSED", res.get("status").asText());
        assertEquals(2.0, res.get("latencyOfTarget").asDouble(), 1e-9);
    }
}
