package org.s3nas.workbench.app;

import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Screen;
import javafx.stage.Stage;

/** The workbench window: wires the store, dialogs, executor and view-model to the {@link MainWindow}. */
public final class WorkbenchApp extends Application {
    private UiTaskExecutor executor;

    @Override
    public void start(Stage stage) {
        executor = new UiTaskExecutor();
        ProjectStore store = WorkbenchLauncher.store();
        Startup first = WorkbenchLauncher.startup();
        FxDialogService dialogs = new FxDialogService(() -> stage);
        WorkbenchModel model = new WorkbenchModel(store, dialogs, executor,
                Preferences.userNodeForPackage(WorkbenchModel.class), first.project(), first.path());
        MainWindow window = new MainWindow(model);

        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(window, Math.min(1440, screen.getWidth() * 0.92), Math.min(920, screen.getHeight() * 0.92));
        stage.setScene(scene);
        stage.titleProperty().bind(model.titleBinding());
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        for (String icon : new String[]{"icon-64.png", "icon-256.png"}) {
            stage.getIcons().add(new Image(WorkbenchApp.class.getResource(icon).toExternalForm(), true));
        }
        model.setExitHandler(stage::hide);
        stage.setOnCloseRequest(e -> {
            e.consume(); // the model decides, after asking about unsaved changes
            model.exit();
        });
        stage.show();
        if (first.failure() != null) {
            ProjectProblemException f = first.failure();
            model.status("Cannot open " + f.file() + " (" + WorkbenchModel.plural(f.problems().size(), "problem")
                    + "): the bundled sample is open instead");
            Platform.runLater(() -> dialogs.showProblems("Cannot open project", f.file() + " has "
                    + WorkbenchModel.plural(f.problems().size(), "problem") + "; the bundled sample is open instead.", f.problems()));
        }
    }

    @Override
    public void stop() {
        if (executor != null) executor.shutdown();
    }
}
