package org.s3nas.workbench.app.post;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.chart.AreaChart;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.s3nas.workbench.app.UiTaskExecutor;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.post.SeTransforms;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The SE panel on screen, both states: with no trained network (costs and the "needs a trained network" message) and
 * with a constructed excitation source (test input with known spreads) that fills the ranking, the removal curve and
 * the two histograms.
 */
@ExtendWith(ApplicationExtension.class)
class SePanelFxTest {
    private UiTaskExecutor executor;
    private WorkbenchModel model;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        executor = new UiTaskExecutor();
        Project p = PostFixtures.sample("fashion-mnist.json");
        model = PostFixtures.model(p, executor, PostFixtures.preferences());
    }

    @AfterEach
    void tearDown() { executor.shutdown(); }

    private PostView show(FxRobot robot, ExcitationSources sources) {
        PostView[] view = new PostView[1];
        robot.interact(() -> {
            view[0] = new PostView(new PostViewModel(model, npu -> new MidapSimulator(npu)::latencyMs, sources));
            stage.setScene(new Scene(view[0], 1240, 760));
            stage.getScene().getStylesheets().setAll(org.s3nas.workbench.app.MainWindow.stylesheets(model.getTheme()));
            stage.show();
        });
        robot.clickOn("#showSe");
        return view[0];
    }

    private void analyse(FxRobot robot) throws Exception {
        robot.clickOn("#seAnalyse");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !robot.lookup("#seCostTable").queryAs(TableView.class).getItems().isEmpty()
                && !robot.lookup("#seCancel").queryAs(javafx.scene.Node.class).isVisible());
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Visible with every parent (a hidden section keeps its children's own visible flag). */
    private static boolean shown(javafx.scene.Node n) {
        for (javafx.scene.Node x = n; x != null; x = x.getParent()) if (!x.isVisible()) return false;
        return true;
    }

    @Test
    void withoutATrainedNetworkTheCostsShowAndTheRankingSaysWhatItNeeds(FxRobot robot) throws Exception {
        show(robot, ExcitationSources.none());
        analyse(robot);
        assertEquals(10, robot.lookup("#seCostTable").queryAs(TableView.class).getItems().size(), "one row per SE block");
        assertEquals(SeViewModel.NEEDS_TRAINING, robot.lookup("#seRankingHeadline").queryAs(Label.class).getText());
        assertTrue(shown(robot.lookup("#seRankingMessage").queryAs(Label.class)));
        assertFalse(shown(robot.lookup("#seRankingTable").queryAs(TableView.class)), "no ranking table without a trained network");
        @SuppressWarnings("unchecked")
        BarChart<String, Number> costs = robot.lookup("#seCostChart").queryAs(BarChart.class);
        assertEquals(10, costs.getData().get(0).getData().size());
    }

    @Test
    void aConstructedSourceFillsTheRankingTheCurveAndTheHistograms(FxRobot robot) throws Exception {
        Architecture a = SeTransforms.withSeAndHswish(model.getProject().supernet().largest().withoutSkips());
        Map<Integer, Double> spread = Map.of(0, 0.118, 1, 0.021, 2, 0.05, 3, 0.06, 4, 0.07, 5, 0.08, 6, 0.09, 7, 0.1, 8, 0.03, 9, 0.04);
        assertEquals(SeTransforms.seBlocks(a), spread.keySet().stream().sorted().toList());
        show(robot, (p, f, arch) -> ExcitationSources.Lookup.found(SeViewModelTest.knownSource(a, new java.util.TreeMap<>(spread), 40)));
        analyse(robot);

        TableView<?> ranking = robot.lookup("#seRankingTable").queryAs(TableView.class);
        assertTrue(shown(ranking));
        assertEquals(10, ranking.getItems().size());
        assertEquals(1, ((SeViewModel.RankRow) ranking.getItems().get(0)).blockIndex(), "paper Fig. 11's 0.021 first");
        assertEquals(0, ((SeViewModel.RankRow) ranking.getItems().get(9)).blockIndex(), "and its 0.118 last");
        assertEquals("Ranked over 40 images.", robot.lookup("#seRankingHeadline").queryAs(Label.class).getText());
        LineChart<?, ?> curve = robot.lookup("#seRemovalCurve").queryAs(LineChart.class);
        assertEquals(11, curve.getData().get(0).getData().size(), "k = 0 .. 10");
        AreaChart<?, ?> lowest = robot.lookup("#seHistogramChartA").queryAs(AreaChart.class);
        AreaChart<?, ?> highest = robot.lookup("#seHistogramChartB").queryAs(AreaChart.class);
        assertEquals(3, lowest.getData().size(), "three images, as Fig. 11");
        assertEquals("SE of block 1 · metric 0.0210", lowest.getTitle());
        assertEquals("SE of block 0 · metric 0.1180", highest.getTitle());

        javafx.scene.control.Spinner<?> k = robot.lookup("#seRemoveCount").queryAs(javafx.scene.control.Spinner.class);
        robot.interact(() -> k.increment(2));
        assertTrue(robot.lookup("#seRemovalLatency").queryAs(Label.class).getText().startsWith("→ "));
        String snapshot = System.getenv("POSTVIEW_SNAPSHOT");
        if (snapshot != null) {
            robot.interact(() -> {
                var img = stage.getScene().getRoot().snapshot(null, null);
                try {
                    javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(img, null), "png", new java.io.File(snapshot));
                    var side = stage.getScene().getRoot().lookup(".ranking-side").snapshot(null, null);
                    javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(side, null), "png",
                            new java.io.File(snapshot.replace(".png", "-side.png")));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        // the row sits below the fold of the ranking's scroll pane: press the button as a keyboard user would
        robot.interact(() -> robot.lookup("#seSaveRemoval").queryButton().fire());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, model.getProject().architectures().size());
        Architecture saved = model.getProject().architectures().get(0).architecture();
        assertEquals(List.of(0, 2, 3, 4, 5, 6, 7, 9), SeTransforms.seBlocks(saved), "the SE of blocks 1 and 8 (0.021, 0.03) removed");

    }
}
