package org.s3nas.workbench.app.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.s3nas.workbench.app.FileProjectStore;
import org.s3nas.workbench.app.FxDialogService;
import org.s3nas.workbench.app.MainWindow;
import org.s3nas.workbench.app.UiTaskExecutor;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.io.LatencyTableFiles;
import org.s3nas.workbench.model.Project;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Latency view in the real window on the paper's sample (a copy in a temporary folder, so that the sidecar table
 * lands there): it profiles in the background, then fills the Fig. 9 statistics, the heat-table and the compare table.
 */
@ExtendWith(ApplicationExtension.class)
class LatencyViewFxTest {
    private Path dir;
    private Path file;
    private Preferences prefs;
    private UiTaskExecutor executor;
    private MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        dir = Files.createTempDirectory("latency-view-test");
        file = dir.resolve("s3nas-imagenet.json");
        Files.copy(Path.of("sample-projects/s3nas-imagenet.json"), file);
        prefs = Fixtures.prefs();
        executor = new UiTaskExecutor();
        FileProjectStore store = new FileProjectStore();
        Project p = store.load(file);
        WorkbenchModel model = new WorkbenchModel(store, new FxDialogService(() -> stage), executor, prefs, p, file);
        window = new MainWindow(model);
        stage.setScene(new Scene(window, 1240, 760));   // within Monocle's 1280x800 headless screen
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        executor.shutdown();
        prefs.removeNode();
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private static Set<String> texts(FxRobot robot, Node root, String query) {
        return robot.from(root).lookup(query).queryAll().stream().filter(n -> n instanceof Labeled)
                .map(n -> ((Labeled) n).getText()).filter(t -> t != null).collect(Collectors.toSet());
    }

    @Test
    void thePapersSampleShowsTheEstimatorsErrorAndTheComparedModels(FxRobot robot) throws Exception {
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT4).release(KeyCode.DIGIT4, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        Node view = window.tabs().getTabs().get(3).getContent();
        assertTrue(view instanceof LatencyView);
        LatencyView lv = (LatencyView) view;
        TableView<ModelComparison.Row> compare = lv.compareTable();
        Label mape = robot.from(view).lookup("#stat-mape").queryAs(Label.class);

        // profile (about 290 simulations), 100 random architectures, 19 models: minutes at most on a busy machine
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> compare.getItems().size() == 19 && !mape.getText().equals("—"));
        WaitForAsyncUtils.waitForFxEvents();

        assertTrue(mape.getText().matches("\\d+\\.\\d+ %"), mape.getText());
        for (String id : new String[]{"#stat-max", "#stat-within1", "#stat-within5", "#stat-rmse"}) {
            String t = robot.from(view).lookup(id).queryAs(Label.class).getText();
            assertFalse(t.equals("—"), id + " shows a figure");
        }
        assertEquals("100.0 %", robot.from(view).lookup("#stat-within5").queryAs(Label.class).getText(),
                "the estimator is within 5 % on every random architecture");
        Set<String> cells = texts(robot, compare, ".table-cell");
        assertTrue(cells.containsAll(Set.of("efficientnet-b1", "mobilenet-v2", "supernet largest", "79.1 %", "2.47", "published")),
                cells.toString());
        // sorted by MIDAP latency: the fastest first
        assertEquals("supernet smallest", compare.getItems().get(0).name());

        Set<String> facts = texts(robot, view, ".fact-label");
        assertTrue(facts.containsAll(Set.of("Latency table", "Fingerprint", "Estimator MAPE", "Space range", "Below T")), facts.toString());
        assertTrue(robot.from(view).lookup(".heat-cell").queryAll().size() >= 10, "the heat-table of block 1 is drawn");
        String status = robot.from(view).lookup("#tableStatus").queryAs(Label.class).getText();
        assertTrue(status.startsWith("profiled 459 configurations in "), status);
        assertTrue(Files.exists(LatencyTableFiles.sidecarOf(file)), "the table is kept beside the project");
    }
}
