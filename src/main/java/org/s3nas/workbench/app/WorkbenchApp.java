package org.s3nas.workbench.app;

import java.util.Optional;
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
    private static final double MIN_WIDTH = 900, MIN_HEIGHT = 600;
    private UiTaskExecutor executor;

    @Override
    public void start(Stage stage) {
        executor = new UiTaskExecutor();
        ProjectStore store = WorkbenchLauncher.store();
        Startup first = WorkbenchLauncher.startup();
        FxDialogService dialogs = new FxDialogService(() -> stage);
        Preferences prefs = Preferences.userNodeForPackage(WorkbenchModel.class);
        WorkbenchModel model = new WorkbenchModel(store, dialogs, executor, prefs, first.project(), first.path());
        MainWindow window = new MainWindow(model);

        // where the window was last time, if a screen of this session can show it; else 92 % of the primary screen
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        Optional<WindowPlacement.Bounds> saved = WindowPlacement.read(prefs).flatMap(b -> WindowPlacement.fit(b,
                Screen.getScreens().stream().map(Screen::getVisualBounds).toList(), MIN_WIDTH, MIN_HEIGHT));
        Scene scene = new Scene(window, saved.map(WindowPlacement.Bounds::width).orElse(Math.min(1440, screen.getWidth() * 0.92)),
                saved.map(WindowPlacement.Bounds::height).orElse(Math.min(920, screen.getHeight() * 0.92)));
        stage.setScene(scene);
        saved.ifPresent(b -> {
            stage.setX(b.x());
            stage.setY(b.y());
            stage.setMaximized(b.maximized());
        });
        stage.setOnHiding(e -> {
            // a maximised window keeps the place it had before it was maximised, to return there
            WindowPlacement.Bounds normal = stage.isMaximized() ? saved.orElse(null)
                    : new WindowPlacement.Bounds(stage.getX(), stage.getY(), scene.getWidth(), scene.getHeight(), false);
            if (normal != null) {
                WindowPlacement.write(prefs, new WindowPlacement.Bounds(normal.x(), normal.y(), normal.width(), normal.height(), stage.isMaximized()));
            }
        });
        stage.titleProperty().bind(model.titleBinding());
        stage.setMinWidth(MIN_WIDTH);
        stage.setMinHeight(MIN_HEIGHT);
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
