package org.s3nas.workbench.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.s3nas.workbench.model.Problem;

/**
 * Everything the view-model asks the user (JabRef's DialogService): the shell implements it with JavaFX dialogs
 * ({@link FxDialogService}), tests with scripted answers.
 */
public interface DialogService {
    enum SaveChoice { SAVE, DISCARD, CANCEL }

    /** "Save changes to {@code projectName}?" with Save / Discard / Cancel. */
    SaveChoice askSaveChanges(String projectName);

    Optional<Path> chooseProjectToOpen(Path initialDirectory, String extension);

    Optional<Path> chooseSaveLocation(Path initialDirectory, String suggestedFileName, String extension);

    Optional<Path> chooseSupergraph(Path initialDirectory);

    /** A run folder to open (none by default: dialogs that cannot ask choose nothing). */
    default Optional<Path> chooseRunFolder(Path initialDirectory) { return Optional.empty(); }

    Optional<ProjectTemplate> chooseTemplate(List<ProjectTemplate> templates);

    Optional<String> askText(String title, String prompt, String initialValue);

    /** One dialog listing every problem, each with its path. */
    void showProblems(String title, String header, List<Problem> problems);

    void showError(String title, String message, Throwable cause);
}
