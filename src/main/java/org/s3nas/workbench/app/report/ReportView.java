package org.s3nas.workbench.app.report;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javax.imageio.ImageIO;
import org.s3nas.workbench.app.Views;
import org.s3nas.workbench.app.report.ReportViewModel.ReportRow;
import org.s3nas.workbench.app.report.ReportViewModel.Section;
import org.s3nas.workbench.app.report.ReportViewModel.State;

/**
 * The Report view: the budget and Run / Cancel, reports found beside the project and Open, CSV and PNG export, then
 * one section per paper table (ours beside the paper's, which won and by how much, what the paper found; a failed one
 * with its error). Binds to {@link ReportViewModel} and forwards commands; its only own work is the PNG snapshot.
 */
public final class ReportView extends VBox {
    private final ReportViewModel vm;
    private final VBox content = new VBox();
    private final VBox sectionBox = new VBox();

    public ReportView(ReportViewModel vm) {
        this.vm = vm;
        getStyleClass().addAll("workbench-view", "report-view");
        setId("reportView");
        getStylesheets().add(ReportView.class.getResource("report.css").toExternalForm());
        vm.attachFrameClock();
        var header = Views.header("Report", vm.projectName(), vm.summaryProperty());

        // ---- run: budget preset, Run, Cancel; reports: found, Open; exports ----
        ChoiceBox<String> preset = new ChoiceBox<>();
        preset.getItems().setAll(vm.presets());
        preset.setId("reportPreset");
        preset.valueProperty().bindBidirectional(vm.presetProperty());
        preset.setTooltip(new Tooltip("A preset fills the budget's figures below; edit any of them for a custom budget"));
        Button run = new Button("Run report");
        run.setId("reportRun");
        run.setDefaultButton(true);
        run.disableProperty().bind(vm.runningProperty());
        run.setOnAction(e -> vm.run());
        run.setTooltip(new Tooltip("Real searches and trainings in the background; each table appears when it is made"));
        Button cancel = new Button("Cancel");
        cancel.setId("reportCancel");
        cancel.setOnAction(e -> vm.cancel());
        cancel.visibleProperty().bind(vm.runningProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());

        ComboBox<Path> found = new ComboBox<>(vm.foundReports());
        found.setId("reportFound");
        found.setPromptText("Reports beside the project");
        found.setPrefWidth(290);
        found.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(Path item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : foundLabel(item));
            }
        });
        found.setButtonCell(found.getCellFactory().call(null));
        found.disableProperty().bind(vm.runningProperty().or(Bindings.isEmpty(vm.foundReports())));
        found.setOnAction(e -> {
            Path p = found.getValue();
            if (p != null && !p.equals(vm.shownFileProperty().get())) vm.load(p);
        });
        Runnable showFound = () -> {
            Path now = vm.shownFileProperty().get();
            found.setValue(now != null && vm.foundReports().contains(now) ? now : null);
        };
        vm.shownFileProperty().addListener((obs, old, now) -> showFound.run());
        vm.foundReports().addListener((ListChangeListener<Path>) c -> showFound.run());
        showFound.run();
        Button open = new Button("Open report…");
        open.setId("reportOpen");
        open.disableProperty().bind(vm.runningProperty());
        open.setOnAction(e -> chooseReport());
        Button csv = new Button("Export CSV…");
        csv.setId("reportCsv");
        csv.disableProperty().bind(vm.reportProperty().isNull());
        csv.setOnAction(e -> chooseCsvFolder());
        csv.setTooltip(new Tooltip("Every table as <table>.csv in a folder you choose"));
        Button png = new Button("Export PNG…");
        png.setId("reportPng");
        png.disableProperty().bind(vm.reportProperty().isNull());
        png.setOnAction(e -> choosePng());

        HBox actions = new HBox(labelled("Budget", preset), bottom(run), bottom(cancel), bottom(new Separator(javafx.geometry.Orientation.VERTICAL)),
                labelled("Open a report", found), bottom(open), spacer(), bottom(csv), bottom(png));
        actions.getStyleClass().add("report-actions");

        // ---- the budget's figures ----
        FlowPane budget = new FlowPane();
        budget.getStyleClass().add("report-budget");
        for (ReportViewModel.BudgetField f : vm.budgetFields()) {
            TextField t = new TextField();
            t.setId("budget-" + f.key());
            t.textProperty().bindBidirectional(f.textProperty());
            t.setPrefColumnCount(f.key().endsWith("Images") ? 5 : 3);
            t.setTooltip(new Tooltip(f.hint()));
            t.disableProperty().bind(vm.runningProperty());
            budget.getChildren().add(labelled(f.label(), t));
        }
        Label folder = new Label();
        folder.setId("reportFolder");
        folder.getStyleClass().add("caption");
        folder.textProperty().bind(Bindings.createStringBinding(() -> "Budget '" + vm.budgetNameProperty().get() + "' runs in "
                + vm.workFolderProperty().get() + " (searches, trainings, report.json); run again to reuse what finished",
                vm.budgetNameProperty(), vm.workFolderProperty()));

        Label problem = new Label();
        problem.setId("reportError");
        problem.getStyleClass().add("problem-banner");
        problem.setWrapText(true);
        problem.textProperty().bind(vm.errorProperty());
        problem.visibleProperty().bind(problem.textProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());

        Label status = new Label();
        status.setId("reportStatus");
        status.getStyleClass().add("report-status");
        status.textProperty().bind(vm.statusProperty());
        status.visibleProperty().bind(vm.runningProperty());
        status.managedProperty().bind(status.visibleProperty());

        // ---- the report: where it comes from, its notes, a section per table ----
        Label source = new Label();
        source.setId("reportSource");
        source.getStyleClass().add("report-source");
        source.setWrapText(true);
        source.textProperty().bind(vm.sourceProperty());
        VBox notes = new VBox();
        notes.getStyleClass().add("report-notes");
        Runnable fillNotes = () -> notes.getChildren().setAll(vm.reportNotes().stream().map(n -> {
            Label l = new Label("• " + n);
            l.setWrapText(true);
            l.getStyleClass().add("caption");
            return (Node) l;
        }).toList());
        vm.reportNotes().addListener((ListChangeListener<String>) c -> fillNotes.run());
        fillNotes.run();
        notes.visibleProperty().bind(Bindings.isNotEmpty(vm.reportNotes()));
        notes.managedProperty().bind(notes.visibleProperty());

        sectionBox.getStyleClass().add("report-sections");
        vm.sections().addListener((ListChangeListener<Section>) c -> fillSections());
        fillSections();
        content.getStyleClass().add("report-content");
        content.setId("reportContent");
        Label scale = new Label(ReportViewModel.SCALE_NOTE);
        scale.getStyleClass().add("report-scale");
        scale.setWrapText(true);
        content.getChildren().addAll(source, notes, scale, sectionBox);
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("report-scroll");
        scroll.setId("reportScroll");
        VBox.setVgrow(scroll, Priority.ALWAYS);

        getChildren().addAll(header, actions, budget, folder, problem, status, scroll);
    }

    private void fillSections() {
        sectionBox.getChildren().setAll(vm.sections().stream().map(ReportView::section).toList());
    }

    /** One paper table: title and state, progress while it runs, the error or the table and the two verdicts. */
    private static Node section(Section s) {
        Label title = new Label();
        title.textProperty().bind(s.titleProperty());
        title.getStyleClass().add("section-title");
        title.setWrapText(true);
        Label badge = new Label();
        badge.getStyleClass().add("state-badge");
        badge.textProperty().bind(Bindings.createStringBinding(() -> s.getState().label(), s.stateProperty()));
        Runnable badgeStyle = () -> {
            badge.getStyleClass().removeIf(c -> c.startsWith("state-") && !c.equals("state-badge"));
            badge.getStyleClass().add("state-" + s.getState().name().toLowerCase(Locale.ROOT));
        };
        s.stateProperty().addListener((obs, o, n) -> badgeStyle.run());
        badgeStyle.run();
        ProgressBar bar = new ProgressBar();
        bar.progressProperty().bind(s.progressProperty());
        bar.setPrefWidth(180);
        bar.visibleProperty().bind(s.stateProperty().isEqualTo(State.RUNNING));
        bar.managedProperty().bind(bar.visibleProperty());
        HBox top = new HBox(title, badge, spacer(), bar);
        top.setAlignment(Pos.CENTER_LEFT);
        top.getStyleClass().add("report-section-top");

        Label activity = new Label();
        activity.getStyleClass().add("caption");
        activity.setWrapText(true);
        activity.textProperty().bind(s.activityProperty());
        activity.visibleProperty().bind(activity.textProperty().isNotEmpty());
        activity.managedProperty().bind(activity.visibleProperty());

        Label error = new Label();
        error.getStyleClass().addAll("problem-banner", "report-error");
        error.setWrapText(true);
        error.textProperty().bind(Bindings.concat("Failed: ", s.errorProperty()));
        error.visibleProperty().bind(s.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        TableView<ReportRow> table = Views.table(s.rows(), "");
        table.setId("table-" + s.id());
        table.getStyleClass().add("report-table");
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        TableColumn<ReportRow, String> variant = Views.column("Network", ReportRow::variant, 330);
        TableColumn<ReportRow, String> top1 = new TableColumn<>("Top-1 %");
        top1.getColumns().addAll(List.of(number("ours", ReportRow::accuracyPercent, 2, false), number("paper", ReportRow::paperAccuracyPercent, 2, true)));
        TableColumn<ReportRow, String> latency = new TableColumn<>("Latency ms");
        latency.getColumns().addAll(List.of(number("ours", ReportRow::latencyMs, 4, false), number("paper", ReportRow::paperLatencyMs, 2, true)));
        for (TableColumn<ReportRow, ?> c : List.of(top1, latency)) {
            c.setReorderable(false);
            c.getStyleClass().add("figure-group");
        }
        table.getColumns().addAll(List.of(variant, top1, latency, Views.column("Trained on", ReportRow::training, 110),
                Views.column("Test images", ReportRow::testImages, 105)));
        table.getColumns().get(3).getStyleClass().add("number");
        table.getColumns().get(4).getStyleClass().add("number");
        // the network's name takes what the figures leave
        variant.prefWidthProperty().bind(Bindings.createDoubleBinding(() -> Math.max(260, table.getWidth() - 4 * 78 - 110 - 105 - 6),
                table.widthProperty()));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(ReportRow item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("winner-row");
                setTooltip(null);
                if (!empty && item != null) {
                    if (item.winner()) getStyleClass().add("winner-row");
                    setTooltip(new Tooltip(item.how()));
                }
            }
        });
        // two header rows and two networks, never a scroll bar
        Views.fitRows(table, 1, Integer.MAX_VALUE, 2);
        table.visibleProperty().bind(Bindings.isNotEmpty(s.rows()));
        table.managedProperty().bind(table.visibleProperty());

        VBox how = new VBox();
        how.getStyleClass().add("report-how");
        // how each network was made; a row that was not measured says why in the verdict already
        Runnable fillHow = () -> how.getChildren().setAll(s.rows().stream()
                .filter(r -> !(Double.isNaN(r.row().accuracy()) && s.verdictProperty().get().contains(r.how()))).map(r -> {
            Label l = new Label(r.variant() + ": " + r.how());
            l.setWrapText(true);
            l.getStyleClass().add("caption");
            return (Node) l;
        }).toList());
        s.rows().addListener((ListChangeListener<ReportRow>) c -> fillHow.run());
        fillHow.run();

        Label ours = verdict("Ours", s.verdictProperty(), "verdict-ours");
        ours.visibleProperty().bind(s.verdictProperty().isNotEmpty());
        ours.managedProperty().bind(ours.visibleProperty());
        Label paper = verdict("Paper", s.paperVerdictProperty(), "verdict-paper");

        VBox notes = new VBox();
        Runnable fillNotes = () -> notes.getChildren().setAll(s.notes().stream().map(n -> {
            Label l = new Label("Note: " + n);
            l.setWrapText(true);
            l.getStyleClass().add("caption");
            return (Node) l;
        }).toList());
        s.notes().addListener((ListChangeListener<String>) c -> fillNotes.run());
        fillNotes.run();

        VBox box = new VBox(top, activity, error, table, ours, paper, how, notes);
        box.getStyleClass().add("report-section");
        box.setId("section-" + s.id());
        return box;
    }

    private static Label verdict(String who, javafx.beans.value.ObservableStringValue text, String style) {
        Label l = new Label();
        l.textProperty().bind(Bindings.concat(who, ": ", text));
        l.setWrapText(true);
        l.getStyleClass().addAll("verdict", style);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }

    private static TableColumn<ReportRow, String> number(String title, ToDoubleFunction<ReportRow> value, int decimals, boolean paper) {
        Function<ReportRow, String> text = r -> {
            double v = value.applyAsDouble(r);
            return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%." + decimals + "f", v);
        };
        TableColumn<ReportRow, String> c = Views.column(title, text, 78);
        c.getStyleClass().addAll("number", paper ? "paper-column" : "ours-column");
        c.setSortable(false);
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
            }
        });
        return c;
    }

    private static String foundLabel(Path reportJson) {
        Path dir = reportJson.getParent();
        String name = dir == null || dir.getFileName() == null ? reportJson.toString() : dir.getFileName().toString();
        try {
            var t = Files.getLastModifiedTime(reportJson).toInstant().atZone(java.time.ZoneId.systemDefault());
            return name + "  ·  " + t.format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        } catch (IOException e) {
            return name;
        }
    }

    private static Region spacer() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    private static VBox labelled(String text, Node control) {
        Label l = new Label(text);
        l.getStyleClass().add("field-label");
        VBox box = new VBox(2, l, control);
        box.setAlignment(Pos.BOTTOM_LEFT);
        return box;
    }

    private static VBox bottom(Node n) {
        VBox box = new VBox(n);
        box.setAlignment(Pos.BOTTOM_LEFT);
        box.setMaxHeight(Double.MAX_VALUE);
        return box;
    }

    // ---- files -----------------------------------------------------------------------------------------------

    private javafx.stage.Window window() { return getScene() == null ? null : getScene().getWindow(); }

    private static File existing(Path p) {
        return p != null && Files.isDirectory(p) ? p.toFile() : null;
    }

    private void chooseReport() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open a reproduction report");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Report (report.json)", "*.json"),
                new FileChooser.ExtensionFilter("All files", "*"));
        Path start = vm.exportFolder();
        fc.setInitialDirectory(existing(start) != null ? existing(start) : existing(start == null ? null : start.getParent()));
        File f = fc.showOpenDialog(window());
        if (f != null) vm.load(f.toPath());
    }

    private void chooseCsvFolder() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Export every table as CSV into");
        dc.setInitialDirectory(existing(vm.exportFolder()));
        File d = dc.showDialog(window());
        if (d != null) vm.exportCsv(d.toPath());
    }

    private void choosePng() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export the report as PNG");
        fc.setInitialFileName(vm.suggestedPngName());
        fc.setInitialDirectory(existing(vm.exportFolder()));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
        File f = fc.showSaveDialog(window());
        if (f == null) return;
        try {
            exportPng(f.toPath());
            vm.exported(f.toPath());
        } catch (IOException | RuntimeException e) {
            vm.exportFailed(f.toPath(), e);
        }
    }

    /** Writes the whole report (every section, not only what is scrolled into view) as a PNG. FX thread. */
    public void exportPng(Path file) throws IOException {
        applyCss();
        layout();
        SnapshotParameters params = new SnapshotParameters();
        params.setFill(javafx.scene.paint.Color.TRANSPARENT);
        WritableImage image = content.snapshot(params, null);
        BufferedImage buffered = SwingFXUtils.fromFXImage(image, null);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        if (!ImageIO.write(buffered, "png", file.toFile())) throw new IOException("no PNG writer available");
    }

    // ---- for tests -------------------------------------------------------------------------------------------

    Node content() { return content; }

    ReportViewModel viewModel() { return vm; }
}
