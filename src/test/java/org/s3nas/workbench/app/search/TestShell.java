package org.s3nas.workbench.app.search;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.prefs.Preferences;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.s3nas.workbench.app.DialogService;
import org.s3nas.workbench.app.FileProjectStore;
import org.s3nas.workbench.app.MainWindow;
import org.s3nas.workbench.app.ProjectTemplate;
import org.s3nas.workbench.app.Theme;
import org.s3nas.workbench.app.UiTaskExecutor;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.io.ProjectFiles;
import org.s3nas.workbench.model.Problem;
import org.s3nas.workbench.model.Project;

/** The shell around a dashboard for tests (Search, Training): the real store and executor, dialogs that record instead of asking. */
public final class TestShell {
    public final Preferences prefs = Preferences.userRoot().node("s3nas-workbench-test/" + UUID.randomUUID());
    public final UiTaskExecutor executor = new UiTaskExecutor();
    public final List<String> errors = new ArrayList<>();
    /** The folder "Follow run folder…" is given (none: the dialog was cancelled). */
    public volatile Path runFolderToChoose;
    public final WorkbenchModel model;

    /** Call on the FX thread. {@code file} is where the project is saved first (runs then go beside it). */
    public TestShell(Project project, Path file) throws Exception {
        if (file != null) ProjectFiles.save(project, file);
        model = new WorkbenchModel(new FileProjectStore(), new Dialogs(), executor, prefs, project, file);
    }

    /** The bundled fashion-mnist sample, its dataset path made absolute (as File → New does). */
    public static Project sample() { return new FileProjectStore().defaultProject(); }

    /**
     * Shows {@code view} on {@code stage} in a scene of {@code width} x {@code height} styled as the main window is in
     * {@code theme} (Monocle's headless screen is 1280x800). Call on the FX thread (a {@code @Start} method).
     */
    public static Scene show(Stage stage, Parent view, double width, double height, Theme theme) {
        Scene scene = new Scene(view, width, height);
        scene.getStylesheets().setAll(MainWindow.stylesheets(theme));
        stage.setScene(scene);
        stage.show();
        return scene;
    }

    public void close() throws Exception {
        executor.shutdown();
        prefs.removeNode();
    }

    private final class Dialogs implements DialogService {
        @Override public SaveChoice askSaveChanges(String projectName) { return SaveChoice.DISCARD; }
        @Override public Optional<Path> chooseProjectToOpen(Path dir, String ext) { return Optional.empty(); }
        @Override public Optional<Path> chooseSaveLocation(Path dir, String name, String ext) { return Optional.empty(); }
        @Override public Optional<Path> chooseSupergraph(Path dir) { return Optional.empty(); }
        @Override public Optional<Path> chooseRunFolder(Path dir) { return Optional.ofNullable(runFolderToChoose); }
        @Override public Optional<ProjectTemplate> chooseTemplate(List<ProjectTemplate> templates) { return Optional.empty(); }
        @Override public Optional<String> askText(String title, String prompt, String initial) { return Optional.empty(); }
        @Override public void showProblems(String title, String header, List<Problem> problems) { errors.add(title + ": " + problems); }
        @Override public void showError(String title, String message, Throwable cause) { errors.add(title + ": " + message); }
    }
}
