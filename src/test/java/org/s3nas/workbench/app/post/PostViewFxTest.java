package org.s3nas.workbench.app.post;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.prefs.Preferences;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.s3nas.workbench.app.FileProjectStore;
import org.s3nas.workbench.app.FxDialogService;
import org.s3nas.workbench.app.MainWindow;
import org.s3nas.workbench.app.Startup;
import org.s3nas.workbench.app.UiTaskExecutor;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.app.post.ScalingViewModel.CandidateRow;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.npu.MidapSimulator;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import static org.junit.jupiter.api.Assertions.*;

/** The Scale & SE view in the real window: the paper's sample, scaling of its largest network to 6 ms. */
@ExtendWith(ApplicationExtension.class)
class PostViewFxTest {
    private Preferences prefs;
    private UiTaskExecutor executor;
    private WorkbenchModel model;
    private MainWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        prefs = PostFixtures.preferences();
        executor = new UiTaskExecutor();
        FileProjectStore store = new FileProjectStore();
        Startup first = Startup.load(store, null);
        model = new WorkbenchModel(store, new FxDialogService(() -> stage), executor, prefs, first.project(), first.path());
        window = new MainWindow(model);
        stage.setScene(new Scene(window, 1240, 760)); // within Monocle's 1280x800 headless screen
        stage.show();
    }

    @AfterEach
    void tearDown() {
        executor.shutdown();
    }

    private static Set<String> texts(FxRobot robot, Node root, String query) {
        return robot.from(root).lookup(query).queryAll().stream().filter(n -> n instanceof Labeled)
                .map(n -> ((Labeled) n).getText()).filter(t -> t != null).collect(Collectors.toSet());
    }

    private void openPaperSample(FxRobot robot) throws Exception {
        Path paper = Path.of("sample-projects/s3nas-imagenet.json").toAbsolutePath();
        robot.interact(() -> model.open(paper));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !model.busyProperty().get() && paper.equals(model.getProjectPath()));
    }

    @Test
    void scalesThePaperSamplesLargestNetworkToSixMilliseconds(FxRobot robot) throws Exception {
        openPaperSample(robot);

        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT5).release(KeyCode.CONTROL); // View → Scale & SE
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(4, window.tabs().getSelectionModel().getSelectedIndex(), "Ctrl+5 opens the fifth view");
        Node view = window.tabs().getTabs().get(4).getContent();
        assertNotNull(view, "the fifth tab is built when shown");
        assertEquals("Scale & SE", window.tabs().getTabs().get(4).getText());
        assertEquals("s3nas-imagenet", robot.from(view).lookup(".project-title").queryAs(Label.class).getText());

        @SuppressWarnings("unchecked")
        ComboBox<ArchitectureChoice> arch = robot.lookup("#scaleArchitecture").queryAs(ComboBox.class);
        assertEquals(List.of(ArchitectureChoice.LARGEST, ArchitectureChoice.SMALLEST), arch.getItems().stream().map(ArchitectureChoice::label).toList());
        robot.interact(() -> arch.getSelectionModel().select(0));
        TextField target = robot.lookup("#scaleTarget").queryAs(TextField.class);
        robot.doubleClickOn(target).eraseText(target.getText().length()).write("6");
        assertEquals("6", target.getText());
        robot.clickOn("#scaleRun");

        @SuppressWarnings("unchecked")
        TableView<CandidateRow> table = robot.lookup("#scalingTable").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#scaleCancel").queryAs(Node.class).isVisible()
                || !table.getItems().isEmpty());
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !robot.lookup("#scaleCancel").queryAs(Node.class).isVisible()
                && table.getItems().stream().anyMatch(CandidateRow::chosen));
        WaitForAsyncUtils.waitForFxEvents();

        List<CandidateRow> rows = List.copyOf(table.getItems());
        assertTrue(rows.size() >= 4, "grid points and a bisection: " + rows.size());
        CandidateRow chosen = rows.stream().filter(CandidateRow::chosen).findFirst().orElseThrow();
        assertTrue(chosen.latencyMs() <= 6.0 && chosen.latencyMs() > 0.9 * 6.0, "chosen at " + chosen.latencyMs() + " ms");
        assertTrue(rows.stream().anyMatch(r -> !r.meetsTarget()), "a candidate above the target shows where the search stopped");
        assertEquals(rows.stream().filter(CandidateRow::meetsTarget).mapToDouble(CandidateRow::latencyMs).max().orElseThrow(),
                chosen.latencyMs(), 0, "the chosen one is the largest that meets the target");

        // the chosen row is drawn highlighted, with its figures in the cells
        robot.interact(() -> table.scrollTo(chosen));
        WaitForAsyncUtils.waitForFxEvents();
        List<Node> highlighted = robot.from(table).lookup(".chosen-row").queryAll().stream().filter(Node::isVisible).toList();
        assertEquals(1, highlighted.size(), "one highlighted row");
        assertSame(chosen, ((TableRow<?>) highlighted.get(0)).getItem());
        Set<String> cells = texts(robot, highlighted.get(0), ".table-cell");
        assertTrue(cells.contains(String.format(java.util.Locale.ROOT, "%.4f", chosen.latencyMs())), cells.toString());
        assertTrue(cells.contains("yes"), cells.toString());
        assertTrue(cells.contains(chosen.inputSize()), cells.toString());

        Label note = robot.lookup("#scaleNote").queryAs(Label.class);
        assertTrue(note.getText().startsWith("Chosen: c = "), note.getText());
        // issue #15: the note, the save-as name and the y axis of "Latency against φ" are readable at this size
        String drawnNote = robot.from(note).lookup(".text").queryAll().stream().filter(n -> n instanceof javafx.scene.text.Text)
                .map(n -> ((javafx.scene.text.Text) n).getText()).collect(Collectors.joining());
        assertEquals(note.getText().replace("\n", " "), drawnNote.replace("\n", " "), "the note is cut off");
        TextField name = robot.lookup("#scaleSaveName").queryAs(TextField.class);
        javafx.scene.text.Text measure = new javafx.scene.text.Text(name.getText());
        measure.setFont(name.getFont());
        assertTrue(name.getWidth() - name.getInsets().getLeft() - name.getInsets().getRight() >= measure.getLayoutBounds().getWidth(),
                "the save-as name '" + name.getText() + "' does not fit its field (" + name.getWidth() + " px)");
        javafx.scene.chart.XYChart<?, ?> chart = robot.lookup("#scalingChart").queryAs(javafx.scene.chart.XYChart.class);
        Node yAxis = chart.getYAxis();
        List<javafx.geometry.Bounds> ticks = robot.from(yAxis).lookup((java.util.function.Predicate<Node>) n -> n instanceof javafx.scene.text.Text t && t.isVisible()
                && t.getText().matches("[0-9.,]+")).queryAll().stream().map(n -> n.localToScene(n.getBoundsInLocal())).toList();
        assertFalse(ticks.isEmpty());
        for (Node l : robot.from(yAxis).lookup(".axis-label").queryAll()) {
            if (!l.isVisible() || ((Labeled) l).getText() == null || ((Labeled) l).getText().isEmpty()) continue;
            javafx.geometry.Bounds lb = l.localToScene(l.getBoundsInLocal());
            for (javafx.geometry.Bounds t : ticks) assertFalse(lb.intersects(t), "the y axis title overlaps a tick label");
        }
        assertFalse(robot.lookup("#scaleSave").queryAs(Node.class).isDisabled());

        // save it into the project: the Latency tab's table lists it
        robot.clickOn("#scaleSave");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, model.getProject().architectures().size());
        assertEquals(chosen.candidate().architecture().withName(model.getProject().architectures().get(0).name()),
                model.getProject().architectures().get(0).architecture());
        assertTrue(arch.getItems().get(0).label().contains("scaled to 6 ms"), arch.getItems().get(0).label());
    }

    @Test
    void candidatesAppearWhileTheSearchRunsAndCancelKeepsThem(FxRobot robot) throws Exception {
        openPaperSample(robot);
        // The simulator, gated after two candidates until the test has pressed Cancel: the search is then certainly
        // still running when the first candidates show, however fast the machine.
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger simulated = new AtomicInteger();
        Function<NpuConfig, ToDoubleFunction<Architecture>> gated = npu -> {
            MidapSimulator simulator = new MidapSimulator(npu);
            return a -> {
                if (simulated.incrementAndGet() > 2) {
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return simulator.latencyMs(a);
            };
        };
        robot.interact(() -> stage.getScene().setRoot(new PostView(new PostViewModel(model, gated, new TrainedRuns()))));
        @SuppressWarnings("unchecked")
        ComboBox<ArchitectureChoice> arch = robot.lookup("#scaleArchitecture").queryAs(ComboBox.class);
        robot.interact(() -> {
            arch.getSelectionModel().select(arch.getItems().stream().filter(c -> c.label().equals(ArchitectureChoice.LARGEST)).findFirst().orElseThrow());
            robot.lookup("#scaleTarget").queryAs(TextField.class).setText("30");
        });
        robot.clickOn("#scaleRun");
        @SuppressWarnings("unchecked")
        TableView<CandidateRow> table = robot.lookup("#scalingTable").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> table.getItems().size() >= 2);
        javafx.scene.control.Button cancel = robot.lookup("#scaleCancel").queryButton();
        int[] shownAtCancel = new int[1];
        robot.interact(() -> {
            assertTrue(cancel.isVisible(), "still running while the first candidates show");
            shownAtCancel[0] = table.getItems().size();
            cancel.fire();
        });
        release.countDown();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !robot.lookup("#scaleCancel").queryAs(Node.class).isVisible());
        WaitForAsyncUtils.waitForFxEvents();
        String progress = robot.lookup("#scaleProgress").queryAs(Label.class).getText();
        assertTrue(progress.startsWith("Cancelled after "), progress + " / error: " + robot.lookup("#scaleError").queryAs(Label.class).getText());
        assertEquals(2, shownAtCancel[0], "the two candidates simulated before the gate show while it runs");
        assertTrue(table.getItems().size() >= shownAtCancel[0], "the candidates simulated before the cancel stay");
        assertTrue(table.getItems().stream().noneMatch(CandidateRow::chosen), "nothing is chosen by a cancelled search");
        assertTrue(robot.lookup("#scaleExportCsv").queryAs(Node.class).isDisabled(), "no result to export");
    }
}
