package org.s3nas.workbench.app;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.s3nas.workbench.app.latency.LatencyView;
import org.s3nas.workbench.app.latency.LatencyViewModel;
import org.s3nas.workbench.app.post.PostView;
import org.s3nas.workbench.app.post.PostViewModel;
import org.s3nas.workbench.app.report.ReportView;
import org.s3nas.workbench.app.report.ReportViewModel;
import org.s3nas.workbench.app.search.SearchView;
import org.s3nas.workbench.app.search.SearchViewModel;
import org.s3nas.workbench.app.supernet.SupernetView;
import org.s3nas.workbench.app.supernet.SupernetViewModel;
import org.s3nas.workbench.app.timeline.TimelineView;
import org.s3nas.workbench.app.timeline.TimelineViewModel;
import org.s3nas.workbench.app.train.TrainingView;
import org.s3nas.workbench.app.train.TrainingViewModel;

/**
 * The workbench window's content: menus, the views as tabs, the status bar. It only binds to the
 * {@link WorkbenchModel} and forwards menu commands to it.
 */
public final class MainWindow extends BorderPane {
    /** The shared sheet; each {@link Theme} adds its colours. */
    public static final String BASE_STYLESHEET = "workbench.css";

    private final WorkbenchModel model;
    private final TabPane tabs = new TabPane();

    public MainWindow(WorkbenchModel model) {
        this.model = model;
        setId("workbenchRoot");
        getStyleClass().add("workbench");

        tabs.setId("viewTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getTabs().addAll(
                tab("Supernet", "icon-supernet", () -> new SupernetView(new SupernetViewModel(model))),
                tab("Search", "icon-search", () -> new SearchView(new SearchViewModel(model))),
                tab("Timeline", "icon-timeline", () -> new TimelineView(new TimelineViewModel(model))),
                tab("Latency", "icon-latency", () -> new LatencyView(new LatencyViewModel(model))),
                tab("Scale & SE", "icon-post", () -> new PostView(new PostViewModel(model))),
                tab("Training", "icon-training", () -> new TrainingView(new TrainingViewModel(model))),
                tab("Report", "icon-report", () -> new ReportView(new ReportViewModel(model))));
        // -Ds3nas.view=timeline (a tab's name) opens on that view, for demos and screenshots.
        String first = System.getProperty("s3nas.view");
        if (first != null) tabs.getTabs().stream().filter(t -> t.getText().equalsIgnoreCase(first.strip())).findFirst()
                .ifPresent(t -> tabs.getSelectionModel().select(t));
        // Startup builds and styles only the view on screen; the others are built when first shown.
        tabs.getSelectionModel().selectedItemProperty().addListener((obs, old, t) -> realize(t));
        realize(tabs.getSelectionModel().getSelectedItem());

        setTop(menuBar());
        setCenter(tabs);
        setBottom(statusBar());

        sceneProperty().addListener((obs, old, scene) -> {
            if (scene == null) return;
            applyTheme(scene, model.getTheme());
            // Ctrl+Y redoes as well as Ctrl+Shift+Z (the menu item can carry only one accelerator)
            scene.getAccelerators().put(new KeyCodeCombination(KeyCode.Y, KeyCombination.SHORTCUT_DOWN), model::redo);
        });
        model.themeProperty().addListener((obs, old, t) -> { if (getScene() != null) applyTheme(getScene(), t); });
    }

    /** Stylesheets of a theme, for the window and its dialogs. */
    public static List<String> stylesheets(Theme t) {
        return List.of(MainWindow.class.getResource(BASE_STYLESHEET).toExternalForm(),
                MainWindow.class.getResource(t.stylesheet()).toExternalForm());
    }

    private static void applyTheme(Scene scene, Theme t) {
        scene.getStylesheets().setAll(stylesheets(t));
    }

    /** The view tabs; a tab's content is built the first time it is selected. */
    public TabPane tabs() { return tabs; }

    /** Shows view {@code index} (0 = Supernet, 1 = Search, 2 = Timeline, 3 = Latency, 4 = Scale & SE, 5 = Training, 6 = Report). */
    public void selectView(int index) { tabs.getSelectionModel().select(index); }

    private static void realize(Tab t) {
        if (t != null && t.getContent() == null && t.getUserData() instanceof Supplier<?> view) t.setContent((Node) view.get());
    }

    private static Tab tab(String title, String iconClass, Supplier<Node> content) {
        Tab t = new Tab(title);
        t.setUserData(content);
        t.setId("tab-" + title.toLowerCase());
        Region icon = new Region();
        icon.getStyleClass().addAll("tab-icon", iconClass);
        t.setGraphic(icon);
        return t;
    }

