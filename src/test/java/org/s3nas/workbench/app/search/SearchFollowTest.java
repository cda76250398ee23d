package org.s3nas.workbench.app.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.control.Button;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.app.Theme;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.SavedArchitecture;
import org.s3nas.workbench.engine.BackgroundRun;
import org.s3nas.workbench.search.HistoryRow;
import org.s3nas.workbench.search.SearchRun;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Search view follows a run folder that another thread writes as an external run would (history.json rewritten
 * atomically every 150 ms, then architecture.json and result.json): its charts grow while the writer goes on, and
 * once the run has finished its architecture imports into the project with one click (one undoable edit).
 */
@ExtendWith(ApplicationExtension.class)
public class SearchFollowTest {
    private static final String[] NAMES = {"b0.sk0.kernel5", "b0.sk0.expansion2", "b1.sk0.kernel5"};

    @TempDir
    static Path tmp;
    private TestShell shell;
    private SearchViewModel vm;

    @Start
    void start(Stage stage) throws Exception {
        shell = new TestShell(SearchDashboardRunTest.tinySample(), tmp.resolve("fashion-mnist.json"));
        vm = new SearchViewModel(shell.model);
        TestShell.show(stage, new SearchView(vm), 1240, 760, Theme.LIGHT);
    }

    @org.junit.jupiter.api.BeforeAll
    static void slowMachine() {
        // the view with its charts takes more than TestFX's 30 s to set up on a busy 2-core machine
        org.testfx.api.FxToolkit.toolkitContext().setSetupTimeoutInMillis(180_000);
    }

    @AfterEach
    void tearDown() throws Exception { shell.close(); }

    /** Block choices of step s at block b ({@link HistoryRow#blockCode}): kernel 3 or 5, expansion 1..6. */
    static int code(int s, int b) { return (1 << 1 + (s + b) % 2) << 16 | 1 + (s + b) % 6; }

    /**
     * Writes steps 1..n of a run's history the way the run-folder writers do (temp file, then a rename), each step with
     * its block choices ({@link #code}) for the sample's blocks.
     */
    public static void writeHistory(Path dir, int n) throws Exception {
        int blocks = TestShell.sample().supernet().blockPositions().size();
        List<HistoryRow> rows = new ArrayList<>();
        for (int s = 1; s <= n; s++) {
            double[] t = {0.01 * s, -0.02 * s, 0.005 * s};
            int[] choices = new int[blocks];
            for (int b = 0; b < blocks; b++) choices[b] = code(s, b);
            rows.add(new HistoryRow(s, (s - 1) / 10, s <= 20 ? 1 : 2, 2.3 - 0.02 * s, 2.3 - 0.02 * s, 0, 0.2 - 0.002 * s, 0.1 + 0.01 * s,
                    s % 10 == 0 ? 0.5 : Double.NaN, 0.008, t, null, Double.NaN, choices));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", 1);
        json.put("thresholdNames", NAMES);
        json.put("steps", rows);
        BackgroundRun.writeAtomically(dir.resolve(SearchRun.HISTORY_JSON), BackgroundRun.mapper().writeValueAsString(json));
    }

    @Test
    void theChartsGrowWhileAnotherProcessWritesTheRunFolderAndItsArchitectureImports(FxRobot robot) throws Exception {
        Path run = tmp.resolve("external-run");
        Files.createDirectories(run);
        BackgroundRun.writeAtomically(run.resolve(SearchRun.CONFIG_FILE), BackgroundRun.mapper().writeValueAsString(
                shell.model.getProject().search().withTargetLatencyMs(0.1)));
        writeHistory(run, 3);
        AtomicInteger written = new AtomicInteger(3);
        Thread writer = new Thread(() -> {
            try {
                for (int n = 4; n <= 30; n++) {
                    Thread.sleep(150);
                    writeHistory(run, n);
                    written.set(n);
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, "external-writer");

        SearchSeries series = fx(() -> vm.follow(run));
        assertSame(series, fx(() -> vm.displayedProperty().get()), "the charts show the followed run");
        writer.start();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> series.loss().getDataCount()) >= 3);
        int early = fx(() -> series.loss().getDataCount());
        assertTrue(written.get() < 30, "the first points arrived while the writer was still writing");
        writer.join(30_000);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> series.loss().getDataCount()) == 30);
        assertTrue(early < 30);
        assertEquals(30, fx(() -> series.latency().getDataCount()), "every step once: no step delivered twice");
        assertEquals(3, fx(() -> series.validationAccuracy().getDataCount()));
        assertEquals(List.of(NAMES), fx(() -> series.thresholdNamesProperty().get()));
        assertEquals(30, fx(() -> series.threshold(2).getDataCount()));
        assertEquals(0.1, fx(series::targetMs), 1e-12);
        assertEquals(20, fx(series::phase2Start), 1e-12, "phase 2 starts after step 20");
        // the block choices of every step reach the heatmap through the same reader as the other charts
        ChoiceHistory choices = fx(series::choices);
        assertEquals(30, fx(choices::size), "a heatmap column per step");
        int[][] firstAndLast = fx(() -> {
            int[][] c = new int[2][choices.blocks()];
            for (int b = 0; b < choices.blocks(); b++) {
                c[0][b] = choices.code(0, b);
                c[1][b] = choices.code(29, b);
            }
            return c;
        });
        for (int b = 0; b < firstAndLast[0].length; b++) {
            assertEquals(code(1, b), firstAndLast[0][b], "step 1 block " + b);
            assertEquals(code(30, b), firstAndLast[1][b], "step 30 block " + b);
        }
        Button importButton = robot.lookup("#importFollowed").queryAs(Button.class);
        assertTrue(fx(importButton::isDisabled), "nothing to import while the run goes on");

        // the run finishes: its architecture and result appear
        Architecture a = shell.model.getProject().supernet().smallest().withoutSkips();
        Map<String, Object> arch = new LinkedHashMap<>();
        arch.put("format", 1);
        arch.put("architecture", a);
        BackgroundRun.writeAtomically(run.resolve(SearchRun.ARCHITECTURE_FILE), BackgroundRun.mapper().writeValueAsString(arch));
        Map<String, Object> result = new LinkedHashMap<>(arch);
        result.put("validationAccuracy", 0.5);
        result.put("estimatedLatencyMs", 0.05);
        result.put("targetLatencyMs", 0.1);
        result.put("steps", 30);
        BackgroundRun.writeAtomically(run.resolve(SearchRun.RESULT_FILE), BackgroundRun.mapper().writeValueAsString(result));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> !importButton.isDisabled()));
        int before = shell.model.getProject().architectures().size();
        robot.clickOn("#importFollowed");
        WaitForAsyncUtils.waitForFxEvents();
        List<SavedArchitecture> saved = fx(() -> shell.model.getProject().architectures());
        assertEquals(before + 1, saved.size());
        SavedArchitecture imported = saved.get(saved.size() - 1);
        assertTrue(imported.name().startsWith("external-run "), imported.name());
        assertEquals(a.blocks(), imported.architecture().blocks());
        assertEquals(0.5, imported.accuracy());
        assertTrue(fx(() -> shell.model.undoDescriptionProperty().get()).startsWith("Import external-run"));
        assertFalse(fx(() -> vm.notices().get(vm.notices().size() - 1).error()));
    }

    private static <T> T fx(java.util.concurrent.Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS);
    }
}
