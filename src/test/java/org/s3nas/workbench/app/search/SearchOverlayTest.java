package org.s3nas.workbench.app.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fair_acc.dataset.DataSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.app.Theme;
import org.s3nas.workbench.app.chart.LiveChart;
import org.s3nas.workbench.app.run.RunCharts;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.RunRecord;
import org.s3nas.workbench.model.RunStatus;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Several finished searches overlaid: selecting three runs in the finished-runs table draws each run's loss on the
 * loss chart in a colour of its own, with a legend naming the runs; selecting one run again shows it alone.
 */
@ExtendWith(ApplicationExtension.class)
class SearchOverlayTest {
    private static final Pattern COLOUR = Pattern.compile("-fx-line-color: (#[0-9a-f]{6})");

    @TempDir
    static Path tmp;
    private TestShell shell;
    private SearchViewModel vm;
    private SearchView view;

    @BeforeAll
    static void slowMachine() { org.testfx.api.FxToolkit.toolkitContext().setSetupTimeoutInMillis(180_000); }

    @Start
    void start(Stage stage) throws Exception {
        Project p = SearchDashboardRunTest.tinySample();
        for (String id : List.of("run-a", "run-b", "run-c")) {
            Path dir = tmp.resolve("runs").resolve(id);
            Files.createDirectories(dir);
            SearchFollowTest.writeHistory(dir, id.equals("run-a") ? 20 : id.equals("run-b") ? 30 : 25);
            p = p.withRun(new RunRecord(id, RunStatus.SUCCEEDED, dir.toString(), p.search(), "arch of " + id, "2026-12-07T02:00:00Z",
                    "2026-12-07T02:10:00Z"));
        }
        shell = new TestShell(p, tmp.resolve("fashion-mnist.json"));
        vm = new SearchViewModel(shell.model);
        view = new SearchView(vm);
        TestShell.show(stage, view, 1240, 760, Theme.LIGHT);
    }

    @AfterEach
    void tearDown() throws Exception { shell.close(); }

