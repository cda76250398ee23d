package org.s3nas.workbench.app;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.transformation.SortedList;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.Button;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableCell;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.HBox;
import javafx.stage.FileChooser;
import javax.imageio.ImageIO;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.control.PropertySheet;
import org.controlsfx.property.editor.AbstractPropertyEditor;

/**
 * The one kit the views are built from, so that they look and behave alike: header, summary strip, sections,
 * captions, warning banners, labelled fields, a long task's buttons, tables and their columns, sheets, file choosers
 * and PNG export.
 */
public final class Views {
    private Views() {}

    /**
     * The top of a view: the view's name as a small overline, the project's name as the title, and a subtitle.
     * The title label has the style class {@code project-title} (tests look it up).
     */
    public static VBox header(String viewName, ObservableValue<String> projectName, ObservableValue<String> subtitle) {
        Label overline = new Label(viewName.toUpperCase(java.util.Locale.ROOT));
        overline.getStyleClass().add("overline");
        Label title = new Label();
        title.textProperty().bind(projectName);
        title.getStyleClass().addAll("h1", "project-title");
        Label sub = new Label();
        sub.textProperty().bind(subtitle);
        sub.getStyleClass().add("subtitle");
        VBox box = new VBox(overline, title, sub);
        box.getStyleClass().add("view-header");
        return box;
    }

    /**
     * Makes {@code view} one of the workbench's views: its {@code id}, the style class {@code workbench-view} and its own
     * {@code styleClasses}, and its {@code stylesheet}.
     */
    public static void styleView(javafx.scene.Parent view, String id, java.net.URL stylesheet, String... styleClasses) {
        view.setId(id);
        view.getStyleClass().add("workbench-view");
        view.getStyleClass().addAll(styleClasses);
        view.getStylesheets().add(stylesheet.toExternalForm());
    }

    /** A row of small figure tiles, rebuilt whenever {@code facts} changes. */
    public static FlowPane factStrip(ObservableList<Fact> facts) {
        FlowPane strip = new FlowPane();
        strip.getStyleClass().add("fact-strip");
        Runnable rebuild = () -> strip.getChildren().setAll(facts.stream().map(Views::tile).toList());
        facts.addListener((ListChangeListener<Fact>) c -> rebuild.run());
        rebuild.run();
        return strip;
    }

    private static Node tile(Fact f) {
        Label label = new Label(f.label());
        label.getStyleClass().add("fact-label");
        Label value = new Label(f.value());
        value.getStyleClass().add("fact-value");
        VBox tile = new VBox(label, value);
        tile.getStyleClass().addAll("card", "fact-tile");
        if (f.hint() != null) Tooltip.install(tile, new Tooltip(f.hint()));
        return tile;
    }

    /** A titled part of a view that takes the free height. */
    public static VBox section(String title, Node content) {
        Label t = new Label(title);
        t.getStyleClass().add("section-title");
        VBox box = new VBox(t, content);
        box.getStyleClass().add("section");
        VBox.setVgrow(content, Priority.ALWAYS);
        return box;
    }

    /** Like {@link #section(String, Node)} with a live count after the title ("Runs · 3"). */
    public static VBox section(String title, ObservableList<?> items, Node content) {
        VBox box = section(title, content);
        Label t = (Label) box.getChildren().get(0);
        Runnable update = () -> t.setText(title + "  ·  " + items.size());
        items.addListener((ListChangeListener<Object>) c -> update.run());
        update.run();
        return box;
    }

    public static <R> TableView<R> table(ObservableList<R> items, String emptyText) {
        TableView<R> table = new TableView<>(items);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label empty = new Label(emptyText);
        empty.getStyleClass().add("empty-text");
        empty.setWrapText(true);
        // as tall as its lines: a short table (the finished runs under the charts) cut the sentence off with "…"
        empty.setMinHeight(Region.USE_PREF_SIZE);
        table.setPlaceholder(empty);
        return table;
    }

