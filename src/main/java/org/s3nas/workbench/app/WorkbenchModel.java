package org.s3nas.workbench.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.prefs.Preferences;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;
import org.s3nas.workbench.model.Problem;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.Validator;

/**
 * The shell's view-model: the open project and everything around it (file, dirty flag, undo history, recent files,
 * theme, status message) as read-only JavaFX properties, and the commands of the File / Edit / View menus.
 * It holds no {@code Node}; it asks the user through a {@link DialogService} and reads and writes files through a
 * {@link ProjectStore}, so it is tested with plain JUnit.
 * <p>
 * Views get the project from {@link #projectProperty()} (never null) and change it only through
 * {@link #edit(String, UnaryOperator)}, which records an undoable step and marks the project dirty. Call the
 * commands on the FX thread.
 */
public final class WorkbenchModel {
    public static final String APP_NAME = "S3NAS Workbench";
    private static final String PREF_THEME = "theme";
    private static final String PREF_LAST_DIR = "lastDirectory";

    /** One undoable change of the project (Scene Builder's Job, on immutable snapshots). */
    private record Edit(String description, Project before, Project after) {}

    private final ProjectStore store;
    private final DialogService dialogs;
    private final TaskExecutor executor;
    private final Preferences prefs;
    private final RecentFiles recent;

    private final ReadOnlyObjectWrapper<Project> project = new ReadOnlyObjectWrapper<>(this, "project");
    private final ReadOnlyObjectWrapper<Path> projectPath = new ReadOnlyObjectWrapper<>(this, "projectPath");
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty");
    private final ReadOnlyStringWrapper statusMessage = new ReadOnlyStringWrapper(this, "statusMessage", "");
    private final ReadOnlyObjectWrapper<Theme> theme = new ReadOnlyObjectWrapper<>(this, "theme");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(this, "canUndo");
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper(this, "canRedo");
    private final ReadOnlyStringWrapper undoDescription = new ReadOnlyStringWrapper(this, "undoDescription", "");
    private final ReadOnlyStringWrapper redoDescription = new ReadOnlyStringWrapper(this, "redoDescription", "");
    private final StringBinding title;
    private final StringBinding projectName;

    private final Deque<Edit> undo = new ArrayDeque<>();
    private final Deque<Edit> redo = new ArrayDeque<>();
    /** The project as it is on disk at {@link #projectPath}; null when it has never been saved. */
    private Project savedProject;
    private Runnable exitHandler = () -> {};

    /**
     * @param initial     the project to show first (never null)
     * @param initialPath its file, or null when it does not come from a file the user owns (the bundled sample)
     */
    public WorkbenchModel(ProjectStore store, DialogService dialogs, TaskExecutor executor, Preferences prefs,
                          Project initial, Path initialPath) {
        this.store = Objects.requireNonNull(store);
        this.dialogs = Objects.requireNonNull(dialogs);
        this.executor = Objects.requireNonNull(executor);
        this.prefs = Objects.requireNonNull(prefs);
        this.recent = new RecentFiles(prefs);
        this.theme.set(Theme.parse(prefs.get(PREF_THEME, Theme.LIGHT.name())));
        projectName = Bindings.createStringBinding(() -> project.get() == null ? "" : project.get().name(), project);
        title = Bindings.createStringBinding(
                () -> projectName.get() + (dirty.get() ? "*" : "") + " — " + APP_NAME, projectName, dirty);
        replace(Objects.requireNonNull(initial, "initial project"), initialPath, initial);
        if (initialPath != null) recent.add(initialPath);
        status(initialPath == null ? "Opened " + initial.name() + " (bundled sample)" : "Opened " + initialPath);
    }

    // ---- state -----------------------------------------------------------------------------------------------

    public ReadOnlyObjectProperty<Project> projectProperty() { return project.getReadOnlyProperty(); }

    public Project getProject() { return project.get(); }

    /** The open project's name, for headers. */
    public StringBinding projectNameBinding() { return projectName; }

    /** File of the open project; null while it has never been saved. */
    public ReadOnlyObjectProperty<Path> projectPathProperty() { return projectPath.getReadOnlyProperty(); }

