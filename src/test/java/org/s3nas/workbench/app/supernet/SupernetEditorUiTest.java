package org.s3nas.workbench.app.supernet;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.s3nas.workbench.app.FileProjectStore;
import org.s3nas.workbench.app.MainWindow;
import org.s3nas.workbench.app.ProjectTemplate;
import org.s3nas.workbench.app.UiTaskExecutor;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.BlockKind;
import org.s3nas.workbench.model.Supernet;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import static org.junit.jupiter.api.Assertions.*;

/** The editor in the real window on headless Monocle, driven through its controls and the keyboard. */
@ExtendWith(ApplicationExtension.class)
class SupernetEditorUiTest {
    private Preferences prefs;
    private UiTaskExecutor executor;
    private WorkbenchModel model;
    private MainWindow window;
    private FileProjectStore store;

    @org.junit.jupiter.api.BeforeAll
    static void patience() {
        // two shared cores under other builds: building the window may take longer than TestFX's 10 s default
        org.testfx.api.FxToolkit.toolkitContext().setSetupTimeoutInMillis(90_000);
    }

    @Start
    void start(Stage stage) {
        prefs = Fixtures.prefs();
        executor = new UiTaskExecutor();
        store = new FileProjectStore();
        model = new WorkbenchModel(store, new org.s3nas.workbench.app.QuietDialogs(), executor, prefs, Fixtures.load(Fixtures.PAPER),
                Fixtures.PAPER.toAbsolutePath());
        window = new MainWindow(model);
        stage.setScene(new Scene(window, 1240, 760)); // Monocle's headless screen is 1280x800
        stage.show();
    }

    @AfterEach
    void tearDown() {
        executor.shutdown();
        Fixtures.remove(prefs);
    }

    private SupernetView view() { return (SupernetView) window.tabs().getTabs().get(0).getContent(); }

    private <T extends Node> T node(FxRobot robot, String id) {
        return robot.lookup("#" + id).query();
    }

