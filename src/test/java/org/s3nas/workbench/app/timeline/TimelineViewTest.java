package org.s3nas.workbench.app.timeline;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javax.imageio.ImageIO;
import javafx.geometry.Point2D;
import javafx.geometry.VerticalDirection;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.s3nas.workbench.app.UiTaskExecutor;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.npu.LayerResult;
import org.s3nas.workbench.npu.SimulationResult;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import static org.junit.jupiter.api.Assertions.*;

/** The Timeline view on headless Monocle, simulating EfficientNet-B0 on the shell's executor. */
@ExtendWith(ApplicationExtension.class)
class TimelineViewTest {
    private Preferences prefs;
    private UiTaskExecutor executor;
    private WorkbenchModel model;
    private TimelineViewModel vm;
    private TimelineView view;

    @Start
    void start(Stage stage) {
        prefs = Fixtures.prefs();
        executor = new UiTaskExecutor();
        model = Fixtures.workbench(executor, prefs);
        vm = new TimelineViewModel(model, 40, "efficientnet-b0");
        view = new TimelineView(vm);
        Scene scene = new Scene(view, 1240, 760); // Monocle's headless screen is 1280x800
        scene.getStylesheets().setAll(org.s3nas.workbench.app.MainWindow.stylesheets(model.getTheme()));
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        executor.shutdown();
        prefs.removeNode();
    }