    public Path getProjectPath() { return projectPath.get(); }

    /** True while the project differs from its file (or was never saved after an import). */
    public ReadOnlyBooleanProperty dirtyProperty() { return dirty.getReadOnlyProperty(); }

    public boolean isDirty() { return dirty.get(); }

    /** Window title: the project name, {@code *} when dirty. */
    public StringBinding titleBinding() { return title; }

    public ReadOnlyStringProperty statusMessageProperty() { return statusMessage.getReadOnlyProperty(); }

    public ReadOnlyObjectProperty<Theme> themeProperty() { return theme.getReadOnlyProperty(); }

    public Theme getTheme() { return theme.get(); }

    /** True while a file is being opened or imported (the File commands that replace the project wait). */
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }

    public ReadOnlyBooleanProperty canUndoProperty() { return canUndo.getReadOnlyProperty(); }

    public ReadOnlyBooleanProperty canRedoProperty() { return canRedo.getReadOnlyProperty(); }

    public ReadOnlyStringProperty undoDescriptionProperty() { return undoDescription.getReadOnlyProperty(); }

    public ReadOnlyStringProperty redoDescriptionProperty() { return redoDescription.getReadOnlyProperty(); }

    /** Recent project files, newest first (read-only; kept in preferences). */
    public ObservableList<Path> recentFiles() { return recent.files(); }

    public List<ProjectTemplate> templates() { return store.templates(); }

    /** The executor for long work; its progress shows in the status bar. */
    public TaskExecutor executor() { return executor; }

    /** What the shell does once {@link #exit()} is allowed (closes the window). */
    public void setExitHandler(Runnable handler) { this.exitHandler = Objects.requireNonNull(handler); }

    // ---- editing ---------------------------------------------------------------------------------------------

    /**
     * Changes the project by one undoable step, e.g. {@code edit("Set depth of stage 2", p -> p.withSupernet(...))}.
     * A change that yields an equal project records nothing.
     */
    public void edit(String description, UnaryOperator<Project> change) {
        Project before = project.get();
        Project after = Objects.requireNonNull(change.apply(before), "an edit must return a project");
        if (after.equals(before)) return;
        undo.push(new Edit(description, before, after));
        redo.clear();
        setProject(after);
        status(description);
    }

    public void undo() { replay(undo, redo, Edit::before, "Undone: "); }

    public void redo() { replay(redo, undo, Edit::after, "Redone: "); }

    /** Takes the latest edit of {@code from} to {@code to} and shows the project on its {@code side} (nothing when empty). */
    private void replay(Deque<Edit> from, Deque<Edit> to, Function<Edit, Project> side, String what) {
        Edit e = from.poll();
        if (e == null) return;
        to.push(e);
        setProject(side.apply(e));
        status(what + e.description());
    }

    /** Edit → Rename project…: asks for the new name. */
    public void rename() {
        dialogs.askText("Rename project", "Project name:", project.get().name()).ifPresent(this::rename);
    }

    public void rename(String newName) {
        String n = newName == null ? "" : newName.strip();
        if (n.isEmpty()) {
            dialogs.showError("Rename project", "A project name must not be empty.", null);
            return;
        }
        edit("Rename project to '" + n + "'", p -> p.withName(n));
    }

    // ---- File commands ---------------------------------------------------------------------------------------

    /** File → New…: asks for a template, then (after the unsaved-changes prompt) opens a fresh copy of it. */
    public void newProject() {
        dialogs.chooseTemplate(store.templates()).ifPresent(this::newProject);
    }

    public void newProject(ProjectTemplate template) {
        if (busy.get() || !confirmDiscard()) return;
        Project p = template.create();
        replace(p, null, p);
        status("New project from the template " + template.title() + " (not saved yet)");
    }

    /** File → Open…: asks for a file, then {@link #open(Path)}. */
    public void open() {
        if (busy.get()) return;
        dialogs.chooseProjectToOpen(lastDirectory(), store.extension()).ifPresent(this::open);
    }

    /**
     * Loads {@code file} in the background. Only a file that loads without errors replaces the open project, and
     * only after the unsaved-changes prompt; otherwise one dialog lists every problem and nothing changes.
     */
    public void open(Path file) {
        replaceFromFile(file, "Opening", "Open", "Cannot open project", store::load, (f, loaded) -> {
            replace(loaded, f, loaded);
            recent.add(f);
            List<Problem> warnings = Validator.validate(loaded);
            status("Opened " + f + (warnings.isEmpty() ? "" : " (" + plural(warnings.size(), "warning") + ": " + warnings.get(0) + ")"));
        });
    }

    /** Reads a file for {@link #open(Path)} or {@link #importSupergraph(Path)}; throws the problems that stop it. */
    @FunctionalInterface
    private interface FileReader<T> {
        T read(Path file) throws Exception;
    }

    /**
     * Reads {@code file} in the background ("Opening …", the File commands wait meanwhile). Only what reads without
     * errors replaces the open project, through {@code replaceWith}, and only after the unsaved-changes prompt;
     * otherwise one dialog titled {@code failureTitle} lists every problem and nothing changes.
     */
    private <T> void replaceFromFile(Path file, String doing, String command, String failureTitle, FileReader<T> read,
                                     java.util.function.BiConsumer<Path, T> replaceWith) {
        if (busy.get()) return;
        Path f = file.toAbsolutePath().normalize();
        rememberDirectory(f);
        busy.set(true);
        status(doing + " " + f + " …");
        executor.submit(doing + " " + f.getFileName(), p -> read.read(f), result -> {
            busy.set(false);
            if (!confirmDiscard()) {
                status(command + " cancelled: " + getProject().name() + " stays open");
                return;
            }
            replaceWith.accept(f, result);
        }, error -> {
            busy.set(false);
            openFailed(f, error, failureTitle);
        });
    }

    /** File → Save: to the project's file, or Save As when it has none. Returns whether the project was saved. */
    public boolean save() {
        Path p = projectPath.get();
        return p == null ? saveAs() : saveTo(p);
    }

    /** File → Save As…: asks where. Returns whether the project was saved. */
    public boolean saveAs() {
        Optional<Path> target = dialogs.chooseSaveLocation(lastDirectory(), suggestedFileName(), store.extension());
        return target.isPresent() && saveAs(target.get());
    }

    public boolean saveAs(Path file) {
        Path f = file.toAbsolutePath().normalize();
        String name = f.getFileName().toString();
        if (!name.contains(".")) f = f.resolveSibling(name + store.extension());
        return saveTo(f);
    }

    private boolean saveTo(Path f) {
        Project p = project.get();
        try {
            store.save(p, f);
        } catch (ProjectProblemException e) {
            dialogs.showProblems("Cannot save project", p.name() + " has " + plural(e.problems().size(), "error")
                    + " and was not saved; " + f.getFileName() + " is unchanged.", e.problems());
            status("Not saved: " + plural(e.problems().size(), "error"));
            return false;
        } catch (IOException | RuntimeException e) {
            dialogs.showError("Cannot save project", "Saving " + p.name() + " to " + f + " failed: " + Formats.message(e), e);
            status("Save failed: " + Formats.message(e));
            return false;
        }
        savedProject = p;
        projectPath.set(f);
        updateDirty();
        recent.add(f);
        rememberDirectory(f);
        status("Saved " + f);
        return true;
    }

    /** File → Import S3NAS supergraph…: asks for the authors' supergraph JSON, then {@link #importSupergraph(Path)}. */
    public void importSupergraph() {
        if (busy.get()) return;
        dialogs.chooseSupergraph(lastDirectory()).ifPresent(this::importSupergraph);
    }

    /**
     * Reads an authors' supergraph file and opens a new, unsaved project on it that keeps the current project's
     * NPU and search settings (so a user's dataset and machine carry over); runs and saved architectures start empty.
     */
    public void importSupergraph(Path file) {
        replaceFromFile(file, "Importing", "Import", "Cannot import supergraph", store::importSupergraph, (f, supernet) -> {
            Project base = getProject();
            Project imported = new Project(baseName(f), "Imported from the S3NAS supergraph " + f.getFileName(),
                    supernet, base.npu(), base.search(), List.of(), List.of());
            replace(imported, null, null); // never saved: dirty until the user saves it
            status("Imported " + f + ": " + supernet.stages().size() + " stages, " + supernet.totalBlocks() + " blocks (not saved yet)");
        });
    }

    /** Opens a recent file; forgets it when it no longer exists. */
    public void openRecent(Path file) {
        if (!Files.exists(file)) {
            recent.remove(file);
            dialogs.showError("Cannot open project", file + " no longer exists; it was removed from the recent files.", null);
            return;
        }
        open(file);
    }

    public void clearRecentFiles() { recent.clear(); }

    /** File → Exit: asks about unsaved changes; when allowed, cancels background work and runs the exit handler. */
    public boolean exit() {
        if (!confirmDiscard()) return false;
        executor.cancelAll();
        exitHandler.run();
        return true;
    }

    // ---- View commands ---------------------------------------------------------------------------------------

    public void setTheme(Theme t) {
        theme.set(Objects.requireNonNull(t));
        prefs.put(PREF_THEME, t.name());
    }

    /** Asks the user for a run folder (e.g. one another process writes, to follow it). */
    public Optional<Path> chooseRunFolder() { return dialogs.chooseRunFolder(lastDirectory()); }

    public void status(String message) { statusMessage.set(message == null ? "" : message); }

    // ---- internals -------------------------------------------------------------------------------------------

    /**
     * When the project has unsaved changes, asks Save / Discard / Cancel. Returns true when the caller may go on
     * (saved, discarded, or nothing to save).
     */
    public boolean confirmDiscard() {
        if (!dirty.get()) return true;
        return switch (dialogs.askSaveChanges(project.get().name())) {
            case SAVE -> save();
            case DISCARD -> true;
            case CANCEL -> false;
        };
    }

    private void openFailed(Path f, Throwable error, String title) {
        if (error instanceof CancellationException) {
            status("Cancelled opening " + f);
            return;
        }
        if (error instanceof ProjectProblemException poe) {
            List<Problem> problems = poe.problems();
            dialogs.showProblems(title, f + " has " + plural(problems.size(), "problem")
                    + ". Nothing was changed; " + getProject().name() + " stays open.", problems);
            status(title + ": " + f.getFileName() + " has " + plural(problems.size(), "problem"));
        } else {
            dialogs.showError(title, f + ": " + Formats.message(error), error);
            status(title + ": " + Formats.message(error));
        }
    }

    private void replace(Project p, Path path, Project saved) {
        undo.clear();
        redo.clear();
        savedProject = saved;
        projectPath.set(path);
        setProject(p);
    }

    private void setProject(Project p) {
        project.set(p);
        updateDirty();
        canUndo.set(!undo.isEmpty());
        canRedo.set(!redo.isEmpty());
        undoDescription.set(undo.isEmpty() ? "" : undo.peek().description());
        redoDescription.set(redo.isEmpty() ? "" : redo.peek().description());
    }

    private void updateDirty() { dirty.set(!project.get().equals(savedProject)); }

    private String suggestedFileName() {
        Path p = projectPath.get();
        if (p != null) return p.getFileName().toString();
        String base = project.get().name().strip().replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
        return (base.isEmpty() ? "project" : base) + store.extension();
    }

    private Path lastDirectory() {
        Path p = projectPath.get();
        if (p != null && p.getParent() != null) return p.getParent();
        String d = prefs.get(PREF_LAST_DIR, null);
        if (d != null) {
            Path dir = Path.of(d);
            if (Files.isDirectory(dir)) return dir;
        }
        return Path.of(System.getProperty("user.home"));
    }

    private void rememberDirectory(Path file) {
        if (file.getParent() != null) prefs.put(PREF_LAST_DIR, file.getParent().toString());
    }

    private static String baseName(Path f) {
        String n = f.getFileName().toString();
        int dot = n.indexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    static String plural(int n, String word) { return n + " " + word + (n == 1 ? "" : "s"); }

}