    /** Focuses a text field, replaces its text by typing, and presses Enter. */
    private void type(FxRobot robot, String fieldId, String text) {
        TextField tf = node(robot, "field-" + fieldId.replace('.', '-'));
        robot.interact(tf::requestFocus);
        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        robot.write(text);
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private <T> void choose(FxRobot robot, String id, T value) {
        ComboBox<T> box = node(robot, id);
        robot.interact(() -> box.getSelectionModel().select(value));
    }

    private void press(FxRobot robot, String buttonId) {
        Button b = node(robot, buttonId);
        assertFalse(b.isDisabled(), buttonId + " is enabled");
        robot.interact(b::fire);
    }

    @Test
    void buildingThePapersSpaceFromANewProjectThroughTheEditorGivesTheSampleSupernet(FxRobot robot) {
        ProjectTemplate fashion = store.templates().get(0);
        robot.interact(() -> model.newProject(fashion));
        assertEquals(4, model.getProject().supernet().stages().size());

        type(robot, "name", "mixconv_super_3_4_7_4_11");
        type(robot, "input.height", "224");
        type(robot, "input.width", "224");
        type(robot, "input.channels", "3");
        type(robot, "stem.kernel", "7");
        type(robot, "stem.channels", "32");
        choose(robot, "choice-stem-stride", 2);
        choose(robot, "choice-stem-activation", Activation.RELU);
        type(robot, "head.featureChannels", "1280");
        type(robot, "head.classes", "1000");

        press(robot, "kind-mbconv"); // start the stages from other candidates than the paper's
        for (int i = 0; i < 5; i++) press(robot, "stage-add");
        assertEquals(9, model.getProject().supernet().stages().size());
        TableView<?> table = view().stageTable();
        robot.interact(() -> table.getSelectionModel().select(0));
        for (int i = 0; i < 4; i++) press(robot, "stage-remove");
        assertEquals(5, model.getProject().supernet().stages().size());

        int[][] stages = {{32, 3, 2}, {64, 4, 2}, {128, 7, 2}, {160, 4, 1}, {256, 11, 2}};
        for (int i = 0; i < stages.length; i++) {
            type(robot, "stage." + i + ".width", Integer.toString(stages[i][0]));
            type(robot, "stage." + i + ".depth", Integer.toString(stages[i][1]));
            choose(robot, "choice-stage-" + i + "-stride", stages[i][2]);
            choose(robot, "choice-stage-" + i + "-kind", BlockKind.MIXCONV);
            type(robot, "stage." + i + ".kernels", "3, 5 | 3, 5 | 3, 5, 7");
            type(robot, "stage." + i + ".expansions", "0, 2 | 0, 2 | 0*, 2");
        }

        Supernet expected = Fixtures.load(Fixtures.PAPER).supernet();
        assertEquals(expected, model.getProject().supernet());
        assertTrue(model.isDirty());
        assertEquals(29, view().viewModel().getPicture().blocks().size());
        assertEquals(List.of("32", "64", "128", "160", "256"),
                table.getItems().stream().map(r -> Integer.toString(((SupernetViewModel.StageRow) r).width())).toList());
    }

    @Test
    void anInvalidValueShowsItsMessageBesideTheFieldAndIsNotApplied(FxRobot robot) {
        Supernet start = model.getProject().supernet();
        type(robot, "stage.1.width", "0");
        TextField width = node(robot, "field-stage-1-width");
        assertTrue(width.getStyleClass().contains("invalid"), "red border");
        assertEquals("Width of stage 2: must be at least 1, was 0", width.getTooltip().getText());
        assertEquals("0", width.getText(), "the text stays to be fixed");
        Label problems = node(robot, "fieldProblems");
        assertTrue(problems.isVisible());
        assertEquals("Width of stage 2: must be at least 1, was 0", problems.getText());
        assertEquals(start, model.getProject().supernet(), "not applied");
        assertFalse(model.isDirty());

        type(robot, "stage.3.kernels", "3,4");
        TextField kernels = node(robot, "field-stage-3-kernels");
        assertTrue(kernels.getStyleClass().contains("invalid"));
        assertTrue(kernels.getTooltip().getText().endsWith("must be a positive odd kernel size, was 4"), kernels.getTooltip().getText());
        assertEquals(start, model.getProject().supernet());

        robot.interact(kernels::requestFocus);
        robot.type(KeyCode.ESCAPE);
        assertEquals("3, 5  |  3, 5  |  3, 5, 7", kernels.getText());
        assertFalse(kernels.getStyleClass().contains("invalid"));
        type(robot, "stage.1.width", "72");
        assertFalse(width.getStyleClass().contains("invalid"));
        assertFalse(problems.isVisible());
        assertEquals(72, model.getProject().supernet().stages().get(1).width());
    }

    @Test
    void typingRedrawsThePictureAndTheUndoKeysWorkInTheFields(FxRobot robot) {
        Supernet start = model.getProject().supernet();
        NetworkCanvas picture = (NetworkCanvas) view().picture();
        assertEquals(29, picture.picture().blocks().size());
        TextField depth = node(robot, "field-stage-2-depth");
        robot.interact(depth::requestFocus);
        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        robot.write("9");
        assertEquals(31, picture.picture().blocks().size(), "the picture follows the typing before Enter");
        assertEquals(start, model.getProject().supernet());
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        Supernet nine = model.getProject().supernet();
        assertEquals(9, nine.stages().get(2).depth());
        assertEquals("● Modified", node(robot, "dirtyMarker") instanceof Label l ? l.getText() : null);

        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(start, model.getProject().supernet(), "Ctrl+Z in the field undoes the edit");
        assertEquals("7", depth.getText());
        assertEquals(29, picture.picture().blocks().size());
        robot.press(KeyCode.CONTROL, KeyCode.Y).release(KeyCode.Y, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(nine, model.getProject().supernet(), "Ctrl+Y redoes it");
        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.Z).release(KeyCode.Z, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(nine, model.getProject().supernet(), "Ctrl+Shift+Z redoes too");

        // away from the fields the menu's accelerators do the same
        robot.interact(() -> view().stageTable().requestFocus());
        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(start, model.getProject().supernet());
        assertFalse(model.isDirty());
    }

    @Test
    void clickingABlockInThePictureSelectsItAndTheTableFollows(FxRobot robot) throws Exception {
        NetworkCanvas picture = (NetworkCanvas) view().picture();
        NetworkLayout.BlockShape target = picture.picture().block(2, 4);
        Point2D p = picture.canvas().localToScreen(target.centerX(), target.y() + target.h() / 2);
        robot.clickOn(p);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(2, view().stageTable().getSelectionModel().getSelectedIndex());
        Node inspector = node(robot, "blockInspector");
        Label title = robot.from(inspector).lookup(".section-title").query();
        assertEquals("Block 5 of stage 3", title.getText());
        TextField own = node(robot, "field-block-kernels");
        assertEquals("3, 5  |  3, 5  |  3, 5, 7", own.getText());

        type(robot, "block.kernels", "3 | 5, 7");
        assertEquals(2, model.getProject().supernet().stages().get(2).superkernelsOf(4).size());
        assertTrue(picture.picture().block(2, 4).block().overridden());
        assertEquals("block 5", view().stageTable().getItems().get(2).overrides());

        // the costs follow in the background
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> view().viewModel().costsStateProperty().get() == SupernetViewModel.CostsState.READY);
        assertEquals(new org.s3nas.workbench.npu.MidapSimulator(model.getProject().npu()).latencyMs(model.getProject().supernet().largest()),
                view().viewModel().costsProperty().get().largestLatencyMs(), 1e-12);
    }

    @Test
    void everySliceOfThePaperSpaceNamesAllItsKernelSizesEvenInNarrowBlocks(FxRobot robot) {
        NetworkCanvas picture = (NetworkCanvas) view().picture();
        NetworkLayout l = picture.picture();
        List<NetworkCanvas.KernelLabel> labels = NetworkCanvas.kernelLabels(l);
        for (NetworkLayout.BlockShape b : l.blocks()) {
            for (NetworkLayout.SliceShape sl : b.slices()) {
                if (sl.h() <= 0) continue;
                NetworkCanvas.KernelLabel k = labels.stream()
                        .filter(x -> x.x() <= b.x() + 0.01 && x.x() + x.w() >= b.x() + b.w() - 0.01 && Math.abs(x.y() - sl.y()) < 0.5)
                        .findFirst().orElseThrow(() -> new AssertionError("no label on stage " + (b.block().stage() + 1)
                                + " block " + b.block().indexInStage() + " (" + b.w() + " px wide)"));
                assertEquals(sl.slice().kernels(), k.lines().stream().flatMap(t -> java.util.Arrays.stream(t.split("/"))).map(Integer::valueOf).toList(),
                        "stage " + (b.block().stage() + 1) + ": every candidate kernel, not only the largest");
            }
        }
        assertEquals(List.of("3", "5", "7"), NetworkCanvas.kernelText(List.of(3, 5, 7), 9, 40), "one per line when narrow");
        assertEquals(List.of(), NetworkCanvas.kernelText(List.of(3, 5, 7), 9, 12), "nothing rather than '7' alone");
        assertEquals(List.of("3/5"), NetworkCanvas.kernelText(List.of(3, 5), 40, 20));
    }
}
