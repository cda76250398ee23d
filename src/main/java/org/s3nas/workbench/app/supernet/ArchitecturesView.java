package org.s3nas.workbench.app.supernet;

import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.s3nas.workbench.app.Formats;
import org.s3nas.workbench.app.Views;
import org.s3nas.workbench.app.supernet.ArchitecturesViewModel.BlockRow;
import org.s3nas.workbench.app.supernet.ArchitecturesViewModel.Choice;
import org.s3nas.workbench.app.supernet.NetworkLayout.PictureBlock;

/**
 * An architecture drawn like the supernet (kernels, expansions, SE, activation, per-block latency bars), and a
 * second one below it to compare: blocks that differ are outlined in both pictures and marked in the table.
 */
final class ArchitecturesView extends VBox {
    private static final String NONE = "— none —";

    ArchitecturesView(ArchitecturesViewModel vm) {
        getStyleClass().add("architectures-view");
        setId("architecturesView");
        setSpacing(10);

        ComboBox<Choice> first = new ComboBox<>(vm.choices());
        first.setId("architectureFirst");
        first.setPrefWidth(260);
        first.setValue(vm.firstProperty().get());
        first.setOnAction(e -> { if (first.getValue() != null && first.getValue() != vm.firstProperty().get()) vm.select(first.getValue()); });
        vm.firstProperty().addListener((o, a, c) -> first.setValue(c));

        ComboBox<Object> second = new ComboBox<>();
        second.setId("architectureSecond");
        second.setPrefWidth(260);
        Runnable fillSecond = () -> {
            second.getItems().setAll(NONE);
            second.getItems().addAll(vm.choices());
            second.setValue(vm.secondProperty().get() == null ? NONE : vm.secondProperty().get());
        };
        vm.choices().addListener((ListChangeListener<Choice>) c -> fillSecond.run());
        fillSecond.run();
        second.setOnAction(e -> {
            Object v = second.getValue();
            Choice c = v instanceof Choice ch ? ch : null;
            if (v != null && c != vm.secondProperty().get()) vm.compareWith(c);
        });
        vm.secondProperty().addListener((o, a, c) -> { if (second.getValue() != (c == null ? NONE : c)) second.setValue(c == null ? NONE : c); });

        Label diff = new Label();
        diff.getStyleClass().add("diff-summary");
        diff.textProperty().bind(vm.diffSummaryProperty());
        Pane grow = new Pane();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox choose = new HBox(10, label("Architecture"), first, label("Compare with"), second, grow, diff);
        choose.setAlignment(Pos.CENTER_LEFT);

        NetworkCanvas a = canvas(vm, true);
        NetworkCanvas b = canvas(vm, false);
        a.setPicture(vm.firstPictureProperty().get());
        b.setPicture(vm.secondPictureProperty().get());
        vm.firstPictureProperty().addListener((o, x, l) -> a.setPicture(l));
        vm.secondPictureProperty().addListener((o, x, l) -> b.setPicture(l));
        a.setId("architecturePicture");
        b.setId("comparedPicture");
        Label sa = summary(vm.firstSummaryProperty());
        Label sb = summary(vm.secondSummaryProperty());
        VBox pa = new VBox(4, sa, a);
        VBox pb = new VBox(4, sb, b);
        pa.getStyleClass().addAll("card", "picture-card");
        pb.getStyleClass().addAll("card", "picture-card");
        pb.visibleProperty().bind(vm.secondProperty().isNotNull());
        pb.managedProperty().bind(pb.visibleProperty());

        TableView<BlockRow> table = Views.table(vm.rows(), "No architecture to show.");
        table.setId("architectureBlocks");
        table.getColumns().add(Views.column("Place", BlockRow::place, 150));
        var firstCol = Views.column("Blocks", BlockRow::first, 330);
        firstCol.textProperty().bind(Bindings.createStringBinding(() -> vm.firstProperty().get() == null ? "Blocks"
                : vm.firstProperty().get().name(), vm.firstProperty()));
        table.getColumns().add(firstCol);
        table.getColumns().add(Views.column("Latency", BlockRow::firstLatency, 90));
        var secondCol = Views.column("Compared", BlockRow::second, 330);
        secondCol.textProperty().bind(Bindings.createStringBinding(() -> vm.secondProperty().get() == null ? "Compared"
                : vm.secondProperty().get().name(), vm.secondProperty()));
        secondCol.visibleProperty().bind(vm.secondProperty().isNotNull());
        table.getColumns().add(secondCol);
        var secondLat = Views.column("Latency ", BlockRow::secondLatency, 90);
        secondLat.visibleProperty().bind(vm.secondProperty().isNotNull());
        table.getColumns().add(secondLat);
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(BlockRow r, boolean empty) {
                super.updateItem(r, empty);
                getStyleClass().remove("differs");
                if (!empty && r != null && r.differs()) getStyleClass().add("differs");
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);
        table.setMinHeight(230);
        VBox content = new VBox(10, choose, pa, pb, table);
        content.getStyleClass().add("editor-content");
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        scroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("editor-scroll");
        VBox.setVgrow(scroll, Priority.ALWAYS);
        getChildren().add(scroll);
    }

    private static Label label(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("form-label");
        return l;
    }

    private static Label summary(javafx.beans.value.ObservableValue<String> text) {
        Label l = new Label();
        l.getStyleClass().add("caption");
        l.textProperty().bind(text);
        return l;
    }

    private static NetworkCanvas canvas(ArchitecturesViewModel vm, boolean first) {
        // both pictures share one layout size: the first one's (the second may be hidden)
        NetworkCanvas c = new NetworkCanvas(first ? vm::setPictureSize : (w, h) -> {}, null);
        c.setEmptyText(first ? "No architecture selected." : "");
        c.setTheme(vm.themeProperty().get());
        vm.themeProperty().addListener((o, a, t) -> c.setTheme(t));
        c.setDescriber(b -> describe(vm, b));
        c.setPrefHeight(210);
        c.setMinHeight(190);
        return c;
    }

    private static String describe(ArchitecturesViewModel vm, PictureBlock b) {
        StringBuilder sb = new StringBuilder("Stage " + (b.stage() + 1) + ", block " + (b.indexInStage() + 1) + "\n");
        sb.append(b.inChannels()).append(" → ").append(b.outChannels()).append(" ch · stride ").append(b.stride())
                .append(b.residual() ? " · residual" : "").append('\n');
        if (b.skip()) sb.append("skip (every branch zeroed)\n");
        for (NetworkLayout.Slice s : b.slices()) sb.append("k").append(s.largestKernel()).append(" × expansion ").append(s.expansion()).append('\n');
        sb.append(b.se() ? "SE · " : "").append(Formats.activation(b.activation()));
        if (b.cycles() >= 0) sb.append(String.format(Locale.ROOT, "\n%,d cycles", b.cycles()));
        if (b.differs()) sb.append("\ndiffers from the compared architecture");
        return sb.toString();
    }
}
