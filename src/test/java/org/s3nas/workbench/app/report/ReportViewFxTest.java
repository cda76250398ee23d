package org.s3nas.workbench.app.report;

import static org.junit.jupiter.api.Assertions.*;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import com.fasterxml.jackson.databind.node.ObjectNode;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.app.FileProjectStore;
import org.s3nas.workbench.app.FxDialogService;
import org.s3nas.workbench.app.MainWindow;
import org.s3nas.workbench.app.MemoryPreferences;
import org.s3nas.workbench.app.Startup;
import org.s3nas.workbench.app.UiTaskExecutor;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.app.report.ReportViewModel.ReportRow;
import org.s3nas.workbench.app.report.ReportViewModel.State;
import org.s3nas.workbench.experiments.ReportFixtures;
import org.s3nas.workbench.experiments.ReportJson;
import org.s3nas.workbench.experiments.ReproductionReport;
import org.s3nas.workbench.io.ProjectFiles;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Report view in the real window. {@code report-small.json} is the report that
 * {@code java -jar target/s3nas.jar report sample-projects/fashion-mnist.json --budget small} wrote (real searches and
 * trainings on the bundled Fashion-MNIST subset); it sits beside a copy of the sample project as the command leaves it.
 */
@ExtendWith(ApplicationExtension.class)
class ReportViewFxTest {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @TempDir
    Path dir;
    private UiTaskExecutor executor;
    private WorkbenchModel model;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        executor = new UiTaskExecutor();
        FileProjectStore store = new FileProjectStore();
        Startup first = Startup.load(store, null);
        model = new WorkbenchModel(store, new FxDialogService(() -> stage), executor, new MemoryPreferences(), first.project(), first.path());
        window = new MainWindow(model);
        stage.setScene(new Scene(window, 1240, 760)); // within Monocle's 1280x800 headless screen
        stage.show();
    }

    @AfterEach
    void tearDown() {
        executor.shutdown();
    }

    /** The sample project copied into the temporary folder with the small report where the command writes it. */
    private Path sampleWithSmallReport() throws Exception {
        Path project = dir.resolve("fashion-mnist.json");
        Files.copy(Path.of("sample-projects/fashion-mnist.json"), project);
        Path folder = dir.resolve("runs").resolve("report-small");
        Files.createDirectories(folder);
        try (InputStream in = ReportViewFxTest.class.getResourceAsStream("report-small.json")) {
            assertNotNull(in, "report-small.json beside this test");
            Files.copy(in, folder.resolve(ReportJson.JSON_FILE));
        }
        return project;
    }

    private void open(FxRobot robot, Path project) throws Exception {
        robot.interact(() -> model.open(project));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !model.busyProperty().get() && project.equals(model.getProjectPath()));
    }

    private ReportView showReportView(FxRobot robot) {
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT7).release(KeyCode.CONTROL); // View → Report
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(6, window.tabs().getSelectionModel().getSelectedIndex(), "Ctrl+7 opens the seventh view");
        assertEquals("Report", window.tabs().getTabs().get(6).getText());
        Node content = window.tabs().getTabs().get(6).getContent();
        assertInstanceOf(ReportView.class, content, "the seventh tab is built when shown");
        return (ReportView) content;
    }

    private static Set<String> texts(FxRobot robot, Node root, String query) {
        return robot.from(root).lookup(query).queryAll().stream().filter(n -> n instanceof Labeled && n.isVisible())
                .map(n -> ((Labeled) n).getText()).filter(t -> t != null).collect(Collectors.toSet());
    }

    @SuppressWarnings("unchecked")
    private static TableView<ReportRow> table(FxRobot robot, String id) {
        return robot.lookup("#table-" + id).queryAs(TableView.class);
    }

    private static String pct(double fraction) { return String.format(Locale.ROOT, "%.2f", 100 * fraction); }

    @Test
    void showsTheSmallReportOfTheSampleBesideThePapersFiguresWithoutRunningAnything(FxRobot robot) throws Exception {
        Path project = sampleWithSmallReport();
        ReproductionReport.Report expected = ReportJson.read(dir.resolve("runs/report-small/report.json"));
        open(robot, project);
        ReportView view = showReportView(robot);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("fashion-mnist", robot.from(view).lookup(".project-title").queryAs(Label.class).getText());
        assertFalse(executor.runningProperty().get(), "a report beside the project is shown, not run");
        assertEquals(expected, view.viewModel().reportProperty().get());
        assertTrue(robot.lookup("#reportSource").queryAs(Label.class).getText().startsWith("Opened "));
        assertEquals(dir.resolve("runs/report-small/report.json"), view.viewModel().shownFileProperty().get());

        for (ReproductionReport.Comparison c : expected.comparisons()) {
            Node section = robot.lookup("#section-" + c.id()).query();
            Set<String> labels = texts(robot, section, ".label");
            assertTrue(labels.contains(c.title()), c.id() + ": " + labels);
            if (c.error() != null) {
                assertTrue(labels.contains("Failed: " + c.error()), labels.toString());
                continue;
            }
            assertTrue(labels.contains("Ours: " + c.verdict()), labels.toString());
            assertTrue(labels.contains("Paper: " + c.paperVerdict().replaceFirst("^paper: ", "")), labels.toString());
            boolean measured = c.rows().stream().noneMatch(r -> Double.isNaN(r.accuracy()));
            assertTrue(labels.contains(measured ? "done" : "not measured"), "the state badge: " + labels);
            TableView<ReportRow> t = table(robot, c.id());
            assertTrue(t.isVisible());
            assertEquals(c.rows().size(), t.getItems().size(), c.id());
            Set<String> cells = texts(robot, t, ".table-cell");
            for (ReproductionReport.Row r : c.rows()) {
                assertTrue(cells.contains(r.variant()), c.id() + ": " + cells);
                if (!Double.isNaN(r.accuracy())) assertTrue(cells.contains(pct(r.accuracy())), r.variant() + ": " + cells);
                if (!Double.isNaN(r.paperAccuracy())) assertTrue(cells.contains(pct(r.paperAccuracy())), r.variant() + ": " + cells);
                if (!Double.isNaN(r.latencyMs())) {
                    assertTrue(cells.contains(String.format(Locale.ROOT, "%.4f", r.latencyMs())), r.variant() + ": " + cells);
                }
            }
        }
        // the small report's Table 6: the random search found no sample at the searched latency, and says so
        assertEquals(State.NOT_MEASURED, view.viewModel().section("table6").getState());
        assertTrue(view.viewModel().section("table6").verdictProperty().get().startsWith("not measured: no architecture"));
        // Table 4 shows the paper's figures in the "paper" columns
        Set<String> t4 = texts(robot, table(robot, "table4"), ".table-cell");
        assertTrue(t4.containsAll(List.of("77.09", "75.85", "1.24", "1.28")), t4.toString());
        // the View menu lists the sixth view with its shortcut
        assertTrue(robot.lookup("#menuBar").queryAs(javafx.scene.control.MenuBar.class).getMenus().stream()
                .flatMap(m -> m.getItems().stream()).anyMatch(mi -> "menu-view-report".equals(mi.getId())
                        && "Report".equals(mi.getText()) && mi.getAccelerator() != null && mi.getAccelerator().getName().contains("7")));

        // the view as PNG: every section, not only the part scrolled into view
        Path png = dir.resolve("report.png");
        robot.interact(() -> {
            try {
                view.exportPng(png);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        double contentHeight = view.content().getLayoutBounds().getHeight();
        assertEquals(Math.ceil(contentHeight), image.getHeight(), 2, "the whole content");
        assertTrue(image.getHeight() > view.lookup("#reportScroll").getLayoutBounds().getHeight(), "taller than the scrolled window");
    }

    @Test
    void aFailedComparisonShowsItsErrorInItsOwnSectionAndTheOthersStillShow(FxRobot robot) throws Exception {
        Path project = sampleWithSmallReport();
        // the same report with Table 5 failed, as a report with a broken run records it
        Path broken = dir.resolve("broken.json");
        ObjectNode root = (ObjectNode) JSON.readTree(dir.resolve("runs/report-small/report.json").toFile());
        ObjectNode t5 = (ObjectNode) root.get("comparisons").get(1);
        t5.set("rows", JSON.createArrayNode());
        t5.put("verdict", "failed: search 'fashion-mnist (MBConv)' failed: out of memory");
        t5.put("error", "search 'fashion-mnist (MBConv)' failed: out of memory");
        Files.writeString(broken, JSON.writeValueAsString(root));

        open(robot, project);
        ReportView view = showReportView(robot);
        robot.interact(() -> assertTrue(view.viewModel().load(broken), view.viewModel().errorProperty().get()));
        WaitForAsyncUtils.waitForFxEvents();

        Node s5 = robot.lookup("#section-table5").query();
        assertTrue(texts(robot, s5, ".label").contains("Failed: search 'fashion-mnist (MBConv)' failed: out of memory"));
        assertTrue(texts(robot, s5, ".label").contains("failed"), "the state badge");
        assertFalse(table(robot, "table5").isVisible(), "no table for a comparison that was not made");
        assertEquals(State.FAILED, view.viewModel().section("table5").getState());
        for (String id : List.of("table4", "table6", "table7", "table8")) {
            TableView<ReportRow> t = table(robot, id);
            assertTrue(t.isVisible(), id);
            assertEquals(2, t.getItems().size(), id);
            assertTrue(texts(robot, robot.lookup("#section-" + id).query(), ".label").stream().anyMatch(l -> l.startsWith("Ours: ")), id);
        }
    }

    @Test
    void runShowsProgressPerComparisonOffTheFxThreadAndCancelStopsIt(FxRobot robot) throws Exception {
        // the micro project of the engine's tests, saved as a file: its searches start within seconds
        Path project = dir.resolve("micro").resolve("micro.json");
        ProjectFiles.save(ReportFixtures.microProject(project.getParent()), project);
        open(robot, project);
        ReportView view = showReportView(robot);
        ReportViewModel vm = view.viewModel();
        assertEquals(State.WAITING, vm.section("table4").getState());
        robot.interact(() -> {
            vm.presetProperty().set("tiny");
            vm.field("searchImages").textProperty().set("64");
            vm.field("trainImages").textProperty().set("64");
            vm.field("testImages").textProperty().set("40");
            vm.field("batchSize").textProperty().set("16");
            // a phase 1 of hundreds of steps: Table 4 is certainly still running when Cancel is pressed, however fast
            // the machine (CI's is several times faster than this one)
            vm.field("phase1Epochs").textProperty().set("500");
        });
        robot.clickOn("#reportRun");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.runningProperty().get());
        assertTrue(robot.lookup("#reportCancel").queryAs(Node.class).isVisible());
        assertTrue(robot.lookup("#reportRun").queryAs(Node.class).isDisabled());
        // Table 4's search reports its progress in its own section while the window stays responsive
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.section("table4").progressProperty().get() > 0);
        Node s4 = robot.lookup("#section-table4").query();
        ProgressBar bar = robot.from(s4).lookup(".progress-bar").queryAs(ProgressBar.class);
        assertTrue(bar.isVisible() && bar.getProgress() > 0, "the section's own progress bar");
        assertTrue(texts(robot, s4, ".label").contains("running"));
        assertEquals(State.WAITING, vm.section("table5").getState());
        assertTrue(robot.lookup("#reportStatus").queryAs(Label.class).getText().startsWith("Table 4 · "));

        robot.clickOn("#reportCancel");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !vm.runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(State.CANCELLED, vm.section("table4").getState());
        assertTrue(texts(robot, s4, ".label").contains("cancelled"));
        assertFalse(robot.lookup("#reportCancel").queryAs(Node.class).isVisible());
        assertFalse(robot.lookup("#reportRun").queryAs(Node.class).isDisabled());
        assertEquals("", vm.errorProperty().get());
        assertTrue(Files.exists(project.resolveSibling("runs").resolve("report-custom").resolve("search-linear")
                .resolve(org.s3nas.workbench.search.SearchRun.CHECKPOINT_FILE)), "the search stopped at a checkpoint");
    }
}
