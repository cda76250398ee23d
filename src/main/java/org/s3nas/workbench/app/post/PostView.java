package org.s3nas.workbench.app.post;

import javafx.beans.property.Property;
import javafx.collections.ObservableList;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.SegmentedButton;
import org.s3nas.workbench.app.Views;

/**
 * The Scale &amp; SE view: a switch between the compound scaling panel and the SE panel. Binds only; everything it
 * shows comes from {@link PostViewModel}.
 */
public final class PostView extends VBox {
    public PostView(PostViewModel vm) {
        Views.styleView(this, "postView", PostView.class.getResource("post.css"), "post-view");
        ScalingPanel scaling = new ScalingPanel(vm.scaling());
        SePanel se = new SePanel(vm.se());
        StackPane panels = new StackPane(scaling, se);
        VBox.setVgrow(panels, Priority.ALWAYS);
        getChildren().addAll(Views.header("Scale & SE", vm.projectName(), vm.summaryProperty()), switcher(scaling, se), panels);
    }

    /** Compound scaling | SE removal: shows one of the two panels, never none. */
    private static SegmentedButton switcher(ScalingPanel scaling, SePanel se) {
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
        return switcher;
    }

    /** The architecture a panel works on, bound both ways to its view-model's choice. */
    static ComboBox<ArchitectureChoice> architectureBox(String id, ObservableList<ArchitectureChoice> choices, Property<ArchitectureChoice> chosen) {
        ComboBox<ArchitectureChoice> arch = new ComboBox<>(choices);
        arch.setId(id);
        arch.valueProperty().bindBidirectional(chosen);
        arch.setPrefWidth(380);
        return arch;
    }
}
