package org.s3nas.workbench.app;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.s3nas.workbench.model.Problem;

/** {@link DialogService} with JavaFX dialogs owned by the workbench window, styled like it. */
public final class FxDialogService implements DialogService {
    public static final ButtonType SAVE = new ButtonType("Save", ButtonBar.ButtonData.YES);
    public static final ButtonType DISCARD = new ButtonType("Discard", ButtonBar.ButtonData.NO);

    private final Supplier<Window> owner;

    public FxDialogService(Supplier<Window> owner) { this.owner = owner; }

    @Override
    public SaveChoice askSaveChanges(String projectName) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "", SAVE, DISCARD, ButtonType.CANCEL);
        a.setTitle("Unsaved changes");
        a.setHeaderText("Save the changes to " + projectName + "?");
        a.setContentText("Discarded changes are lost.");
        prepare(a, "unsavedChangesDialog");
        ButtonType b = a.showAndWait().orElse(ButtonType.CANCEL);
        return b == SAVE ? SaveChoice.SAVE : b == DISCARD ? SaveChoice.DISCARD : SaveChoice.CANCEL;
    }

    @Override
    public Optional<Path> chooseProjectToOpen(Path initialDirectory, String extension) {
        FileChooser fc = chooser("Open project", initialDirectory);
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("S3NAS projects (*" + extension + ")", "*" + extension),
                new FileChooser.ExtensionFilter("JSON files (*.json)", "*.json"),
                new FileChooser.ExtensionFilter("All files", "*"));
        return Optional.ofNullable(fc.showOpenDialog(owner.get())).map(File::toPath);
    }

    @Override
    public Optional<Path> chooseSaveLocation(Path initialDirectory, String suggestedFileName, String extension) {
        FileChooser fc = chooser("Save project as", initialDirectory);
        fc.setInitialFileName(suggestedFileName);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("S3NAS projects (*" + extension + ")", "*" + extension));
        return Optional.ofNullable(fc.showSaveDialog(owner.get())).map(File::toPath);
    }

    @Override
    public Optional<Path> chooseSupergraph(Path initialDirectory) {
        FileChooser fc = chooser("Import S3NAS supergraph", initialDirectory);
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Supergraph JSON (*.json)", "*.json"),
                new FileChooser.ExtensionFilter("All files", "*"));
        return Optional.ofNullable(fc.showOpenDialog(owner.get())).map(File::toPath);
    }

    @Override
    public Optional<Path> chooseRunFolder(Path initialDirectory) {
        javafx.stage.DirectoryChooser dc = new javafx.stage.DirectoryChooser();
        dc.setTitle("Open a run folder to follow");
        if (initialDirectory != null && Files.isDirectory(initialDirectory)) dc.setInitialDirectory(initialDirectory.toFile());
        return Optional.ofNullable(dc.showDialog(owner.get())).map(File::toPath);
    }

    private static FileChooser chooser(String title, Path dir) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        if (dir != null && Files.isDirectory(dir)) fc.setInitialDirectory(dir.toFile());
        return fc;
    }

    @Override
    public Optional<ProjectTemplate> chooseTemplate(List<ProjectTemplate> templates) {
        if (templates.isEmpty()) return Optional.empty();
        Dialog<ProjectTemplate> d = new Dialog<>();
        d.setTitle("New project");
        d.setHeaderText("Start a new project from:");
        ToggleGroup group = new ToggleGroup();
        VBox box = new VBox();
        box.getStyleClass().add("template-list");
        for (ProjectTemplate t : templates) {
            RadioButton rb = new RadioButton(t.title());
            rb.getStyleClass().add("strong");
            rb.setUserData(t);
            rb.setToggleGroup(group);
            Label desc = new Label(t.description());
            desc.getStyleClass().add("caption");
            desc.setWrapText(true);
            desc.setMaxWidth(420);
            VBox entry = new VBox(rb, desc);
            entry.getStyleClass().add("template-entry");
            box.getChildren().add(entry);
        }
        group.selectToggle(group.getToggles().get(0));
        d.getDialogPane().setContent(box);
        ButtonType create = new ButtonType("Create", ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().addAll(create, ButtonType.CANCEL);
        d.setResultConverter(b -> b == create ? (ProjectTemplate) group.getSelectedToggle().getUserData() : null);
        prepare(d, "newProjectDialog");
        return d.showAndWait();
    }

    @Override
    public Optional<String> askText(String title, String prompt, String initialValue) {
        TextInputDialog d = new TextInputDialog(initialValue);
        d.setTitle(title);
        d.setHeaderText(null);
        d.setContentText(prompt);
        d.getEditor().setId("textInput");
        prepare(d, "textInputDialog");
        return d.showAndWait();
    }

    @Override
    public void showProblems(String title, String header, List<Problem> problems) {
        Dialog<Void> d = new Dialog<>();
        d.setTitle(title);
        d.setHeaderText(header);
        TableView<Problem> table = new TableView<>();
        table.setId("problemTable");
        table.getItems().setAll(problems);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(col("", p -> p.isError() ? "error" : "warning", 70));
        table.getColumns().add(col("Where", Problem::path, 230));
        table.getColumns().add(col("Line", p -> lineAndColumn(p.message()), 70));
        TableColumn<Problem, String> message = col("Problem", p -> withoutLocation(p.message()), 420);
        // the whole message, wrapped: a parser's message is long, and its end (the location) was cut off
        message.setCellFactory(c -> new TableCell<>() {
            private final Text text = new Text();

            {
                text.getStyleClass().add("problem-text");
                text.wrappingWidthProperty().bind(c.widthProperty().subtract(14));
            }

            @Override
            protected void updateItem(String v, boolean empty) {
                super.updateItem(v, empty);
                setText(null);
                text.setText(empty || v == null ? "" : v);
                setGraphic(empty || v == null ? null : text);
            }
        });
        table.getColumns().add(message);
        table.setPrefSize(800, Math.min(460, 60 + 44 * Math.max(3, problems.size())));
        VBox.setVgrow(table, Priority.ALWAYS);
        d.getDialogPane().setContent(new VBox(table));
        d.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        d.setResizable(true);
        prepare(d, "problemDialog");
        d.showAndWait();
    }

    private static final java.util.regex.Pattern LOCATION = java.util.regex.Pattern.compile("\\s*\\(line (\\d+), column (\\d+)\\)");

    /** "12:3" for a message that ends in "(line 12, column 3)", else "". */
    static String lineAndColumn(String message) {
        java.util.regex.Matcher m = LOCATION.matcher(message);
        String found = "";
        while (m.find()) found = m.group(1) + ":" + m.group(2);
        return found;
    }

    /** The message without its "(line L, column C)" (shown in its own column). */
    static String withoutLocation(String message) {
        return LOCATION.matcher(message).replaceAll("");
    }

    private static TableColumn<Problem, String> col(String title, java.util.function.Function<Problem, String> f, double w) {
        TableColumn<Problem, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(f.apply(cd.getValue())));
        c.setPrefWidth(w);
        return c;
    }

    @Override
    public void showError(String title, String message, Throwable cause) {
        Alert a = new Alert(Alert.AlertType.ERROR);
        a.setTitle(title);
        a.setHeaderText(title);
        a.setContentText(message);
        if (cause != null && !(cause instanceof ProjectProblemException)) {
            StringWriter sw = new StringWriter();
            cause.printStackTrace(new PrintWriter(sw));
            TextArea trace = new TextArea(sw.toString());
            trace.setEditable(false);
            trace.getStyleClass().add("monospace");
            trace.setPrefRowCount(12);
            a.getDialogPane().setExpandableContent(trace);
        }
        prepare(a, "errorDialog");
        a.showAndWait();
    }

    /** Owner, id and the window's stylesheets, so dialogs follow the theme. */
    private void prepare(Dialog<?> d, String id) {
        Window w = owner.get();
        if (w != null) {
            d.initOwner(w);
            if (w.getScene() != null) d.getDialogPane().getStylesheets().setAll(w.getScene().getStylesheets());
        }
        d.getDialogPane().setId(id);
        d.getDialogPane().getStyleClass().add("workbench-dialog");
        for (ButtonType bt : d.getDialogPane().getButtonTypes()) {
            if (d.getDialogPane().lookupButton(bt) instanceof Button b) b.setId(id + "-" + bt.getButtonData().name().toLowerCase());
        }
    }
}
