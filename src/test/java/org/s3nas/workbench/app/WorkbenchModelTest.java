package org.s3nas.workbench.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.app.DialogService.SaveChoice;
import org.s3nas.workbench.model.Problem;
import org.s3nas.workbench.model.Project;

import static org.junit.jupiter.api.Assertions.*;

/** The shell's view-model with scripted dialogs, an in-memory store and a same-thread executor: no JavaFX toolkit. */
class WorkbenchModelTest {
    private final Path dir = Path.of("/tmp/wb-model-test").toAbsolutePath();
    private final Path first = dir.resolve("first.json");
    private final Path second = dir.resolve("second.json");
    private final Path bad = dir.resolve("bad.json");
    private Preferences prefs;
    private InMemoryProjectStore store;
    private ScriptedDialogs dialogs;
    private DirectTaskExecutor executor;
    private WorkbenchModel model;
    private int exits;

    @BeforeEach
    void setUp() {
        prefs = Preferences.userRoot().node("s3nas-workbench-test/" + UUID.randomUUID());
        store = new InMemoryProjectStore();
        store.put(first, TestProjects.proxy());
        store.put(second, TestProjects.paper());
        store.putBroken(bad, List.of(Problem.error("supernet.stages[1].depth", "must be at least 1, was 0"),
                Problem.error("npu.cims", "must be at least 1, was -2"),
                Problem.error("search.batchSize", "expected an integer, found \"many\" (line 40, column 18)")));
        dialogs = new ScriptedDialogs();
        executor = new DirectTaskExecutor();
        model = newModel(TestProjects.proxy(), first);
    }

    private WorkbenchModel newModel(Project p, Path path) {
        WorkbenchModel m = new WorkbenchModel(store, dialogs, executor, prefs, p, path);
        m.setExitHandler(() -> exits++);
        return m;
    }

    @AfterEach
    void tearDown() throws Exception {
        prefs.removeNode();
    }

    private void rename(String name) { model.edit("Rename to " + name, p -> p.withName(name)); }

    @Test
    void startsCleanWithTitleAndPath() {
        assertEquals("fashion-proxy", model.getProject().name());
        assertEquals(first, model.getProjectPath());
        assertFalse(model.isDirty());
        assertEquals("fashion-proxy — S3NAS Workbench", model.titleBinding().get());
        assertEquals(List.of(first), model.recentFiles());
    }

    @Test
    void editMarksDirtyAndUndoRedoFollowTheSavedState() {
        rename("renamed");
        assertTrue(model.isDirty());
        assertEquals("renamed* — S3NAS Workbench", model.titleBinding().get());
        assertTrue(model.canUndoProperty().get());
        assertEquals("Rename to renamed", model.undoDescriptionProperty().get());

        model.undo();
        assertEquals("fashion-proxy", model.getProject().name());
        assertFalse(model.isDirty(), "undoing back to the saved project is clean again");
        assertTrue(model.canRedoProperty().get());

        model.redo();
        assertEquals("renamed", model.getProject().name());
        assertTrue(model.isDirty());

        rename("third");
        assertFalse(model.canRedoProperty().get(), "a new edit drops the redo history");
    }

    @Test
    void editThatChangesNothingRecordsNothing() {
        model.edit("no-op", p -> p.withName(p.name()));
        assertFalse(model.isDirty());
        assertFalse(model.canUndoProperty().get());
    }

    @Test
    void saveWritesToTheFileAndClearsDirty() {
        rename("saved-name");
        assertTrue(model.save());
        assertEquals(List.of(first), store.saves);
        assertEquals("saved-name", store.files.get(first).name());
        assertFalse(model.isDirty());
        assertEquals("saved-name — S3NAS Workbench", model.titleBinding().get());
        assertTrue(dialogs.asked.isEmpty(), "Save with a file asks nothing: " + dialogs.asked);
    }

    @Test
    void saveOfANewProjectAsksWhereAndAddsTheExtension() {
        model.newProject(store.templates().get(1));
        assertNull(model.getProjectPath());
        dialogs.files.add(Optional.of(dir.resolve("mine")));
        assertTrue(model.save());
        assertEquals(List.of("save as paper-space.json"), dialogs.asked);
        assertEquals(dir.resolve("mine.json"), model.getProjectPath());
        assertEquals(dir.resolve("mine.json"), model.recentFiles().get(0));
    }

    @Test
    void cancelledSaveAsSavesNothing() {
        dialogs.files.add(Optional.empty());
        assertFalse(model.saveAs());
        assertTrue(store.saves.isEmpty());
        assertEquals(first, model.getProjectPath());
    }

    @Test
    void failedSaveReportsAndStaysDirty() {
        rename("x");
        store.failNextSave = new IOException("disk full");
        assertFalse(model.save());
        assertTrue(model.isDirty());
        assertEquals(1, dialogs.errors.size());
        assertTrue(dialogs.errors.get(0).contains("disk full"), dialogs.errors.get(0));
    }

    @Test
    void openReplacesTheProjectAndClearsHistory() {
        rename("x");
        dialogs.saveChoices.add(SaveChoice.DISCARD);
        model.open(second);
        assertEquals("paper-space", model.getProject().name());
        assertEquals(second, model.getProjectPath());
        assertFalse(model.isDirty());
        assertFalse(model.canUndoProperty().get());
        assertEquals(List.of(second, first), model.recentFiles());
        assertEquals(List.of("Opening second.json"), executor.titles, "the file is read as a background task");
    }