    private MenuBar menuBar() {
        Menu file = new Menu("_File");
        MenuItem newItem = item("_New…", "menu-new", shortcut(KeyCode.N), model::newProject);
        MenuItem open = item("_Open…", "menu-open", shortcut(KeyCode.O), model::open);
        Menu recent = new Menu("Open _Recent");
        recent.setId("menu-recent");
        Runnable fillRecent = () -> {
            recent.getItems().clear();
            for (Path p : model.recentFiles()) {
                MenuItem mi = new MenuItem(p.getFileName() + "  —  " + (p.getParent() == null ? "" : p.getParent()));
                mi.setMnemonicParsing(false);
                mi.setOnAction(e -> model.openRecent(p));
                recent.getItems().add(mi);
            }
            if (!recent.getItems().isEmpty()) {
                recent.getItems().addAll(new SeparatorMenuItem(), item("Clear recent files", "menu-clear-recent", null, model::clearRecentFiles));
            }
            recent.setDisable(model.recentFiles().isEmpty());
        };
        model.recentFiles().addListener((ListChangeListener<Path>) c -> fillRecent.run());
        fillRecent.run();
        MenuItem save = item("_Save", "menu-save", shortcut(KeyCode.S), model::save);
        MenuItem saveAs = item("Save _As…", "menu-save-as",
                new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), model::saveAs);
        MenuItem importSg = item("_Import S3NAS supergraph…", "menu-import", shortcut(KeyCode.I), model::importSupergraph);
        MenuItem exit = item("E_xit", "menu-exit", shortcut(KeyCode.Q), model::exit);
        for (MenuItem mi : List.of(newItem, open, importSg)) mi.disableProperty().bind(model.busyProperty());
        file.getItems().addAll(newItem, open, recent, new SeparatorMenuItem(), save, saveAs, new SeparatorMenuItem(),
                importSg, new SeparatorMenuItem(), exit);

