package org.s3nas.workbench.app.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.engine.BackgroundRun;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.RunStatus;
import org.s3nas.workbench.model.SavedArchitecture;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.search.SearchRun;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A search run from the command line ({@code search} writes {@code runs/run-<time>} beside the project) is listed
 * among the Search view's finished runs although the project does not record it, its charts load from the folder,
 * and "Import its architecture" records it in the project with its architecture named by its simulated latency.
 */
@ExtendWith(ApplicationExtension.class)
class UnrecordedRunsTest {
    @TempDir
    Path tmp;
    private TestShell shell;
    private SearchViewModel vm;

    /** A finished search folder as `search` writes it: configuration, history with block choices, architecture, result. */
    static void writeFinishedSearch(Path dir, Project p, Architecture a, String status) throws Exception {
        Files.createDirectories(dir);
        var json = BackgroundRun.mapper();
        BackgroundRun.writeAtomically(dir.resolve(SearchRun.CONFIG_FILE), json.writeValueAsString(p.search()));
        SearchFollowTest.writeHistory(dir, 30);
        BackgroundRun.writeAtomically(dir.resolve("architecture.json"), json.writeValueAsString(Map.of("format", 1, "architecture", a)));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("format", 1);
        result.put("architecture", a);
        result.put("validationAccuracy", 0.625);
        result.put("status", status);
        result.put("estimatedLatencyMs", 0.2);
        result.put("targetLatencyMs", p.search().targetLatencyMs());
        result.put("targetMet", "SUCCEEDED".equals(status));
        result.put("steps", 30);
        BackgroundRun.writeAtomically(dir.resolve(SearchRun.RESULT_FILE), json.writeValueAsString(result));
    }

    @Start
    void start(Stage stage) { }

    @AfterEach
    void tearDown() throws Exception { if (shell != null) shell.close(); }

    private static <T> T fx(Callable<T> c) throws Exception { return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS); }

    @Test
    void aCommandLineSearchBesideTheProjectIsListedShownAndImported(FxRobot robot) throws Exception {
        Project sample = TestShell.sample();
        Path projectFile = tmp.resolve("project/fashion.json");
        Files.createDirectories(projectFile.getParent());
        Architecture largest = sample.supernet().largest();
        writeFinishedSearch(projectFile.getParent().resolve("runs/run-20261207-052000"), sample, largest, "TARGET_MISSED");
        Files.createDirectories(projectFile.getParent().resolve("runs/run-20261207-060000")); // started, nothing written yet: not listed
        // a finished search of another supernet (another input size) in the same folder: not listed
        Architecture other = new Architecture("other", org.s3nas.workbench.model.InputShape.square(32, 3), largest.stem(), largest.blocks(), largest.head());
        writeFinishedSearch(projectFile.getParent().resolve("runs/run-20261207-040000"), sample, other, "SUCCEEDED");
        robot.interact(() -> {
            try {
                shell = new TestShell(sample, projectFile);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            vm = new SearchViewModel(shell.model);
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> vm.runs().size()) == 1);
        SearchViewModel.RunRow row = fx(() -> vm.runs().get(0));
        assertEquals("run-20261207-052000", row.id());
        assertEquals(RunStatus.TARGET_MISSED, row.record().status());
        assertEquals(sample.search().targetLatencyMs(), row.record().config().targetLatencyMs(), 1e-12, "its configuration read");
        assertEquals("runs/run-20261207-052000", row.directory());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> vm.runs().get(0).validationAccuracy()).equals("62.50 %"));
        assertTrue(fx(() -> vm.canImport(vm.runs().get(0))));

        // its charts and block choices load from the folder, as a recorded run's
        robot.interact(() -> vm.select(vm.runs().get(0)));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> vm.displayedProperty().get() != null
                && vm.displayedProperty().get().loss().getDataCount() == 30));
        assertTrue(fx(() -> vm.displayedProperty().get().hasChoices()));

        // import: one undoable edit records the run and saves its architecture, named by its simulated latency
        assertTrue(fx(() -> vm.importRun(vm.runs().get(0))));
        double simulated = new MidapSimulator(sample.npu()).simulate(largest).latencyMs();
        String name = String.format(java.util.Locale.ROOT, "run-20261207-052000 %.4f ms", simulated);
        Project p = fx(() -> shell.model.getProject());
        assertEquals(1, p.runs().size());
        assertEquals(name, p.runs().get(0).architecture());
        SavedArchitecture saved = p.architectures().stream().filter(a -> a.name().equals(name)).findFirst().orElse(null);
        assertNotNull(saved, "saved as " + name);
        assertEquals(0.625, saved.accuracy(), 1e-12);
        assertEquals(largest.blocks(), saved.architecture().blocks());
        assertEquals(1, fx(() -> vm.runs().size()), "listed once, now as a recorded run");
        assertEquals(name, fx(() -> vm.runs().get(0).architecture()));
        assertFalse(fx(() -> vm.canImport(vm.runs().get(0))), "recorded: nothing left to import");

        robot.interact(() -> shell.model.undo());
        assertEquals(0, fx(() -> shell.model.getProject().runs().size()));
        assertTrue(fx(() -> vm.canImport(vm.runs().get(0))), "after undo it is a found run again");

        // a search the command line finishes while the window is open appears on Reload
        writeFinishedSearch(projectFile.getParent().resolve("runs/run-20261207-070000"), sample, largest, "SUCCEEDED");
        robot.interact(() -> vm.refresh());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> vm.runs().size()) == 2);
        assertEquals("run-20261207-070000", fx(() -> vm.runs().get(0).id()), "the newest first");
    }
}