    @Test
    void openingAnInvalidFileShowsEveryProblemOnceAndKeepsTheProject() {
        rename("unsaved-work");
        Project before = model.getProject();
        model.open(bad);
        assertEquals(1, dialogs.problemDialogs.size(), "one dialog");
        assertEquals(3, dialogs.problemDialogs.get(0).size(), "listing every problem");
        assertEquals("supernet.stages[1].depth", dialogs.problemDialogs.get(0).get(0).path());
        assertSame(before, model.getProject(), "the open project stays");
        assertEquals(first, model.getProjectPath());
        assertTrue(model.isDirty(), "its unsaved changes stay too");
        assertTrue(model.canUndoProperty().get());
        assertTrue(store.saves.isEmpty(), "nothing is written");
        assertFalse(dialogs.asked.stream().anyMatch(a -> a.startsWith("save?")), "no unsaved-changes prompt for a file that cannot open");
        assertFalse(model.recentFiles().contains(bad));
        assertFalse(model.busyProperty().get());
    }

    @Test
    void unsavedChangesPromptCancelKeepsEverything() {
        rename("keep-me");
        dialogs.saveChoices.add(SaveChoice.CANCEL);
        model.open(second);
        assertEquals("keep-me", model.getProject().name());
        assertTrue(model.isDirty());
    }

    @Test
    void unsavedChangesPromptSaveSavesThenOpens() {
        rename("save-me");
        dialogs.saveChoices.add(SaveChoice.SAVE);
        model.open(second);
        assertEquals("save-me", store.files.get(first).name());
        assertEquals("paper-space", model.getProject().name());
    }

    @Test
    void exitAsksOnlyWhenDirty() {
        assertTrue(model.exit());
        assertEquals(1, exits);
        assertEquals(1, executor.cancelAllCalls, "background work is cancelled on exit");

        rename("dirty");
        dialogs.saveChoices.add(SaveChoice.CANCEL);
        assertFalse(model.exit());
        assertEquals(1, exits, "Cancel keeps the window");

        dialogs.saveChoices.add(SaveChoice.SAVE);
        assertTrue(model.exit());
        assertEquals(2, exits);
        assertEquals("dirty", store.files.get(first).name());
    }

    @Test
    void exitWithSaveThatIsCancelledDoesNotExit() {
        model.newProject(store.templates().get(0));
        rename("never-saved");
        dialogs.saveChoices.add(SaveChoice.SAVE);
        dialogs.files.add(Optional.empty()); // the Save As chooser is cancelled
        assertFalse(model.exit());
        assertEquals(0, exits);
    }

    @Test
    void newProjectFromATemplateIsCleanAndUnsaved() {
        dialogs.template = store.templates().get(1);
        model.newProject();
        assertEquals("paper-space", model.getProject().name());
        assertNull(model.getProjectPath());
        assertFalse(model.isDirty());
        dialogs.template = null;
        model.newProject();
        assertEquals("paper-space", model.getProject().name(), "a cancelled template choice changes nothing");
    }

    @Test
    void importedSupergraphBecomesANewDirtyProjectKeepingNpuAndSearch() {
        Path sg = dir.resolve("mixconv_super_3_4_7_4_11.json");
        store.supergraphs.put(sg, TestProjects.paper().supernet());
        Project before = model.getProject();
        model.importSupergraph(sg);
        Project p = model.getProject();
        assertEquals("mixconv_super_3_4_7_4_11", p.name());
        assertEquals(TestProjects.paper().supernet(), p.supernet());
        assertEquals(before.npu(), p.npu());
        assertEquals(before.search(), p.search());
        assertTrue(p.runs().isEmpty());
        assertTrue(p.architectures().isEmpty());
        assertNull(model.getProjectPath());
        assertTrue(model.isDirty(), "an import exists nowhere on disk yet");
    }

    @Test
    void invalidSupergraphShowsProblemsAndKeepsTheProject() {
        Project before = model.getProject();
        model.importSupergraph(bad);
        assertEquals(1, dialogs.problemDialogs.size());
        assertSame(before, model.getProject());
    }

    @Test
    void recentFilesPersistNewestFirstWithoutDuplicatesAndAtMostTen() {
        for (int i = 0; i < 12; i++) {
            Path p = dir.resolve("p" + i + ".json");
            store.put(p, TestProjects.proxy().withName("p" + i));
            model.open(p);
        }
        model.open(dir.resolve("p5.json"));
        List<Path> recent = List.copyOf(model.recentFiles());
        assertEquals(RecentFiles.MAX, recent.size());
        assertEquals(dir.resolve("p5.json"), recent.get(0));
        assertEquals(dir.resolve("p11.json"), recent.get(1));
        assertEquals(recent.size(), recent.stream().distinct().count());

        WorkbenchModel again = newModel(TestProjects.proxy(), null);
        assertEquals(recent, List.copyOf(again.recentFiles()), "kept in preferences across sessions");
    }

    @Test
    void missingRecentFileIsForgotten() {
        Path gone = dir.resolve("gone-" + UUID.randomUUID() + ".json");
        store.put(gone, TestProjects.paper());
        model.open(gone);
        assertTrue(model.recentFiles().contains(gone));
        model.openRecent(gone); // the in-memory file does not exist on the real disk
        assertFalse(model.recentFiles().contains(gone));
        assertEquals(1, dialogs.errors.size());
    }

    @Test
    void themeIsRememberedAcrossSessions() {
        assertEquals(Theme.LIGHT, model.getTheme());
        model.setTheme(Theme.DARK);
        assertEquals(Theme.DARK, newModel(TestProjects.proxy(), null).getTheme());
    }

    @Test
    void renameAsksAndRejectsAnEmptyName() {
        dialogs.texts.add(Optional.of("  "));
        model.rename();
        assertEquals("fashion-proxy", model.getProject().name());
        assertEquals(1, dialogs.errors.size());
        dialogs.texts.add(Optional.of(" better name "));
        model.rename();
        assertEquals("better name", model.getProject().name());
        assertTrue(model.isDirty());
    }
}
