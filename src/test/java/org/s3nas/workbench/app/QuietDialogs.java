package org.s3nas.workbench.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.s3nas.workbench.model.Problem;

/**
 * Dialogs that answer "no" without a window (discard changes, no file, no template, no text) for tests that may pass
 * through a prompt; problems and errors are never expected and fail the test.
 */
public final class QuietDialogs implements DialogService {
    @Override public SaveChoice askSaveChanges(String projectName) { return SaveChoice.DISCARD; }
    @Override public Optional<Path> chooseProjectToOpen(Path d, String e) { return Optional.empty(); }
    @Override public Optional<Path> chooseSaveLocation(Path d, String s, String e) { return Optional.empty(); }
    @Override public Optional<Path> chooseSupergraph(Path d) { return Optional.empty(); }
    @Override public Optional<ProjectTemplate> chooseTemplate(List<ProjectTemplate> t) { return Optional.empty(); }
    @Override public Optional<String> askText(String t, String p, String i) { return Optional.empty(); }
    @Override public void showProblems(String t, String h, List<Problem> p) { throw new AssertionError(h + ": " + p); }
    @Override public void showError(String t, String m, Throwable c) { throw new AssertionError(m, c); }
}