    /**
     * Makes a short table as tall as its rows (between {@code minRows} and {@code maxRows}, then it scrolls), so a
     * handful of stages is never cut off by a divider.
     */
    public static void fitRows(TableView<?> table, int minRows, int maxRows) {
        fitRows(table, minRows, maxRows, 1);
    }

    /** As {@link #fitRows(TableView, int, int)} for a header of {@code headerRows} rows (nested columns). */
    public static void fitRows(TableView<?> table, int minRows, int maxRows, int headerRows) {
        double cell = 28, header = 32 + 30 * (headerRows - 1);
        table.setFixedCellSize(cell);
        table.prefHeightProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
                () -> header + cell * Math.max(minRows, Math.min(maxRows, table.getItems().size())) + 4, table.getItems()));
        table.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        table.setMaxHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
    }

    /** A read-only column of a record's accessor; numbers are right-aligned and sort as numbers. */
    public static <R, V> TableColumn<R, V> column(String title, Function<R, V> value, double prefWidth) {
        TableColumn<R, V> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(value.apply(cd.getValue())));
        c.setPrefWidth(prefWidth);
        // never narrower than its bold 12 px header, or the constrained policy squeezes it to "Epo..."
        c.setMinWidth(Math.min(prefWidth, 24 + 7.5 * title.length()));
        c.setReorderable(false);
        return c;
    }

    public static <R, V extends Number> TableColumn<R, V> numberColumn(String title, Function<R, V> value, double prefWidth) {
        TableColumn<R, V> c = column(title, value, prefWidth);
        c.getStyleClass().add("number");
        return c;
    }

    /** A column of a record's accessor, each value written by {@code format} (an empty cell for null); sorts by the value. */
    public static <R, V> TableColumn<R, V> column(String title, Function<R, V> value, Function<? super V, String> format,
                                                  double prefWidth) {
        TableColumn<R, V> c = column(title, value, prefWidth);
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(V item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : format.apply(item));
            }
        });
        return c;
    }

    /** As {@link #column(String, Function, Function, double)}, right-aligned. */
    public static <R, V> TableColumn<R, V> numberColumn(String title, Function<R, V> value, Function<? super V, String> format,
                                                        double prefWidth) {
        TableColumn<R, V> c = column(title, value, format, prefWidth);
        c.getStyleClass().add("number");
        return c;
    }

    /** A {@link #table} that sorts {@code items} (left as they are) by the column headers the user clicks. */
    public static <R> TableView<R> sortedTable(ObservableList<R> items, String emptyText) {
        SortedList<R> sorted = new SortedList<>(items);
        TableView<R> table = table(sorted, emptyText);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        return table;
    }

    /** A ControlsFX property sheet that shows {@code rows} read-only, grouped by category, with a search box. */
    public static PropertySheet readOnlySheet(ObservableList<PropertyRow> rows) {
        PropertySheet sheet = new PropertySheet();
        sheet.setMode(PropertySheet.Mode.CATEGORY);
        sheet.setModeSwitcherVisible(false);
        sheet.setSearchBoxVisible(true);
        sheet.setPropertyEditorFactory(item -> new ReadOnlyEditor(item));
        // Categories in the order the view-model lists them, not alphabetically.
        sheet.setCategoryComparator(java.util.Comparator.comparingInt(c -> {
            for (int i = 0; i < rows.size(); i++) if (rows.get(i).category().equals(c)) return i;
            return Integer.MAX_VALUE;
        }));
        Runnable rebuild = () -> sheet.getItems().setAll(rows.stream().map(RowItem::new).toList());
        rows.addListener((ListChangeListener<PropertyRow>) c -> rebuild.run());
        rebuild.run();
        sheet.getStyleClass().add("read-only-sheet");
        return sheet;
    }

    /**
     * The value of a sheet row as a label. The sheet disables the editors of read-only items; workbench.css keeps
     * disabled values at full opacity so they stay readable.
     */
    private static final class ReadOnlyEditor extends AbstractPropertyEditor<Object, Label> {
        ReadOnlyEditor(PropertySheet.Item item) {
            super(item, valueLabel(item), true);
        }

        private static Label valueLabel(PropertySheet.Item item) {
            Label l = new Label(String.valueOf(item.getValue()));
            l.getStyleClass().add("property-value");
            l.setMaxWidth(Double.MAX_VALUE);
            // A small preferred width lets the names keep theirs; the value column then takes what is left.
            l.setPrefWidth(60);
            l.setMinHeight(Region.USE_PREF_SIZE);
            l.setTooltip(new javafx.scene.control.Tooltip(l.getText()));
            return l;
        }

        @Override
        protected ObservableValue<Object> getObservableValue() {
            return new ReadOnlyObjectWrapper<>(getEditor().getText());
        }

        @Override
        public void setValue(Object value) { getEditor().setText(String.valueOf(value)); }
    }

    private record RowItem(PropertyRow row) implements PropertySheet.Item {
        @Override public Class<?> getType() { return String.class; }
        @Override public String getCategory() { return row.category(); }
        @Override public String getName() { return row.name(); }
        @Override public String getDescription() { return row.description(); }
        @Override public Object getValue() { return row.value(); }
        @Override public void setValue(Object value) { throw new UnsupportedOperationException("read-only"); }
        @Override public boolean isEditable() { return false; }
        @Override public Optional<ObservableValue<? extends Object>> getObservableValue() { return Optional.empty(); }
    }

    /** Rows of a sheet in display order (for tests): "category/name=value". */
    static List<String> describe(PropertySheet sheet) {
        return sheet.getItems().stream().map(i -> i.getCategory() + "/" + i.getName() + "=" + i.getValue()).toList();
    }

    /** A small muted line of text (style class {@code caption}). */
    public static Label caption(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("caption");
        return l;
    }

    /**
     * A paragraph: a label that wraps, with style class {@code style} and {@code id} (each null for none), showing
     * {@code text}, or, for null, what the view sets.
     */
    public static Label paragraph(String style, String id, ObservableValue<String> text) {
        Label l = new Label();
        if (id != null) l.setId(id);
        if (style != null) l.getStyleClass().add(style);
        l.setWrapText(true);
        if (text != null) l.textProperty().bind(text);
        return l;
    }

    /** One wrapped caption per item of {@code lines} ({@code prefix} before each), kept in step with the list. */
    public static VBox captionLines(ObservableList<String> lines, String prefix) {
        VBox box = new VBox();
        Runnable fill = () -> box.getChildren().setAll(lines.stream().map(n -> {
            Label l = caption(prefix + n);
            l.setWrapText(true);
            return (Node) l;
        }).toList());
        lines.addListener((ListChangeListener<String>) c -> fill.run());
        fill.run();
        return box;
    }

    /** A warning strip bound to a message (style class {@code problem-banner}); hidden while the message is empty. */
    public static Label banner(ObservableStringValue message, String id) {
        Label l = paragraph("problem-banner", id, message);
        showWhen(l, l.textProperty().isNotEmpty());
        return l;
    }

    /** Shows {@code node} only while {@code shown} is true, and gives its room to the others while it is hidden. */
    public static void showWhen(Node node, ObservableValue<Boolean> shown) {
        node.visibleProperty().bind(shown);
        node.managedProperty().bind(node.visibleProperty());
    }

    /** A page that scrolls up and down on the view's background (style class {@code page-scroll}), as wide as the view. */
    public static ScrollPane pageScroll(Node content) {
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("page-scroll");
        return scroll;
    }

    /** Free room in a row that pushes what follows it to the right. */
    public static Region spacer() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    /**
     * A field in a row of fields (style class {@code field}): its name (style class {@code field-label}) above the
     * control.
     */
    public static VBox labelled(String label, Node control) {
        Label l = new Label(label);
        l.getStyleClass().add("field-label");
        l.setLabelFor(control);
        VBox box = new VBox(3, l, control);
        box.getStyleClass().add("field");
        return box;
    }

    /** A control without a name in a row of {@link #labelled} fields: level with their controls, not their names. */
    public static VBox unlabelled(Node control) {
        VBox box = new VBox(control);
        box.setAlignment(Pos.BOTTOM_LEFT);
        box.setFillWidth(false);
        box.setMaxHeight(Double.MAX_VALUE);
        return box;
    }

    /** A long task's controls: its start button (off while it runs), and Cancel and a spinner (shown only while it runs). */
    public record TaskControls(Button start, Button cancel, ProgressIndicator spinner) {}

    public static TaskControls taskControls(String startText, String startId, String cancelId, ObservableBooleanValue running,
                                            Runnable start, Runnable cancel) {
        Button run = new Button(startText);
        run.setId(startId);
        run.disableProperty().bind(running);
        run.setOnAction(e -> start.run());
        Button stop = new Button("Cancel");
        stop.setId(cancelId);
        stop.setOnAction(e -> cancel.run());
        showWhen(stop, running);
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.getStyleClass().add("small-progress");
        showWhen(spinner, running);
        return new TaskControls(run, stop, spinner);
    }

    /**
     * Asks where to save a file; empty when the user cancels. {@code folder} (null for the chooser's own) is where it
     * starts when it exists.
     */
    public static Optional<Path> chooseSaveFile(Node owner, String title, String suggestedName, Path folder,
                                                FileChooser.ExtensionFilter... filters) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.setInitialFileName(suggestedName);
        if (folder != null && Files.isDirectory(folder)) fc.setInitialDirectory(folder.toFile());
        fc.getExtensionFilters().addAll(filters);
        File f = fc.showSaveDialog(owner.getScene() == null ? null : owner.getScene().getWindow());
        return Optional.ofNullable(f).map(File::toPath);
    }

    /** The filter that lets a file chooser show every file. */
    public static FileChooser.ExtensionFilter allFiles() { return new FileChooser.ExtensionFilter("All files", "*"); }

    /** Writes a snapshot as a PNG file, creating its folder. */
    public static void writePng(WritableImage image, Path file) throws IOException {
        BufferedImage buffered = SwingFXUtils.fromFXImage(image, null);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        if (!ImageIO.write(buffered, "png", file.toFile())) throw new IOException("no PNG writer available");
    }

    public static Label bold(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("strong");
        l.setAlignment(Pos.CENTER_LEFT);
        return l;
    }

    /** A {@link #bold} line showing {@code text}. */
    public static Label bold(ObservableValue<String> text, String id) {
        Label l = bold("");
        l.setId(id);
        l.textProperty().bind(text);
        return l;
    }

    private static final javafx.scene.input.KeyCombination UNDO =
            new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.Z, javafx.scene.input.KeyCombination.SHORTCUT_DOWN);
    private static final javafx.scene.input.KeyCombination REDO = new javafx.scene.input.KeyCodeCombination(
            javafx.scene.input.KeyCode.Z, javafx.scene.input.KeyCombination.SHORTCUT_DOWN, javafx.scene.input.KeyCombination.SHIFT_DOWN);
    private static final javafx.scene.input.KeyCombination REDO_Y =
            new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.Y, javafx.scene.input.KeyCombination.SHORTCUT_DOWN);

    /**
     * Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y in a text field under {@code root} that shows the project's value undo and redo
     * the project, as everywhere else in the window (a text field otherwise keeps these keys to itself); in a field
     * being typed in ({@code showsProjectValue} false) they keep undoing the typing.
     */
    public static void projectUndoKeys(Node root, java.util.function.Predicate<javafx.scene.control.TextInputControl> showsProjectValue,
                                       Runnable undo, Runnable redo) {
        root.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            boolean u = UNDO.match(e), r = REDO.match(e) || REDO_Y.match(e);
            if (!u && !r) return;
            if (!(e.getTarget() instanceof javafx.scene.control.TextInputControl t) || !showsProjectValue.test(t)) return;
            if (u) undo.run();
            else redo.run();
            e.consume();
        });
    }
}