        Menu edit = new Menu("_Edit");
        MenuItem undo = item("_Undo", "menu-undo", shortcut(KeyCode.Z), model::undo);
        undo.textProperty().bind(Bindings.when(model.canUndoProperty())
                .then(Bindings.concat("Undo ", model.undoDescriptionProperty())).otherwise("Undo"));
        undo.disableProperty().bind(model.canUndoProperty().not());
        MenuItem redo = item("_Redo", "menu-redo",
                new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), model::redo);
        redo.textProperty().bind(Bindings.when(model.canRedoProperty())
                .then(Bindings.concat("Redo ", model.redoDescriptionProperty())).otherwise("Redo"));
        redo.disableProperty().bind(model.canRedoProperty().not());
        MenuItem rename = item("Re_name project…", "menu-rename", new KeyCodeCombination(KeyCode.F2), model::rename);
        edit.getItems().addAll(undo, redo, new SeparatorMenuItem(), rename);

        Menu view = new Menu("_View");
        String[] names = {"Supernet", "Search", "Timeline", "Latency", "Scale & SE", "Training", "Report"};
        KeyCode[] keys = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4, KeyCode.DIGIT5, KeyCode.DIGIT6, KeyCode.DIGIT7};
        for (int i = 0; i < names.length; i++) {
            int index = i;
            view.getItems().add(item(names[i], "menu-view-" + names[i].toLowerCase(), shortcut(keys[i]), () -> selectView(index)));
        }
        view.getItems().add(new SeparatorMenuItem());
        ToggleGroup themes = new ToggleGroup();
        for (Theme t : Theme.values()) {
            RadioMenuItem ri = new RadioMenuItem(t.title() + " theme");
            ri.setId("menu-theme-" + t.name().toLowerCase());
            ri.setToggleGroup(themes);
            ri.setSelected(model.getTheme() == t);
            ri.setOnAction(e -> model.setTheme(t));
            model.themeProperty().addListener((obs, old, now) -> ri.setSelected(now == t));
            view.getItems().add(ri);
        }

        Menu help = new Menu("_Help");
        MenuBar bar = new MenuBar(file, edit, view, help);
        HelpPages pages = new HelpPages(bar);
        help.getItems().addAll(
                item("_User guide", "menu-guide", new KeyCodeCombination(KeyCode.F1), () -> pages.showGuide(window())),
                item("_Keyboard shortcuts", "menu-shortcuts", null, () -> pages.showShortcuts(window())),
                new SeparatorMenuItem(),
                item("_About S3NAS Workbench", "menu-about", null, this::showAbout));
        bar.setId("menuBar");
        return bar;
    }

    private static KeyCombination shortcut(KeyCode k) { return new KeyCodeCombination(k, KeyCombination.SHORTCUT_DOWN); }

    private static MenuItem item(String text, String id, KeyCombination accel, Runnable action) {
        MenuItem mi = new MenuItem(text);
        mi.setId(id);
        if (accel != null) mi.setAccelerator(accel);
        mi.setOnAction(e -> action.run());
        return mi;
    }

    private Node statusBar() {
        Label message = new Label();
        message.setId("statusMessage");
        message.textProperty().bind(model.statusMessageProperty());
        message.setMaxWidth(Double.MAX_VALUE);
        message.setMinWidth(120);
        HBox.setHgrow(message, Priority.ALWAYS);

        TaskExecutor ex = model.executor();
        ProgressBar progress = new ProgressBar();
        progress.setId("taskProgress");
        progress.progressProperty().bind(ex.progressProperty());
        progress.setPrefWidth(160);
        Label task = new Label();
        task.textProperty().bind(ex.messageProperty());
        task.getStyleClass().add("caption");
        task.setMaxWidth(320);
        Button cancel = new Button("Cancel");
        cancel.setId("cancelTasks");
        cancel.getStyleClass().add("small");
        cancel.setOnAction(e -> ex.cancelAll());
        HBox taskBox = new HBox(task, progress, cancel);
        taskBox.getStyleClass().add("task-box");
        taskBox.visibleProperty().bind(ex.runningProperty());
        taskBox.managedProperty().bind(ex.runningProperty());

        Label path = new Label();
        path.setId("projectPath");
        path.getStyleClass().add("path-label");
        path.textProperty().bind(Bindings.createStringBinding(() -> model.getProjectPath() == null ? "Not saved to a file"
                : model.getProjectPath().toString(), model.projectPathProperty()));
        Tooltip pathTip = new Tooltip();
        pathTip.textProperty().bind(path.textProperty());
        path.setTooltip(pathTip);
        path.setMinWidth(80);

        Label dirty = new Label();
        dirty.setId("dirtyMarker");
        dirty.textProperty().bind(Bindings.when(model.dirtyProperty()).then("● Modified").otherwise("Saved"));
        Runnable dirtyStyle = () -> {
            dirty.getStyleClass().removeAll("dirty", "clean");
            dirty.getStyleClass().add(model.isDirty() ? "dirty" : "clean");
        };
        model.dirtyProperty().addListener((obs, o, n) -> dirtyStyle.run());
        dirtyStyle.run();
        dirty.setMinWidth(Region.USE_PREF_SIZE);
        // A new project that nobody changed yet is neither "saved" nor "modified": the path label says it all.
        var showDirty = model.dirtyProperty().or(model.projectPathProperty().isNotNull());
        dirty.visibleProperty().bind(showDirty);
        dirty.managedProperty().bind(showDirty);

        Separator beforeDirty = new Separator(Orientation.VERTICAL);
        beforeDirty.visibleProperty().bind(showDirty);
        beforeDirty.managedProperty().bind(showDirty);
        HBox bar = new HBox(message, taskBox, new Separator(Orientation.VERTICAL), path, beforeDirty, dirty);
        bar.setId("statusBar");
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    private javafx.stage.Window window() { return getScene() == null ? null : getScene().getWindow(); }

    private void showAbout() {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.setTitle("About " + WorkbenchModel.APP_NAME);
        String version = MainWindow.class.getPackage().getImplementationVersion();
        a.setHeaderText(WorkbenchModel.APP_NAME + " " + (version == null ? "(development build)" : version));
        a.setContentText("""
                NPU-aware neural architecture search on a simulated MIDAP NPU.

                Implements S3NAS (Lee, Kang, Ha: "S3NAS: Fast NPU-aware Neural Architecture Search \
                Methodology", arXiv 2009.02009): supernets of MixConv superkernels, searched with \
                trainable thresholds against a profiled latency table.

                Java %s · JavaFX %s""".formatted(System.getProperty("java.version"), System.getProperty("javafx.runtime.version")));
        if (getScene() != null) {
            a.initOwner(getScene().getWindow());
            a.getDialogPane().getStylesheets().setAll(getScene().getStylesheets());
        }
        a.getDialogPane().setId("aboutDialog");
        a.getDialogPane().getStyleClass().add("workbench-dialog");
        a.getDialogPane().setPrefWidth(520);
        a.showAndWait();
    }
}
