package org.s3nas.workbench.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.s3nas.workbench.model.Problem;
import org.s3nas.workbench.model.Project;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import static org.junit.jupiter.api.Assertions.*;

/** The window on real files: the bundled samples through the io package, and a broken project file on disk. */
@ExtendWith(ApplicationExtension.class)
class WorkbenchSampleTest {
    private Preferences prefs;
    private UiTaskExecutor executor;
    private WorkbenchModel model;
    private MainWindow window;
    private Path dir;

    @Start
    void start(Stage stage) throws Exception {
        dir = Files.createTempDirectory("wb-sample-test");
        prefs = Preferences.userRoot().node("s3nas-workbench-test/" + UUID.randomUUID());
        executor = new UiTaskExecutor();
        FileProjectStore store = new FileProjectStore();
        Startup first = Startup.load(store, null);
        model = new WorkbenchModel(store, new FxDialogService(() -> stage), executor, prefs, first.project(), first.path());
        window = new MainWindow(model);
        stage.setScene(new Scene(window, 1240, 760)); // within Monocle's 1280x800 headless screen
        stage.titleProperty().bind(model.titleBinding());
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        executor.shutdown();
        prefs.removeNode();
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private Set<String> texts(FxRobot robot, Node root, String query) {
        return robot.from(root).lookup(query).queryAll().stream().filter(n -> n instanceof Labeled)
                .map(n -> ((Labeled) n).getText()).filter(t -> t != null).collect(Collectors.toSet());
    }

    private void openAndWait(FxRobot robot, Path file) throws Exception {
        robot.interact(() -> model.open(file));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !model.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void assertEveryViewShows(FxRobot robot, String name) {
        for (int i = 0; i < 4; i++) {
            int index = i;
            robot.interact(() -> window.selectView(index));
            Label title = robot.from(window.tabs().getTabs().get(i).getContent()).lookup(".project-title").queryAs(Label.class);
            assertEquals(name, title.getText(), "view " + i);
        }
        robot.interact(() -> window.selectView(0));
    }

    @Test
    void opensTheBundledSampleAndAnotherSampleFile(FxRobot robot) throws Exception {
        assertEquals("fashion-mnist — S3NAS Workbench", ((Stage) window.getScene().getWindow()).getTitle());
        assertEveryViewShows(robot, "fashion-mnist");
        TableView<?> stages = robot.lookup("#stageTable").queryAs(TableView.class);
        assertEquals(4, stages.getItems().size());
        assertTrue(texts(robot, stages, ".table-cell").containsAll(Set.of("16", "24", "40", "80", "MixConv")));

        Path paper = Path.of("sample-projects/s3nas-imagenet.json").toAbsolutePath();
        openAndWait(robot, paper);
        assertEquals(paper, model.getProjectPath());
        assertEveryViewShows(robot, "s3nas-imagenet");
        assertEquals(5, stages.getItems().size());
        WaitForAsyncUtils.waitForFxEvents();
        Set<String> cells = texts(robot, stages, ".table-cell");
        assertTrue(cells.containsAll(Set.of("32", "64", "128", "160", "256")), cells.toString());
        assertEquals(29, robot.lookup("#positionTable").queryAs(TableView.class).getItems().size());
        assertTrue(texts(robot, window, ".fact-value").contains("224 × 224 × 3"));
        assertEquals(paper, model.recentFiles().get(0));
    }

    @Test
    void aBrokenProjectFileShowsOneDialogWithEveryProblemAndChangesNothing(FxRobot robot) throws Exception {
        Path good = dir.resolve("good.json");
        Files.copy(Path.of("sample-projects/fashion-mnist.json"), good);
        openAndWait(robot, good);
        Project before = model.getProject();

        Path broken = dir.resolve("broken.json");
        String text = Files.readString(good).replaceFirst("\"depth\": 2", "\"depth\": 0")
                .replaceFirst("\"cims\": 16", "\"cims\": -2").replaceFirst("\"stride\": 1,", "\"stride\": 3,");
        Files.writeString(broken, text);
        robot.interact(() -> model.open(broken));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#problemTable").tryQuery().isPresent());
        TableView<?> table = robot.lookup("#problemTable").queryAs(TableView.class);
        @SuppressWarnings("unchecked")
        List<Problem> problems = (List<Problem>) table.getItems();
        assertTrue(problems.size() >= 3, problems.toString());
        Set<String> paths = problems.stream().map(Problem::path).collect(Collectors.toSet());
        assertTrue(paths.containsAll(Set.of("supernet.stages[0].depth", "npu.cims")), paths.toString());
        assertTrue(texts(robot, table, ".table-cell").contains("npu.cims"), "the paths are shown");
        robot.clickOn("#problemDialog-cancel_close");
        WaitForAsyncUtils.waitForFxEvents();

        assertSame(before, model.getProject());
        assertEquals(good, model.getProjectPath());
        assertEquals(text, Files.readString(broken), "the broken file is untouched");
        assertFalse(Files.exists(dir.resolve("broken.json.bak")));
        assertEquals(Set.of("good.json", "broken.json"),
                Files.list(dir).map(p -> p.getFileName().toString()).collect(Collectors.toSet()), "nothing written");
        assertEveryViewShows(robot, "fashion-mnist");
    }
}
