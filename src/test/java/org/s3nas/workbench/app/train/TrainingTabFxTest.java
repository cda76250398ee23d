package org.s3nas.workbench.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.prefs.Preferences;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
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
import org.s3nas.workbench.app.post.ArchitectureChoice;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Training view in the real window: the sixth tab, opened by Ctrl+6 and listed in the View menu. */
@ExtendWith(ApplicationExtension.class)
class TrainingTabFxTest {
    private final Preferences prefs = Preferences.userRoot().node("s3nas-workbench-test/" + java.util.UUID.randomUUID());
    private UiTaskExecutor executor;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        executor = new UiTaskExecutor();
        FileProjectStore store = new FileProjectStore();
        Startup first = Startup.load(store, null);
        WorkbenchModel model = new WorkbenchModel(store, new FxDialogService(() -> stage), executor, prefs, first.project(), first.path());
        window = new MainWindow(model);
        stage.setScene(new Scene(window, 1240, 760));
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        executor.shutdown();
        prefs.removeNode();
    }

    @Test
    void ctrlSixOpensTheTrainingView(FxRobot robot) {
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT6).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(5, window.tabs().getSelectionModel().getSelectedIndex(), "Ctrl+6 opens the sixth view");
        assertEquals("Training", window.tabs().getTabs().get(5).getText());
        Node view = window.tabs().getTabs().get(5).getContent();
        assertInstanceOf(TrainingView.class, view, "built when first shown");
        assertEquals("fashion-mnist", robot.from(view).lookup(".project-title").queryAs(Label.class).getText());
        @SuppressWarnings("unchecked")
        ComboBox<ArchitectureChoice> arch = robot.from(view).lookup("#trainArchitecture").queryAs(ComboBox.class);
        assertEquals(ArchitectureChoice.LARGEST, arch.getValue().label(), "the sample has no saved architecture: its largest network");

        MenuBar bar = robot.lookup("#menuBar").queryAs(MenuBar.class);
        MenuItem item = bar.getMenus().get(2).getItems().stream().filter(i -> "menu-view-training".equals(i.getId())).findFirst().orElseThrow();
        assertEquals("Training", item.getText());
        assertTrue(item.getAccelerator().getDisplayText().endsWith("6"), item.getAccelerator().getDisplayText());
    }
}
