package org.s3nas.workbench.app.report;

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
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
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
        Views.styleView(this, "reportView", ReportView.class.getResource("report.css"), "report-view");
        vm.attachFrameClock();
        ScrollPane scroll = Views.pageScroll(report());
        scroll.setId("reportScroll");
        VBox.setVgrow(scroll, Priority.ALWAYS);
        getChildren().addAll(Views.header("Report", vm.projectName(), vm.summaryProperty()), actions(), budget(), workFolder(),
                Views.banner(vm.errorProperty(), "reportError"), runStatus(), scroll);
    }

    /** Budget preset, Run / Cancel; the reports found beside the project and Open; CSV and PNG export. */
    private HBox actions() {
        ChoiceBox<String> preset = new ChoiceBox<>();
        preset.getItems().setAll(vm.presets());
        preset.setId("reportPreset");
        preset.valueProperty().bindBidirectional(vm.presetProperty());
        preset.setTooltip(new Tooltip("A preset fills the budget's figures below; edit any of them for a custom budget"));
        Views.TaskControls task = Views.taskControls("Run report", "reportRun", "reportCancel", vm.runningProperty(), vm::run, vm::cancel);
        task.start().setDefaultButton(true);
        task.start().setTooltip(new Tooltip("Real searches and trainings in the background; each table appears when it is made"));
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

        HBox actions = new HBox(Views.labelled("Budget", preset), Views.unlabelled(task.start()), Views.unlabelled(task.cancel()),
                Views.unlabelled(new Separator(javafx.geometry.Orientation.VERTICAL)), Views.labelled("Open a report", foundReports()),
                Views.unlabelled(open), Views.spacer(), Views.unlabelled(csv), Views.unlabelled(png));
        actions.getStyleClass().add("report-actions");
        return actions;
    }

    /** The reports beside the project, by folder and time; choosing one opens it, and it follows the report shown. */
    private ComboBox<Path> foundReports() {
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
        return found;
    }

    /** The budget's figures, each editable (off while a report runs). */
    private FlowPane budget() {
        FlowPane budget = new FlowPane();
        budget.getStyleClass().add("report-budget");
        for (ReportViewModel.BudgetField f : vm.budgetFields()) {
            TextField t = new TextField();
            t.setId("budget-" + f.key());
            t.textProperty().bindBidirectional(f.textProperty());
            t.setPrefColumnCount(f.key().endsWith("Images") ? 5 : 3);
            t.setTooltip(new Tooltip(f.hint()));
            t.disableProperty().bind(vm.runningProperty());
            budget.getChildren().add(Views.labelled(f.label(), t));
        }
        return budget;
    }

    /** Where the budget's runs go. */
    private Label workFolder() {
        Label folder = Views.caption("");
        folder.setId("reportFolder");
        folder.textProperty().bind(Bindings.createStringBinding(() -> "Budget '" + vm.budgetNameProperty().get() + "' runs in "
                + vm.workFolderProperty().get() + " (searches, trainings, report.json); run again to reuse what finished",
                vm.budgetNameProperty(), vm.workFolderProperty()));
        return folder;
    }

    /** What runs now (only while a report runs). */
    private Label runStatus() {
        Label status = new Label();
        status.setId("reportStatus");
        status.getStyleClass().add("report-status");
        status.textProperty().bind(vm.statusProperty());
        Views.showWhen(status, vm.runningProperty());
        return status;
    }

    /** The report: where it comes from, its notes, the scale note, a section per table. The PNG export snapshots it. */
    private VBox report() {
        Label source = Views.paragraph("report-source", "reportSource", vm.sourceProperty());
        VBox notes = Views.captionLines(vm.reportNotes(), "• ");
        notes.getStyleClass().add("report-notes");
        Views.showWhen(notes, Bindings.isNotEmpty(vm.reportNotes()));

        sectionBox.getStyleClass().add("report-sections");
        vm.sections().addListener((ListChangeListener<Section>) c -> fillSections());
        fillSections();
        content.getStyleClass().add("report-content");
        content.setId("reportContent");
        Label scale = new Label(ReportViewModel.SCALE_NOTE);
        scale.getStyleClass().add("report-scale");
        scale.setWrapText(true);
        content.getChildren().addAll(source, notes, scale, sectionBox);
        return content;
    }

    private void fillSections() {
        sectionBox.getChildren().setAll(vm.sections().stream().map(ReportView::section).toList());
    }

    /** One paper table: title and state, progress while it runs, the error or the table and the two verdicts. */
    private static Node section(Section s) {
        Label activity = Views.caption("");
        activity.setWrapText(true);
        activity.textProperty().bind(s.activityProperty());
        Views.showWhen(activity, activity.textProperty().isNotEmpty());
        Label error = Views.banner(Bindings.when(s.errorProperty().isEmpty()).then("")
                .otherwise(Bindings.concat("Failed: ", s.errorProperty())), null);
        error.getStyleClass().add("report-error");
        Label ours = verdict("Ours", s.verdictProperty(), "verdict-ours");
        Views.showWhen(ours, s.verdictProperty().isNotEmpty());
        Label paper = verdict("Paper", s.paperVerdictProperty(), "verdict-paper");

        VBox box = new VBox(sectionTop(s), activity, error, figures(s), ours, paper, howMade(s), Views.captionLines(s.notes(), "Note: "));
        box.getStyleClass().addAll("card", "report-section");
        box.setId("section-" + s.id());
        return box;
    }

    /** The table's title, a badge with its state, and a progress bar while it runs. */
    private static HBox sectionTop(Section s) {
        Label title = Views.paragraph("section-title", null, s.titleProperty());
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
        Views.showWhen(bar, s.stateProperty().isEqualTo(State.RUNNING));
        HBox top = new HBox(title, badge, Views.spacer(), bar);
        top.setAlignment(Pos.CENTER_LEFT);
        top.getStyleClass().add("report-section-top");
        return top;
    }

    /** Our figures beside the paper's, one row per network, the winner in bold; hidden until there are rows. */
    private static TableView<ReportRow> figures(Section s) {
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
        TableColumn<ReportRow, String> trainedOn = Views.column("Trained on", ReportRow::training, 110);
        TableColumn<ReportRow, String> testImages = Views.column("Test images", ReportRow::testImages, 105);
        trainedOn.getStyleClass().add("number");
        testImages.getStyleClass().add("number");
        table.getColumns().addAll(List.of(variant, top1, latency, trainedOn, testImages));
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
        Views.showWhen(table, Bindings.isNotEmpty(s.rows()));
        return table;
    }

    /** How each network was made; a row that was not measured says why in the verdict already. */
    private static VBox howMade(Section s) {
        VBox how = new VBox();
        how.getStyleClass().add("report-how");
        Runnable fillHow = () -> how.getChildren().setAll(s.rows().stream()
                .filter(r -> !(Double.isNaN(r.row().accuracy()) && s.verdictProperty().get().contains(r.how()))).map(r -> {
            Label l = Views.caption(r.variant() + ": " + r.how());
            l.setWrapText(true);
            return (Node) l;
        }).toList());
        s.rows().addListener((ListChangeListener<ReportRow>) c -> fillHow.run());
        fillHow.run();
        return how;
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
        Views.chooseSaveFile(this, "Export the report as PNG", vm.suggestedPngName(), vm.exportFolder(),
                new FileChooser.ExtensionFilter("PNG image", "*.png")).ifPresent(f -> {
            try {
                exportPng(f);
                vm.exported(f);
            } catch (IOException | RuntimeException e) {
                vm.exportFailed(f, e);
            }
        });
    }

    /** Writes the whole report (every section, not only what is scrolled into view) as a PNG. FX thread. */
    public void exportPng(Path file) throws IOException {
        applyCss();
        layout();
        SnapshotParameters params = new SnapshotParameters();
        params.setFill(javafx.scene.paint.Color.TRANSPARENT);
        Views.writePng(content.snapshot(params, null), file);
    }

    // ---- for tests -------------------------------------------------------------------------------------------

    Node content() { return content; }

    ReportViewModel viewModel() { return vm; }
}