    private SimulationResult simulated() throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.resultProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        return vm.resultProperty().get();
    }

    private TimelineChartModel chart() { return vm.chart(); }

    /** Screen point of chart-local (x, y). */
    private Point2D onChart(double x, double y) { return view.chart().localToScreen(x, y); }

    private double laneX(double t) { return view.chart().xOf(t); }

    private double laneWidth() { return view.chart().lanesWidth(); }

    @Test
    void simulatesEfficientNetB0AndShowsItsLayersInTheTable(FxRobot robot) throws Exception {
        SimulationResult r = simulated();
        assertEquals("efficientnet-b0", r.network());
        assertEquals(r.layers().size(), view.table().getItems().size());
        assertEquals(107, view.table().getItems().size());
        assertEquals("Conv1", view.table().getItems().get(0).name());
        assertTrue(robot.lookup(".table-cell").queryAll().stream()
                .anyMatch(n -> n instanceof TableCell<?, ?> c && "DWConv1".equals(c.getText())), "rows on screen");
        assertTrue(robot.lookup("#timelineMessage").queryAs(Label.class).getText().contains("Simulated efficientnet-b0"));
    }

    @Test
    void aTableRowSelectsItsEventAndAnEventSelectsItsRow(FxRobot robot) throws Exception {
        SimulationResult r = simulated();
        Node cell = robot.lookup(".table-cell").queryAll().stream()
                .filter(n -> n instanceof TableCell<?, ?> c && "Linear2".equals(c.getText())).findFirst().orElseThrow();
        robot.clickOn(cell);
        WaitForAsyncUtils.waitForFxEvents();
        int linear2 = r.layers().stream().filter(l -> l.name().equals("Linear2")).findFirst().orElseThrow().index();
        assertEquals(linear2, chart().selectedLayerProperty().get(), "the row selected its layer's slice");
        assertEquals("Linear2", robot.lookup("#detailsTitle").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#detailsGrid .details-value").queryAll().stream().anyMatch(n -> "Linear2".equals(((Label) n).getText())));
        LayerResult l = r.layers().get(linear2);
        assertTrue(chart().windowStart() <= l.startCycle() && chart().windowEnd() >= l.endCycle() && chart().span() < 2 * l.cycles() + 100,
                "focused on the layer");

        // the other way: zoom out, click DWConv1 in the network row, its row gets selected
        robot.interact(() -> chart().fit());
        LayerResult dw = r.layers().get(1);
        robot.clickOn(onChart(laneX((dw.startCycle() + dw.endCycle()) / 2.0), view.chart().yOfRow(0)));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, chart().selectedLayerProperty().get());
        assertEquals("DWConv1", view.table().getSelectionModel().getSelectedItem().name());
        assertEquals("DWConv1", robot.lookup("#detailsTitle").queryAs(Label.class).getText());
    }

    @Test
    void keysWheelAndDragZoomAndPanConsistently(FxRobot robot) throws Exception {
        simulated();
        double y = view.chart().yOfRow(3);
        double x = TimelinePainter.LABEL_WIDTH + laneWidth() * 0.25; // a quarter into the lanes
        robot.clickOn(onChart(x, y), MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        double s0 = chart().windowStart(), span0 = chart().span();
        double anchor = s0 + span0 * 0.25;

        robot.type(KeyCode.W);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(span0 * TimelineChart.ZOOM_STEP, chart().span(), span0 * 1e-9, "W zooms in one step");
        assertEquals(anchor, chart().windowStart() + 0.25 * chart().span(), 1.5 * span0 / laneWidth(), "around the cursor (to a pixel)");

        double s1 = chart().windowStart(), span1 = chart().span();
        robot.type(KeyCode.D);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(s1 + TimelineChart.PAN_STEP * span1, chart().windowStart(), span1 * 1e-9, "D pans right a tenth");
        assertEquals(span1, chart().span(), span1 * 1e-9);
        robot.type(KeyCode.A);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(s1, chart().windowStart(), span1 * 1e-9, "A pans back");
        robot.type(KeyCode.S);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(span0, chart().span(), span0 * 1e-9, "S zooms out again");

        robot.type(KeyCode.W, 2); // room to zoom either way
        WaitForAsyncUtils.waitForFxEvents();
        double before = chart().span();
        double tUnder = chart().windowStart() + (x - laneX(chart().windowStart())) / laneWidth() * before;
        robot.moveTo(onChart(x, y)).scroll(2, VerticalDirection.UP);
        WaitForAsyncUtils.waitForFxEvents();
        assertNotEquals(before, chart().span(), "the wheel zooms");
        double tAfter = chart().windowStart() + (x - laneX(chart().windowStart())) / laneWidth() * chart().span();
        assertEquals(tUnder, tAfter, before * 1e-3, "the cycle under the cursor stays under it");

        double sBefore = chart().windowStart(), cpp = chart().span() / laneWidth();
        robot.drag(onChart(x, y), MouseButton.PRIMARY).dropTo(onChart(x - 200, y));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(sBefore + 200 * cpp, chart().windowStart(), 3 * cpp, "dragging left by 200 px shows later cycles");
    }

    @Test
    void rangeTotalsEqualTheLayersInTheRangeSummedFromTheSimulation(FxRobot robot) throws Exception {
        SimulationResult r = simulated();
        double x0 = laneX(0) + laneWidth() * 0.2, x1 = laneX(0) + laneWidth() * 0.45;
        robot.drag(onChart(x0, 12), MouseButton.PRIMARY).dropTo(onChart(x1, 12)); // on the ruler
        WaitForAsyncUtils.waitForFxEvents();
        RangeTotals t = chart().getRange();
        assertNotNull(t, "a drag on the ruler selects a range");
        double a = t.start(), b = t.end();
        assertTrue(b - a > chart().span() * 0.2, "about a quarter of the window: " + (b - a));

        // independently: every layer, weighted by how much of it lies in [a, b)
        double macs = 0, stalls = 0, bytes = 0, cycles = 0;
        int n = 0;
        for (LayerResult l : r.layers()) {
            double o = Math.min(b, l.endCycle()) - Math.max(a, l.startCycle());
            if (o <= 0 || l.cycles() == 0) continue;
            n++;
            double f = o / l.cycles();
            macs += f * l.macs();
            stalls += f * l.stallCycles();
            bytes += f * l.dramBytes();
            cycles += o;
        }
        assertEquals(n, t.layers());
        assertEquals(macs, t.macs(), 1e-6 * macs);
        assertEquals(stalls, t.stallCycles(), 1e-6 * Math.max(1, stalls));
        assertEquals(bytes, t.dramBytes(), 1e-6 * bytes);
        assertEquals(cycles, t.cycles(), 1e-6 * cycles);
        assertTrue(robot.lookup("#detailsGrid .details-heading").queryAll().stream().anyMatch(h -> "RANGE".equals(((Label) h).getText())));
        assertTrue(robot.lookup("#detailsGrid .details-value").queryAll().stream()
                .anyMatch(v -> Figures.exact(t.macs()).equals(((Label) v).getText())), "the details show the range's MACs");

        // shift-drag in the lanes selects a range too; Esc clears it
        robot.press(KeyCode.SHIFT).drag(onChart(x0, view.chart().yOfRow(2)), MouseButton.PRIMARY)
                .dropTo(onChart(x0 + 120, view.chart().yOfRow(2))).release(KeyCode.SHIFT);
        WaitForAsyncUtils.waitForFxEvents();
        assertNotNull(chart().getRange());
        assertNotEquals(b, chart().getRange().end());
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertNull(chart().getRange());
    }

    @Test
    void editingTheNpuReSimulatesAndTheCyclesGrow(FxRobot robot) throws Exception {
        SimulationResult r = simulated();
        long before = r.totalCycles();
        robot.clickOn("NPU configuration");
        TitledPane dram = robot.lookup("#npuSheet .titled-pane").queryAll().stream().map(n -> (TitledPane) n)
                .filter(p -> p.getText().equals("DRAM")).findFirst().orElseThrow();
        // expanded without its animation: a click on a field still sliding into place can miss it on a loaded machine
        robot.interact(() -> {
            dram.setAnimated(false);
            dram.setExpanded(true);
        });
        WaitForAsyncUtils.waitForFxEvents();
        TextField field = robot.lookup("#npu-dramBytesPerCycle").queryAs(TextField.class);
        assertEquals("25", field.getText());
        robot.clickOn(field);
        robot.interact(field::selectAll);
        robot.write("5").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.resultProperty().get() != r && !vm.simulatingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(5, model.getProject().npu().dramBytesPerCycle());
        assertTrue(model.isDirty(), "the edit marks the project modified");
        assertTrue(vm.resultProperty().get().totalCycles() > before,
                "less bandwidth, more cycles: " + before + " -> " + vm.resultProperty().get().totalCycles());
        assertEquals(107, view.table().getItems().size());

        robot.interact(model::undo);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.resultProperty().get().totalCycles() == before);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("25", field.getText(), "undo puts the value back in the sheet");
    }

    @Test
    void pngExportWritesANonEmptyImageOfTheChart(FxRobot robot) throws Exception {
        simulated();
        Path file = Files.createTempDirectory("timeline-png").resolve("b0.png");
        robot.interact(() -> {
            try {
                view.exportPng(file);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertTrue(Files.size(file) > 1000, "a real image: " + Files.size(file) + " bytes");
        BufferedImage img = ImageIO.read(file.toFile());
        assertEquals(Math.round(view.chartCard().getWidth()), img.getWidth(), 1.0);
        assertEquals(Math.round(view.chartCard().getHeight()), img.getHeight(), 1.0);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) for (int x = 0; x < img.getWidth(); x += 3) colours.add(img.getRGB(x, y));
        assertTrue(colours.size() > 20, "slices, text and grid, not a blank canvas: " + colours.size() + " colours");
        Files.delete(file);
        Files.delete(file.getParent());
    }

    private TextField dramField(FxRobot robot) {
        robot.clickOn("NPU configuration");
        TitledPane dram = robot.lookup("#npuSheet .titled-pane").queryAll().stream().map(n -> (TitledPane) n)
                .filter(p -> p.getText().equals("DRAM")).findFirst().orElseThrow();
        robot.interact(() -> {
            dram.setAnimated(false);
            dram.setExpanded(true);
        });
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup("#npu-dramBytesPerCycle").queryAs(TextField.class);
    }

    @Test
    void theNetworkBoxStillNamesABuiltInNetworkAfterAnNpuEditAndCtrlZInTheFieldUndoesIt(FxRobot robot) throws Exception {
        SimulationResult r = simulated();
        long before = r.totalCycles();
        ComboBox<TimelineViewModel.Candidate> box = networkBox(robot);
        assertEquals("efficientnet-b0", box.getValue().name());
        TextField field = dramField(robot);
        robot.clickOn(field);
        robot.interact(field::selectAll);
        robot.write("5").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.resultProperty().get() != r && !vm.simulatingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(5, model.getProject().npu().dramBytesPerCycle());
        assertNotNull(box.getValue(), "the Network box went blank after the NPU edit");
        assertEquals("efficientnet-b0", box.getValue().name());
        assertShowsTheName(robot, box, "efficientnet-b0");

        // Ctrl+Z with the field still focused undoes the edit, as the sheet's hint says
        assertTrue(field.isFocused());
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !vm.simulatingProperty().get() && vm.resultProperty().get().totalCycles() == before);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(25, model.getProject().npu().dramBytesPerCycle());
        assertEquals("25", field.getText());
        assertEquals("efficientnet-b0", box.getValue().name());
        // and Ctrl+Shift+Z redoes it
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.Z).release(KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> model.getProject().npu().dramBytesPerCycle() == 5);
    }
    @Test
    void theNetworkBoxStillNamesABuiltInNetworkAfterTheUndoOfAnNpuEdit(FxRobot robot) throws Exception {
        // issue #15 item 3: on d0dcf9f the box kept its value after the edit but went blank after its undo (Edit → Undo)
        SimulationResult r = simulated();
        long before = r.totalCycles();
        ComboBox<TimelineViewModel.Candidate> box = networkBox(robot);
        assertEquals("efficientnet-b0", box.getValue().name());
        robot.interact(() -> vm.setNpu("dramBytesPerCycle", 5));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.resultProperty().get() != r && !vm.simulatingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(5, model.getProject().npu().dramBytesPerCycle());
        assertNotNull(box.getValue(), "the Network box went blank after the NPU edit");
        assertEquals("efficientnet-b0", box.getValue().name());
        robot.interact(model::undo);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !vm.simulatingProperty().get() && vm.resultProperty().get().totalCycles() == before);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(25, model.getProject().npu().dramBytesPerCycle());
        assertNotNull(box.getValue(), "the Network box went blank after the undo of the NPU edit");
        assertEquals("efficientnet-b0", box.getValue().name());
        assertShowsTheName(robot, box, "efficientnet-b0");
    }


    @SuppressWarnings("unchecked")
    private static ComboBox<TimelineViewModel.Candidate> networkBox(FxRobot robot) {
        return robot.lookup("#sourceChoice").queryAs(ComboBox.class);
    }

    /** The Network box's button shows the network's name (not only holds it as its value). */
    private static void assertShowsTheName(FxRobot robot, ComboBox<?> box, String name) {
        assertTrue(robot.from(box).lookup(".list-cell").queryAll().stream()
                .anyMatch(n -> n instanceof javafx.scene.control.ListCell<?> c && c.getGraphic() instanceof Label l && l.getText().equals(name)),
                "the button shows the name");
    }

}
