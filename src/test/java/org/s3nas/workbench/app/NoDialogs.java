package org.s3nas.workbench.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.s3nas.workbench.model.Problem;

/** Dialogs that are never expected in a plain JUnit test: a view model that opens one here is a bug. */
public final class NoDialogs implements DialogService {
    @Override public SaveChoice askSaveChanges(String n) { throw new AssertionError("unexpected prompt"); }
    @Override public Optional<Path> chooseProjectToOpen(Path d, String e) { throw new AssertionError("unexpected chooser"); }
    @Override public Optional<Path> chooseSaveLocation(Path d, String s, String e) { throw new AssertionError("unexpected chooser"); }
    @Override public Optional<Path> chooseSupergraph(Path d) { throw new AssertionError("unexpected chooser"); }
    @Override public Optional<ProjectTemplate> chooseTemplate(List<ProjectTemplate> t) { throw new AssertionError("unexpected chooser"); }
    @Override public Optional<String> askText(String t, String p, String i) { throw new AssertionError("unexpected prompt"); }
    @Override public void showProblems(String t, String h, List<Problem> p) { throw new AssertionError("unexpected problems: " + p); }
    @Override public void showError(String t, String m, Throwable c) { throw new AssertionError("unexpected error: " + m); }
}
