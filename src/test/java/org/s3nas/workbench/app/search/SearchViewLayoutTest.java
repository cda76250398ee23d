package org.s3nas.workbench.app.search;

import org.s3nas.workbench.app.run.ConfigField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.s3nas.workbench.app.MainWindow;
import org.s3nas.workbench.app.Theme;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Search view as a newcomer first sees it (issue #15): in a 1240 x 760 window, nothing cut off or cramped. */
@ExtendWith(ApplicationExtension.class)
class SearchViewLayoutTest {
    private TestShell shell;
    private SearchViewModel vm;
    private SearchView view;

    @Start
    void start(Stage stage) throws Exception {
        shell = new TestShell(TestShell.sample(), null);
        vm = new SearchViewModel(shell.model);
        view = new SearchView(vm);
        TestShell.show(stage, view, 1240, 760, Theme.LIGHT);
    }

    @AfterEach
    void tearDown() throws Exception { shell.close(); }

    /** The text a label draws: its own text, or cut with "…" when it does not fit. */
    private static String drawn(FxRobot robot, Label l) {
        return robot.from(l).lookup(".text").queryAll().stream().filter(n -> n instanceof Text).map(n -> ((Text) n).getText())
                .reduce("", String::concat);
    }

    @Test
    void theCaptionAboveTheChartsIsDrawnWholeAndTheControlsStayInTheWindow(FxRobot robot) {
        // it read "No run shown yet: start a search (top right) or select a finishe…" even at 1600 px
        Label caption = robot.lookup("#shownRun").queryAs(Label.class);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(caption.getText().startsWith("No run shown yet"), caption.getText());
        assertEquals(caption.getText(), drawn(robot, caption), "cut off");
        Node axis = robot.lookup("#chartControls").query();
        double right = axis.localToScene(axis.getBoundsInLocal()).getMaxX();
        assertTrue(right <= caption.getScene().getWidth() + 1, "the chart controls run out of the window: " + right);
    }

    @Test
    void theEmptyRunsTableSaysItsWholeSentence(FxRobot robot) {
        TableView<?> runs = robot.lookup("#runTable").queryAs(TableView.class);
        Label empty = (Label) runs.getPlaceholder();
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(empty.getText().startsWith("No finished runs yet"));
        assertEquals(empty.getText().replace("\n", " "), drawn(robot, empty).replace("\n", " "), "cut off");
        assertTrue(empty.getBoundsInParent().getMaxX() <= runs.getWidth() + 1, "wider than its table");
    }

    @Test
    void everyBlockOfTheSampleGetsALabelledRowOfReadableHeight(FxRobot robot) throws Exception {
        // the sample's 10 blocks were rows of about 7 px, every other one labelled
        ChoiceHeatmap heatmap = robot.lookup("#choiceHeatmap").queryAs(ChoiceHeatmap.class);
        SearchSeries s = new SearchSeries("run", true, SearchViewModel.blockLabels(shell.model.getProject()));
        robot.interact(() -> heatmap.show(s, vm.maxTotalExpansion()));
        WaitForAsyncUtils.waitForFxEvents();
        double row = fx(heatmap::rowHeight);
        assertTrue(row >= 11, "rows of " + row + " px");
        assertEquals(1, ChoiceHeatmap.labelEvery(row));
    }

    @Test
    void anImageLimitOfZeroSaysItMeansAll(FxRobot robot) {
        ConfigField limit = vm.configField("limitImages");
        assertEquals("0", limit.value());
        assertEquals("images · all", limit.shownUnitProperty().get());
        robot.interact(() -> limit.set("1000"));
        assertEquals("images", limit.shownUnitProperty().get());
    }

    @Test
    void theImageLimitFieldSaysBesideItsZeroThatItMeansAll(FxRobot robot) {
        // the same as above, read from the view: the unit label beside the field (this source runs on d0dcf9f too)
        TextField limit = robot.lookup("#config-limitImages").queryAs(TextField.class);
        Label unit = (Label) limit.getParent().getChildrenUnmodifiable().stream()
                .filter(n -> n.getStyleClass().contains("config-unit")).findFirst().orElseThrow();
        assertEquals("0", limit.getText());
        assertEquals("images · all", unit.getText());
        robot.interact(() -> {
            limit.setText("1000");
            limit.fireEvent(new ActionEvent());
        });
        assertEquals("1000", limit.getText());
        assertEquals("images", unit.getText());
    }

    /** WCAG contrast ratio of two colours. */
    static double contrast(javafx.scene.paint.Color a, javafx.scene.paint.Color b) {
        double la = luminance(a), lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(javafx.scene.paint.Color c) {
        java.util.function.DoubleUnaryOperator lin = v -> v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        return 0.2126 * lin.applyAsDouble(c.getRed()) + 0.7152 * lin.applyAsDouble(c.getGreen()) + 0.0722 * lin.applyAsDouble(c.getBlue());
    }

    @Test
    void chartTicksAndAxisTitlesReadInBothThemes(FxRobot robot) {
        for (Theme t : Theme.values()) {
            robot.interact(() -> view.getScene().getStylesheets().setAll(MainWindow.stylesheets(t)));
            WaitForAsyncUtils.waitForFxEvents();
            javafx.scene.paint.Color surface = t == Theme.DARK ? javafx.scene.paint.Color.web("#23262e") : javafx.scene.paint.Color.WHITE;
            var charts = robot.lookup(".dashboard-chart").queryAll();
            assertTrue(charts.size() >= 4);
            for (Node n : charts) {
                io.fair_acc.chartfx.XYChart c = (io.fair_acc.chartfx.XYChart) n;
                for (var axis : java.util.List.of(c.getXAxis(), c.getYAxis())) {
                    var a = (io.fair_acc.chartfx.axes.spi.AbstractAxisParameter) axis;
                    javafx.scene.paint.Color tick = (javafx.scene.paint.Color) a.getTickLabelStyle().getFill();
                    javafx.scene.paint.Color title = (javafx.scene.paint.Color) a.getAxisLabel().getFill();
                    assertTrue(contrast(tick, surface) >= 4.5, t + ": tick labels " + tick + " on " + surface + ": " + contrast(tick, surface));
                    assertTrue(contrast(title, surface) >= 4.5, t + ": axis title " + title + ": " + contrast(title, surface));
                }
            }
        }
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS);
    }
}
