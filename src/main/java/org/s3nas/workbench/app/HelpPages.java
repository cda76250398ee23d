package org.s3nas.workbench.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Help → User guide and Help → Keyboard shortcuts: one window with a tab for each. The guide is the bundled
 * {@code user-guide.txt} ("# " starts a section); the shortcuts are read from the menus' accelerators, so the list
 * cannot drift from what the keys do, plus the keys the views handle themselves.
 */
final class HelpPages {
    /** A key and what it does. */
    record Shortcut(String keys, String action) {}

    /** Keys a view handles itself (no menu item carries them). */
    static final List<Shortcut> VIEW_KEYS = List.of(
            new Shortcut("Ctrl+Y", "Redo (as Ctrl+Shift+Z)"),
            new Shortcut("Ctrl+Z in a text field", "Undo the typing while it is not yet applied, else undo the project's last edit"),
            new Shortcut("Enter / leaving a field", "Apply what was typed; Escape drops it"),
            new Shortcut("← / →  (Supernet picture)", "Select the neighbouring block"),
            new Shortcut("W / S  (Timeline)", "Zoom in / out at the cursor; the wheel too"),
            new Shortcut("A / D  (Timeline)", "Pan left / right; a drag or shift-wheel too"),
            new Shortcut("F  (Timeline)", "Focus on the selected slice or range; double-click too"),
            new Shortcut("Shift-drag  (Timeline)", "Select a time range and see its totals"),
            new Shortcut("Esc  (Timeline)", "Clear the selection"),
            new Shortcut("Ctrl+F  (Timeline)", "Find a layer by name"));

    /** A section of the user guide: its title and paragraphs. */
    record Section(String title, List<String> paragraphs) {}

    private final MenuBar menus;
    private Stage stage;
    private TabPane tabs;

    HelpPages(MenuBar menus) {
        this.menus = menus;
    }

    /** The bundled guide's sections, in order. */
    static List<Section> guide() {
        String text;
        try (InputStream in = HelpPages.class.getResourceAsStream("user-guide.txt")) {
            if (in == null) throw new IOException("user-guide.txt is missing from the build");
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Section> out = new ArrayList<>();
        String title = null;
        List<String> paragraphs = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# ")) {
                if (title != null) out.add(new Section(title, List.copyOf(paragraphs)));
                title = line.substring(2).strip();
                paragraphs.clear();
            } else if (!line.isBlank()) {
                paragraphs.add(line.strip());
            }
        }
        if (title != null) out.add(new Section(title, List.copyOf(paragraphs)));
        return out;
    }

    /** Every menu item with an accelerator ("Ctrl+S", "Save"), then {@link #VIEW_KEYS}. */
    static List<Shortcut> shortcuts(MenuBar menus) {
        List<Shortcut> out = new ArrayList<>();
        for (Menu m : menus.getMenus()) collect(m, out);
        out.addAll(VIEW_KEYS);
        return out;
    }

    private static void collect(Menu m, List<Shortcut> out) {
        for (MenuItem mi : m.getItems()) {
            if (mi instanceof Menu sub) collect(sub, out);
            else if (mi.getAccelerator() != null) out.add(new Shortcut(mi.getAccelerator().getDisplayText(), plain(mi)));
        }
    }

    /** A menu item's name without its mnemonic and trailing dots ("_Open…" -> "Open"); undo/redo by their role. */
    private static String plain(MenuItem mi) {
        if ("menu-undo".equals(mi.getId())) return "Undo the last edit";
        if ("menu-redo".equals(mi.getId())) return "Redo";
        String t = mi.getText().replace("_", "").replace("…", "").strip();
        return mi.getId() != null && mi.getId().startsWith("menu-view-") ? "Show the " + t + " view" : t;
    }

    void showGuide(Window owner) { show(owner, 0); }

    void showShortcuts(Window owner) { show(owner, 1); }

    /** The window (for tests); null before it was first shown. */
    Stage window() { return stage; }

    private void show(Window owner, int tab) {
        if (stage == null) build(owner);
        tabs.getSelectionModel().select(tab);
        stage.show();
        stage.toFront();
    }

    private void build(Window owner) {
        VBox guide = new VBox(6);
        guide.setId("userGuide");
        guide.getStyleClass().add("help-guide");
        for (Section s : guide()) {
            Label title = new Label(s.title());
            title.getStyleClass().add("help-title");
            guide.getChildren().add(title);
            for (String p : s.paragraphs()) {
                Label text = new Label(p);
                text.setWrapText(true);
                text.getStyleClass().add("help-text");
                guide.getChildren().add(text);
            }
        }
        ScrollPane guideScroll = new ScrollPane(guide);
        guideScroll.setFitToWidth(true);

        TableView<Shortcut> keys = Views.table(javafx.collections.FXCollections.observableArrayList(shortcuts(menus)), "");
        keys.setId("shortcutTable");
        keys.getColumns().add(Views.column("Keys", Shortcut::keys, 220));
        keys.getColumns().add(Views.column("What it does", Shortcut::action, 440));
        keys.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        tabs = new TabPane(new Tab("User guide", guideScroll), new Tab("Keyboard shortcuts", keys));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("helpTabs");
        stage = new Stage();
        stage.setTitle(WorkbenchModel.APP_NAME + " — Help");
        if (owner != null) stage.initOwner(owner);
        Scene scene = new Scene(tabs, 760, 620);
        if (owner != null && owner.getScene() != null) scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        stage.setScene(scene);
    }
}