    @Test
    void selectedRunsAreOverlaidOneColourEachWithALegendAndOneRunIsShownAlone(FxRobot robot) throws Exception {
        @SuppressWarnings("unchecked")
        TableView<SearchViewModel.RunRow> table = robot.lookup("#runTable").queryAs(TableView.class);
        assertEquals(3, fx(() -> table.getItems().size()));
        HBox legend = robot.lookup("#overlayLegend").queryAs(HBox.class);
        assertFalse(fx(legend::isVisible), "no overlay legend while one run (or none) is shown");

        robot.interact(() -> table.getSelectionModel().selectIndices(0, 1, 2));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> vm.overlaid().size()) == 3);
        WaitForAsyncUtils.waitForFxEvents();
        List<DataSet> losses = fx(() -> List.copyOf(RunCharts.renderer(view.lossChart()).getDatasets()));
        assertEquals(3, losses.size(), "one loss series per selected run");
        assertEquals(Set.of(30, 25, 20), Set.of(losses.get(0).getDataCount(), losses.get(1).getDataCount(), losses.get(2).getDataCount()),
                "each run's own history");
        Set<String> colours = new HashSet<>();
        for (DataSet ds : losses) colours.add(colour(ds));
        assertEquals(3, colours.size(), "a colour of its own for each run: " + colours);
        assertTrue(fx(legend::isVisible));
        List<String> names = fx(() -> legend.getChildren().stream().map(n -> ((Label) n).getText()).toList());
        assertEquals(Set.of("run-a", "run-b", "run-c"), Set.copyOf(names), "the legend names the runs");
        // drawn whole beside the caption and the chart controls (they squeezed it to "— …" at 1600 px)
        for (javafx.scene.Node n : fx(() -> List.copyOf(legend.getChildren()))) {
            Label l = (Label) n;
            assertTrue(fx(() -> l.getWidth() >= l.prefWidth(-1) - 0.5), "legend entry " + l.getText() + " is cut: " + fx(l::getWidth)
                    + " of " + fx(() -> l.prefWidth(-1)) + " px");
        }
        for (int i = 0; i < 3; i++) {
            int k = i;
            String legendColour = fx(() -> ((javafx.scene.shape.Line) ((Label) legend.getChildren().get(k)).getGraphic()).getStroke().toString());
            String series = colour(losses.get(k));
            assertEquals(series, "#" + legendColour.substring(2, 8), "legend entry " + k + " has its run's colour");
        }
        assertEquals(30, fx(() -> view.lossChart().getXAxis().getMax()), 1e-9, "the x axis spans the longest run");
        assertTrue(fx(() -> robot.lookup(".card-legend").queryAll().stream().noneMatch(n -> n.isVisible())),
                "the cards' series legends are hidden: a colour means a run now");

        // one run selected again: it is shown alone
        robot.interact(() -> {
            table.getSelectionModel().clearSelection();
            table.getSelectionModel().select(1);
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> vm.overlaid().isEmpty()
                && vm.displayedProperty().get() != null && vm.displayedProperty().get().runId().equals(table.getItems().get(1).id())));
        WaitForAsyncUtils.waitForFxEvents();
        List<DataSet> single = fx(() -> List.copyOf(RunCharts.renderer(view.lossChart()).getDatasets()));
        SearchSeries shown = fx(() -> vm.displayedProperty().get());
        assertEquals(List.of(shown.crossEntropy(), shown.loss()), single, "the single run's cross-entropy and loss");
        assertFalse(fx(legend::isVisible), "the overlay legend is gone");
        assertTrue(fx(() -> robot.lookup(".card-legend").queryAll().stream().allMatch(n -> n.isVisible())));
    }

    @Test
    void hoveringTheOverlaidLossNamesEachRun(FxRobot robot) throws Exception {
        @SuppressWarnings("unchecked")
        TableView<SearchViewModel.RunRow> table = robot.lookup("#runTable").queryAs(TableView.class);
        robot.interact(() -> table.getSelectionModel().selectIndices(0, 1, 2));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> vm.overlaid().size()) == 3);
        WaitForAsyncUtils.waitForFxEvents();

        // the readout names an overlaid line by its run, not only by its colour
        LiveChart loss = (LiveChart) robot.lookup("#lossCard").lookup((javafx.scene.Node n) -> n instanceof LiveChart).query();
        javafx.geometry.Point2D at = fx(() -> {
            double mid = loss.chart().getCanvas().getHeight() / 2;
            return loss.chart().getCanvas().localToScreen(loss.chart().getXAxis().getDisplayPosition(10), mid);
        });
        robot.moveTo(at);
        WaitForAsyncUtils.waitForFxEvents();
        List<String> lines = fx(loss::readoutLines);
        assertEquals(4, lines.size(), lines.toString());
        assertEquals("step 10", lines.get(0));
        Set<String> runs = new HashSet<>();
        for (String line : lines.subList(1, 4)) {
            Matcher m = Pattern.compile("(run-[abc]) · loss  [0-9.]+").matcher(line);
            assertTrue(m.matches(), "a line names its run and its series: " + line);
            runs.add(m.group(1));
        }
        assertEquals(Set.of("run-a", "run-b", "run-c"), runs);
    }

    @Test
    void whileRunsAreOverlaidTheBlockChoiceAndThresholdCardsSayTheyShowOneRun(FxRobot robot) throws Exception {
        @SuppressWarnings("unchecked")
        TableView<SearchViewModel.RunRow> table = robot.lookup("#runTable").queryAs(TableView.class);
        robot.interact(() -> table.getSelectionModel().selectIndices(0, 1, 2));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> vm.overlaid().size()) == 3);
        WaitForAsyncUtils.waitForFxEvents();
        // block choices and thresholds belong to one run: the cards say so instead of their single-run texts
        Label choices = robot.from(robot.lookup("#choiceHeatmap").queryAs(javafx.scene.Node.class)).lookup(".empty-text").queryAs(Label.class);
        assertTrue(fx(choices::isVisible));
        assertEquals("Block choices are shown for one run: select a single run in Finished runs to see its choices over time.", fx(choices::getText));
        Label thresholds = robot.lookup("#thresholdsNote").queryAs(Label.class);
        assertTrue(fx(thresholds::isVisible), "the thresholds card says why it is empty");
        assertEquals("Thresholds are shown for one run: select a single run in Finished runs to see them.", fx(thresholds::getText));
        assertFalse(fx(() -> robot.lookup("#thresholdTree").queryAs(javafx.scene.Node.class).isVisible()), "no empty tree of thresholds");

        // one run again: its thresholds, and no overlay text
        robot.interact(() -> {
            table.getSelectionModel().clearSelection();
            table.getSelectionModel().select(0);
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> vm.overlaid().isEmpty() && vm.displayedProperty().get() != null));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(fx(thresholds::isVisible));
        assertTrue(fx(() -> robot.lookup("#thresholdTree").queryAs(javafx.scene.Node.class).isVisible()));
        assertFalse(fx(choices::getText).startsWith("Block choices are shown for one run"), fx(choices::getText));
    }

    private static String colour(DataSet ds) {
        Matcher m = COLOUR.matcher(ds.getStyle());
        assertTrue(m.find(), ds.getStyle());
        return m.group(1);
    }

    private static <T> T fx(Callable<T> c) throws Exception { return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS); }
}
