package org.s3nas.workbench.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Labeled;
import javafx.scene.input.KeyCode;
import javafx.scene.paint.Color;
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

/** The whole window on headless Monocle: views, menus, shortcuts, theme, dirty marker and the problem dialog. */
@ExtendWith(ApplicationExtension.class)
class WorkbenchWindowTest {
    private final Path file = Path.of("/tmp/wb-window-test/proxy.json").toAbsolutePath();
    private final Path bad = Path.of("/tmp/wb-window-test/broken.json").toAbsolutePath();
    private Preferences prefs;
    private InMemoryProjectStore store;
    private UiTaskExecutor executor;
    private WorkbenchModel model;
    private MainWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        prefs = Preferences.userRoot().node("s3nas-workbench-test/" + UUID.randomUUID());
        store = new InMemoryProjectStore().put(file, TestProjects.proxy());
        store.putBroken(bad, List.of(Problem.error("supernet.stages[1].depth", "must be at least 1, was 0"),
                Problem.error("npu.cims", "must be at least 1, was -2"),
                Problem.error("search", "unknown field 'serch' (line 12, column 3)")));
        executor = new UiTaskExecutor();
        model = new WorkbenchModel(store, new FxDialogService(() -> stage), executor, prefs, TestProjects.proxy(), file);
        model.setExitHandler(stage::hide);
        window = new MainWindow(model);
        // Monocle's headless screen is 1280x800: a larger window overflows its frame buffer.
        stage.setScene(new Scene(window, 1240, 760));
        stage.titleProperty().bind(model.titleBinding());
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        executor.shutdown();
        prefs.removeNode();
    }

    private static Set<String> texts(FxRobot robot, Node root, String query) {
        return robot.from(root).lookup(query).queryAll().stream()
                .filter(n -> n instanceof Labeled).map(n -> ((Labeled) n).getText())
                .filter(t -> t != null).collect(java.util.stream.Collectors.toSet());
    }

    /** What the cells of a table show: a cell's text as drawn (cut with "…" when it does not fit), or its graphic text. */
    private static Set<String> shown(FxRobot robot, Node table) {
        Set<String> out = new java.util.HashSet<>();
        for (Node n : robot.from(table).lookup(".table-cell").queryAll()) {
            if (!(n instanceof javafx.scene.control.TableCell<?, ?> c) || c.isEmpty()) continue;
            if (c.getGraphic() instanceof javafx.scene.text.Text t) out.add(t.getText());
            else robot.from(c).lookup(".text").queryAll().stream().filter(x -> x instanceof javafx.scene.text.Text)
                    .forEach(x -> out.add(((javafx.scene.text.Text) x).getText()));
        }
        return out;
    }

    private Node view(int i) { return window.tabs().getTabs().get(i).getContent(); }

    private void openView(FxRobot robot, KeyCode digit) {
        robot.press(KeyCode.CONTROL, digit).release(digit, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void everyViewShowsTheProjectAndItsRealData(FxRobot robot) {
        KeyCode[] digits = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4};
        for (int i = 0; i < 4; i++) {
            openView(robot, digits[i]);
            assertEquals(i, window.tabs().getSelectionModel().getSelectedIndex(), "Ctrl+" + (i + 1));
            Label title = robot.from(view(i)).lookup(".project-title").queryAs(Label.class);
            assertEquals("fashion-proxy", title.getText());
            assertTrue(title.isVisible());
        }

        openView(robot, KeyCode.DIGIT1);
        TableView<?> stages = robot.lookup("#stageTable").queryAs(TableView.class);
        assertEquals(4, stages.getItems().size());
        Set<String> cells = texts(robot, stages, ".table-cell");
        assertTrue(cells.containsAll(Set.of("16", "24", "40", "80", "MixConv", "MBConv", "3, 5  |  3, 5, 7", "h-swish")), cells.toString());
        assertEquals(8, robot.lookup("#positionTable").queryAs(TableView.class).getItems().size());
        assertTrue(texts(robot, view(0), ".fact-value").contains("28 × 28 × 1"));

        openView(robot, KeyCode.DIGIT2);
        assertEquals("0.05", robot.from(view(1)).lookup("#config-targetLatencyMs").queryAs(javafx.scene.control.TextField.class).getText(),
                "the search configuration's target T, editable");
        assertTrue(texts(robot, robot.lookup("#runTable").query(), ".table-cell").contains("run-001"));

        openView(robot, KeyCode.DIGIT3);
        assertTrue(texts(robot, view(2), ".label").contains("Largest in the supernet"));
        assertEquals(8, robot.lookup("#blockTable").queryAs(TableView.class).getItems().size());

        openView(robot, KeyCode.DIGIT4);
        assertTrue(texts(robot, robot.lookup("#savedArchitectureTable").query(), ".table-cell").contains("found-a"));
        assertTrue(texts(robot, view(3), ".property-value").contains("4"), "the NPU's 4 FMEM banks");
    }

    @Test
    void switchingThemeRestylesTheWindowAndIsRemembered(FxRobot robot) {
        assertTrue(stage.getScene().getStylesheets().stream().anyMatch(s -> s.endsWith("theme-light.css")));
        Color light = (Color) window.getBackground().getFills().get(0).getFill();
        robot.clickOn("View").clickOn("#menu-theme-dark");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Theme.DARK, model.getTheme());
        assertTrue(stage.getScene().getStylesheets().stream().anyMatch(s -> s.endsWith("theme-dark.css")));
        Color dark = (Color) window.getBackground().getFills().get(0).getFill();
        assertEquals(Color.web("#1b1d23"), dark);
        assertTrue(dark.getBrightness() < light.getBrightness());
        Label title = robot.from(view(0)).lookup(".project-title").queryAs(Label.class);
        assertTrue(((Color) title.getTextFill()).getBrightness() > 0.8, "light text on the dark background");
        assertEquals("DARK", prefs.get("theme", null));

        robot.clickOn("View").clickOn("#menu-theme-light");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Color.web("#f4f5f7"), window.getBackground().getFills().get(0).getFill());
    }

    @Test
    void aChangeMarksTheWindowDirtyAndSaveClearsIt(FxRobot robot) {
        Label marker = robot.lookup("#dirtyMarker").queryAs(Label.class);
        assertEquals("Saved", marker.getText());
        assertEquals("fashion-proxy — S3NAS Workbench", stage.getTitle());

        robot.press(KeyCode.F2).release(KeyCode.F2);
        WaitForAsyncUtils.waitForFxEvents();
        robot.lookup("#textInput").queryTextInputControl().setText("");
        robot.clickOn("#textInput").write("Renamed proxy").press(KeyCode.ENTER).release(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();

        assertEquals("Renamed proxy* — S3NAS Workbench", stage.getTitle());
        assertEquals("● Modified", marker.getText());
        assertEquals("Renamed proxy", robot.from(view(0)).lookup(".project-title").queryAs(Label.class).getText());

        robot.press(KeyCode.CONTROL, KeyCode.S).release(KeyCode.S, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Renamed proxy — S3NAS Workbench", stage.getTitle());
        assertEquals("Saved", marker.getText());
        assertEquals(List.of(file), store.saves);
        assertEquals("Renamed proxy", store.files.get(file).name());
        assertEquals(file.toString(), robot.lookup("#projectPath").queryAs(Label.class).getText());
    }

    @Test
    void openingAnInvalidFileShowsOneProblemDialogAndKeepsTheProject(FxRobot robot) throws Exception {
        Project before = model.getProject();
        robot.interact(() -> model.open(bad));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#problemTable").tryQuery().isPresent());
        TableView<?> problems = robot.lookup("#problemTable").queryAs(TableView.class);
        assertEquals(3, problems.getItems().size());
        Set<String> cells = shown(robot, problems);
        assertTrue(cells.containsAll(Set.of("supernet.stages[1].depth", "npu.cims", "search",
                "must be at least 1, was 0", "unknown field 'serch'", "12:3")), cells.toString());
        assertEquals(1, robot.lookup("#problemDialog").queryAll().size(), "one dialog for all problems");
        robot.clickOn("#problemDialog-cancel_close");
        WaitForAsyncUtils.waitForFxEvents();

        assertFalse(robot.lookup("#problemTable").tryQuery().isPresent());
        assertSame(before, model.getProject());
        assertEquals(file, model.getProjectPath());
        assertEquals("fashion-proxy", robot.from(view(0)).lookup(".project-title").queryAs(Label.class).getText());
        assertTrue(store.saves.isEmpty());
    }

    @Test
    void exitWithUnsavedChangesAsksAndCancelKeepsTheWindow(FxRobot robot) {
        robot.interact(() -> model.rename("changed"));
        robot.press(KeyCode.CONTROL, KeyCode.Q).release(KeyCode.Q, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#unsavedChangesDialog").tryQuery().isPresent());
        robot.clickOn("#unsavedChangesDialog-cancel_close");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(stage.isShowing());

        robot.press(KeyCode.CONTROL, KeyCode.Q).release(KeyCode.Q, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#unsavedChangesDialog-no"); // Discard
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(stage.isShowing());
        assertTrue(store.saves.isEmpty());
    }

    @Test
    void aParsersLongMessageIsShownWholeWithItsLineAndColumn(FxRobot robot) throws Exception {
        String jackson = "not valid JSON: Unrecognized token 'hello': was expecting (JSON String, Number, Array, Object or token "
                + "'null', 'true' or 'false')";
        Path text = Path.of("/tmp/wb-window-test/notes.txt").toAbsolutePath();
        store.putBroken(text, List.of(Problem.error(text.toString(), jackson + " (line 1, column 6)")));
        robot.interact(() -> model.open(text));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#problemTable").tryQuery().isPresent());
        TableView<?> problems = robot.lookup("#problemTable").queryAs(TableView.class);
        WaitForAsyncUtils.waitForFxEvents();
        Set<String> cells = shown(robot, problems);
        assertTrue(cells.contains(jackson), "the whole message, not cut: " + cells);
        assertTrue(cells.contains("1:6"), "line and column: " + cells);
        javafx.scene.text.Text message = robot.from(problems).lookup(".problem-text").queryAs(javafx.scene.text.Text.class);
        javafx.scene.control.TableCell<?, ?> cell = (javafx.scene.control.TableCell<?, ?>) message.getParent();
        assertTrue(message.getLayoutBounds().getHeight() > 20, "wrapped onto several lines");
        assertTrue(cell.getHeight() >= message.getLayoutBounds().getHeight(), "the row is as tall as the message");
        robot.clickOn("#problemDialog-cancel_close");
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void helpOffersTheUserGuideAndTheKeyboardShortcuts(FxRobot robot) {
        robot.clickOn("Help");
        robot.clickOn("#menu-shortcuts");
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> keys = robot.lookup("#shortcutTable").queryAs(TableView.class);
        // what the table shows: its "Keys" and "What it does" columns (read through the columns, not the row type)
        assertEquals(List.of("Keys", "What it does"), keys.getColumns().stream().map(TableColumn::getText).toList());
        List<String> rows = keys.getItems().stream().map(r -> cell(keys, 0, r) + " = " + cell(keys, 1, r)).toList();
        assertTrue(rows.contains("Ctrl+S = Save"), rows.toString());
        assertTrue(rows.contains("Ctrl+3 = Show the Timeline view"), rows.toString());
        assertTrue(rows.contains("Ctrl+Z = Undo the last edit"), rows.toString());
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("W / S")), rows.toString());

        robot.press(KeyCode.F1).release(KeyCode.F1);
        WaitForAsyncUtils.waitForFxEvents();
        Node guide = robot.lookup("#userGuide").query();
        assertTrue(guide.isVisible() && guide.getScene().getWindow().isShowing());
        Set<String> titles = texts(robot, guide, ".help-title");
        assertTrue(titles.containsAll(Set.of("First start", "Supernet (Ctrl+1)", "Search (Ctrl+2)", "Timeline (Ctrl+3)", "Latency (Ctrl+4)",
                "Scale & SE (Ctrl+5)", "Training (Ctrl+6)", "Report (Ctrl+7)", "Command line")), titles.toString());
        robot.interact(() -> ((Stage) guide.getScene().getWindow()).hide());
    }

    /** The value a table column shows for a row. */
    @SuppressWarnings("unchecked")
    private static String cell(TableView<?> table, int column, Object row) {
        return String.valueOf(((TableColumn<Object, ?>) table.getColumns().get(column)).getCellData(row));
    }

}
