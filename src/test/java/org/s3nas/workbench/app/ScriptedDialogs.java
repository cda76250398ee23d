package org.s3nas.workbench.app;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.s3nas.workbench.model.Problem;

/** A {@link DialogService} that answers from queues and records what it was asked. */
final class ScriptedDialogs implements DialogService {
    final Deque<SaveChoice> saveChoices = new ArrayDeque<>();
    final Deque<Optional<Path>> files = new ArrayDeque<>();
    final Deque<Optional<String>> texts = new ArrayDeque<>();
    final List<String> asked = new ArrayList<>();
    final List<List<Problem>> problemDialogs = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    ProjectTemplate template;

    @Override
    public SaveChoice askSaveChanges(String projectName) {
        asked.add("save? " + projectName);
        if (saveChoices.isEmpty()) throw new AssertionError("unexpected unsaved-changes prompt for " + projectName);
        return saveChoices.poll();
    }

    private Optional<Path> nextFile(String what) {
        asked.add(what);
        if (files.isEmpty()) throw new AssertionError("unexpected file chooser: " + what);
        return files.poll();
    }

    @Override
    public Optional<Path> chooseProjectToOpen(Path dir, String extension) { return nextFile("open"); }

    @Override
    public Optional<Path> chooseSaveLocation(Path dir, String suggested, String extension) { return nextFile("save as " + suggested); }

    @Override
    public Optional<Path> chooseSupergraph(Path dir) { return nextFile("supergraph"); }

    @Override
    public Optional<ProjectTemplate> chooseTemplate(List<ProjectTemplate> templates) {
        asked.add("template");
        return Optional.ofNullable(template);
    }

    @Override
    public Optional<String> askText(String title, String prompt, String initialValue) {
        asked.add("text " + initialValue);
        return texts.isEmpty() ? Optional.empty() : texts.poll();
    }

    @Override
    public void showProblems(String title, String header, List<Problem> problems) {
        asked.add("problems: " + header);
        problemDialogs.add(problems);
    }

    @Override
    public void showError(String title, String message, Throwable cause) {
        asked.add("error: " + message);
        errors.add(message);
    }
}
