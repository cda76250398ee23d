package org.s3nas.workbench.app.post;

import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.property.Property;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.controlsfx.control.SegmentedButton;
import org.s3nas.workbench.app.Views;

/**
 * The Scale &amp; SE view: a switch between the compound scaling panel and the SE panel. Binds only; everything it
 * shows comes from {@link PostViewModel}.
 */
public final class PostView extends VBox {
    public PostView(PostViewModel vm) {
        getStyleClass().addAll("workbench-view", "post-view");
        setId("postView");
        getStylesheets().add(PostView.class.getResource("post.css").toExternalForm());
        var header = Views.header("Scale & SE", vm.projectName(), vm.summaryProperty());

        ScalingPanel scaling = new ScalingPanel(vm.scaling());
        SePanel se = new SePanel(vm.se());
        ToggleButton showScaling = new ToggleButton("Compound scaling");
        showScaling.setId("showScaling");
        ToggleButton showSe = new ToggleButton("SE removal");
        showSe.setId("showSe");
        SegmentedButton switcher = new SegmentedButton(showScaling, showSe);
        switcher.getStyleClass().add("post-switch");
        showScaling.setSelected(true);
        scaling.visibleProperty().bind(showScaling.selectedProperty());
        se.visibleProperty().bind(showSe.selectedProperty());
        // a segmented button may end with nothing selected: keep one panel on screen
        switcher.getToggleGroup().selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null && old != null) old.setSelected(true);
        });
        StackPane panels = new StackPane(scaling, se);
        VBox.setVgrow(panels, Priority.ALWAYS);
        getChildren().addAll(header, switcher, panels);
    }

    // ---- helpers the two panels share ------------------------------------------------------------------------

    /** A sortable column of comparable values shown through {@code format}. */
    static <R, V extends Comparable<? super V>> TableColumn<R, V> column(String title, Function<R, V> value,
                                                                          Function<V, String> format, double width, boolean number) {
        TableColumn<R, V> c = Views.column(title, value, width);
        if (number) c.getStyleClass().add("number");
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(V item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : format.apply(item));
            }
        });
        return c;
    }

    static String fixed(double v, int decimals) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static String grouped(long v) { return String.format(Locale.ROOT, "%,d", v); }

    /** A warning strip bound to a message; hidden while the message is empty. */
    static Label banner(ObservableStringValue message, String id) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add("problem-banner");
        l.setWrapText(true);
        l.textProperty().bind(message);
        l.visibleProperty().bind(l.textProperty().isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    /** The architecture a panel works on, bound both ways to its view-model's choice. */
    static ComboBox<ArchitectureChoice> architectureBox(String id, ObservableList<ArchitectureChoice> choices, Property<ArchitectureChoice> chosen) {
        ComboBox<ArchitectureChoice> arch = new ComboBox<>(choices);
        arch.setId(id);
        arch.valueProperty().bindBidirectional(chosen);
        arch.setPrefWidth(380);
        return arch;
    }

    /** A panel's long task: its start button (off while it runs), and Cancel and a spinner (shown only while it runs). */
    record TaskControls(Button start, Button cancel, ProgressIndicator spinner) {}

    static TaskControls taskControls(String startText, String startId, String cancelId, ObservableBooleanValue running, Runnable start,
                                     Runnable cancel) {
        Button run = new Button(startText);
        run.setId(startId);
        run.disableProperty().bind(running);
        run.setOnAction(e -> start.run());
        Button stop = new Button("Cancel");
        stop.setId(cancelId);
        stop.setOnAction(e -> cancel.run());
        stop.visibleProperty().bind(running);
        stop.managedProperty().bind(stop.visibleProperty());
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.getStyleClass().add("small-progress");
        spinner.visibleProperty().bind(running);
        spinner.managedProperty().bind(spinner.visibleProperty());
        return new TaskControls(run, stop, spinner);
    }

    static Optional<Path> chooseSaveFile(Node owner, String title, String suggested, String description, String pattern) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.setInitialFileName(suggested);
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter(description, pattern),
                new FileChooser.ExtensionFilter("All files", "*"));
        File f = fc.showSaveDialog(owner.getScene() == null ? null : owner.getScene().getWindow());
        return Optional.ofNullable(f).map(File::toPath);
    }
}
