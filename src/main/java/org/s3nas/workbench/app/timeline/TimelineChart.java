package org.s3nas.workbench.app.timeline;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javafx.animation.AnimationTimer;
import javafx.beans.InvalidationListener;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

import static org.s3nas.workbench.app.timeline.TimelinePainter.LABEL_WIDTH;
import static org.s3nas.workbench.app.timeline.TimelinePainter.ROW_HEIGHT;
import static org.s3nas.workbench.app.timeline.TimelinePainter.RULER_HEIGHT;

/**
 * The Gantt chart: lane labels, time ruler and lanes on canvases, with hover, selection and range on a second canvas
 * above the lanes so that moving the mouse never redraws the slices. Changes of the chart model coalesce into one
 * redraw per frame. Input is forwarded to the {@link TimelineChartModel}:
 * wheel zooms at the cursor (shift-wheel pans, ctrl-wheel scrolls the rows), drag pans, shift-drag or a drag on the
 * ruler selects a range, click selects, double-click or F focuses, W/S zoom at the cursor, A/D pan, Esc clears.
 */
public final class TimelineChart extends Region {
    /** Zoom factor of one W/S press or one wheel notch. */
    static final double ZOOM_STEP = 0.8;
    /** Pan of one A/D press, as a fraction of the window. */
    static final double PAN_STEP = 0.1;

    private final TimelineChartModel model;
    private final TimelineViewModel vm;
    private final TimelinePainter painter = new TimelinePainter();
    private final Canvas labels = new Canvas();
    private final Canvas ruler = new Canvas();
    private final Canvas lanes = new Canvas();
    private final Canvas overlay = new Canvas();
    private final ScrollBar vbar = new ScrollBar();
    private final Label hoverCard = new Label();
    private final Font overlayFont = Font.font(11);

    private boolean lanesDirty = true;
    private boolean overlayDirty = true;
    private double scrollY;
    private int lastRects;

    // pointer state
    private double mouseX = -1, mouseY = -1;
    private int hoverRow = -1;
    private Lane hoverLane;
    private int hoverSlice = -1;
    private double pressX, pressY, pressStart, pressEnd, pressScroll;
    private boolean pressRange, dragging;
    private final Set<KeyCode> held = new HashSet<>();
    private long heldSince;
    private long lastFrame;

    private final AnimationTimer frame = new AnimationTimer() {
        @Override
        public void handle(long now) {
            if (!held.isEmpty()) animateKeys(now);
            lastFrame = now;
            paintIfDirty();
        }
    };

    public TimelineChart(TimelineViewModel vm) {
        this.vm = vm;
        this.model = vm.chart();
        getStyleClass().add("timeline-chart");
        setId("timelineChart");
        setFocusTraversable(true);
        setMinSize(LABEL_WIDTH + 200, RULER_HEIGHT + ROW_HEIGHT * 4);
        setPrefSize(900, 380);

        vbar.setOrientation(Orientation.VERTICAL);
        vbar.setVisible(false);
        vbar.valueProperty().addListener((obs, o, v) -> {
            scrollY = v.doubleValue();
            invalidateAll();
        });
        hoverCard.getStyleClass().add("timeline-hover");
        hoverCard.setManaged(false);
        hoverCard.setVisible(false);
        hoverCard.setMouseTransparent(true);
        overlay.setId("timelineOverlay");
        labels.setId("timelineLabels");
        getChildren().addAll(labels, ruler, lanes, overlay, vbar, hoverCard);

        InvalidationListener redraw = o -> invalidateAll();
        model.windowStartProperty().addListener(redraw);
        model.windowEndProperty().addListener(redraw);
        model.dataProperty().addListener(o -> {
            hoverLane = null;
            hoverSlice = -1;
            hideHover();
            invalidateAll();
        });
        model.rows().addListener((ListChangeListener<Lane>) c -> {
            updateScrollBar();
            invalidateAll();
        });
        model.selectionProperty().addListener(o -> invalidateOverlay());
        model.rangeProperty().addListener(o -> invalidateOverlay());
        vm.unitProperty().addListener(redraw);
        vm.themeProperty().addListener((obs, o, t) -> {
            painter.setPalette(TimelinePainter.Palette.of(vm.dark()));
            invalidateAll();
        });
        painter.setPalette(TimelinePainter.Palette.of(vm.dark()));

        overlay.setOnMousePressed(this::pressed);
        overlay.setOnMouseDragged(this::dragged);
        overlay.setOnMouseReleased(this::released);
        overlay.setOnMouseMoved(this::moved);
        overlay.setOnMouseExited(e -> {
            mouseX = mouseY = -1;
            setHover(-1, null, -1);
        });
        overlay.setOnScroll(this::scrolled);
        labels.setOnMouseClicked(this::labelClicked);
        labels.setOnMouseMoved(e -> setHover(rowAt(e.getY()), null, -1));
        labels.setOnMouseExited(e -> setHover(-1, null, -1));
        labels.setOnScroll(e -> scrollRows(-e.getDeltaY()));
        addEventHandler(KeyEvent.KEY_PRESSED, this::keyPressed);
        addEventHandler(KeyEvent.KEY_RELEASED, this::keyReleased);
        focusedProperty().addListener((obs, o, f) -> { if (!f) held.clear(); });

        sceneProperty().addListener((obs, o, s) -> {
            if (s != null) frame.start();
            else frame.stop();
        });
    }

    // ---- layout and painting ---------------------------------------------------------------------------------

    @Override
    protected void layoutChildren() {
        double w = getWidth(), h = getHeight();
        double sb = vbar.isVisible() ? vbar.prefWidth(-1) : 0;
        double cw = Math.max(0, w - LABEL_WIDTH - sb);
        labels.setWidth(LABEL_WIDTH);
        labels.setHeight(h);
        labels.relocate(0, 0);
        ruler.setWidth(cw);
        ruler.setHeight(RULER_HEIGHT);
        ruler.relocate(LABEL_WIDTH, 0);
        lanes.setWidth(cw);
        lanes.setHeight(Math.max(0, h - RULER_HEIGHT));
        lanes.relocate(LABEL_WIDTH, RULER_HEIGHT);
        overlay.setWidth(cw);
        overlay.setHeight(h);
        overlay.relocate(LABEL_WIDTH, 0);
        vbar.resizeRelocate(w - sb, RULER_HEIGHT, sb, Math.max(0, h - RULER_HEIGHT));
        updateScrollBar();
        invalidateAll();
    }

    private void updateScrollBar() {
        double content = model.rows().size() * ROW_HEIGHT;
        double view = Math.max(0, getHeight() - RULER_HEIGHT);
        double max = Math.max(0, content - view);
        boolean show = max > 0;
        if (show != vbar.isVisible()) {
            vbar.setVisible(show);
            requestLayout();
        }
        vbar.setMax(max);
        vbar.setVisibleAmount(max <= 0 ? 1 : view * max / Math.max(1, content));
        vbar.setUnitIncrement(ROW_HEIGHT);
        vbar.setBlockIncrement(view * 0.8);
        if (scrollY > max) vbar.setValue(max);
    }

    private void invalidateAll() {
        lanesDirty = true;
        overlayDirty = true;
    }

    private void invalidateOverlay() { overlayDirty = true; }

    private void paintIfDirty() {
        if (lanesDirty) paintLanes();
        if (overlayDirty) paintOverlay();
    }

    /** Draws everything now (for snapshots and tests) instead of at the next frame. */
    public void paintNow() {
        paintLanes();
        paintOverlay();
    }

    /** Rectangles drawn in the last frame (after merging). */
    public int lastRectangles() { return lastRects; }

    private void paintLanes() {
        lanesDirty = false;
        TimelineData d = model.getData();
        double w = lanes.getWidth();
        double t0 = model.windowStart(), t1 = model.windowEnd();
        lastRects = painter.paintLanes(lanes.getGraphicsContext2D(), d, model.rows(), t0, t1, w, lanes.getHeight(), scrollY, vm.unitProperty().get());
        painter.paintRuler(ruler.getGraphicsContext2D(), d, t0, t1, ruler.getWidth(), vm.unitProperty().get());
        paintLabels();
    }

    private void paintLabels() {
        var s = model.getSelection();
        painter.paintLabels(labels.getGraphicsContext2D(), model.getData(), model.rows(), model::isExpanded, labels.getHeight(),
                scrollY, hoverRow, s == null ? null : s.lane().id(), vm.unitProperty().get(), model.span());
    }

    private void paintOverlay() {
        overlayDirty = false;
        GraphicsContext g = overlay.getGraphicsContext2D();
        double w = overlay.getWidth(), h = overlay.getHeight();
        g.clearRect(0, 0, w, h);
        TimelineData d = model.getData();
        if (d == null || w <= 0) return;
        TimelinePainter.Palette p = painter.palette();
        double t0 = model.windowStart(), ppc = w / model.span();
        g.setFont(overlayFont);
        g.setTextBaseline(VPos.CENTER);

        // the selected layer's extent across all rows, then the selected slice's outline
        var sel = model.getSelection();
        int layer = model.selectedLayerProperty().get();
        if (layer >= 0) {
            var l = d.layers().get(layer);
            double x0 = (l.startCycle() - t0) * ppc, x1 = (l.endCycle() - t0) * ppc;
            g.setFill(p.accent().deriveColor(0, 1, 1, 0.07));
            g.fillRect(x0, RULER_HEIGHT, Math.max(1, x1 - x0), h - RULER_HEIGHT);
        }
        if (sel != null) {
            int row = model.rows().indexOf(sel.lane());
            if (row >= 0) outline(g, sel.lane(), sel.slice(), row, ppc, t0, p.text(), 2);
        }
        // range
        RangeTotals r = model.getRange();
        if (r != null) {
            double x0 = (r.start() - t0) * ppc, x1 = (r.end() - t0) * ppc;
            g.setFill(p.accent().deriveColor(0, 1, 1, 0.12));
            g.fillRect(x0, 0, x1 - x0, h);
            g.setStroke(p.accent());
            g.setLineWidth(1);
            g.strokeLine(Math.floor(x0) + 0.5, 0, Math.floor(x0) + 0.5, h);
            g.strokeLine(Math.floor(x1) + 0.5, 0, Math.floor(x1) + 0.5, h);
            pill(g, vm.unitProperty().get().format(r.duration(), d.clockGHz()), (x0 + x1) / 2, RULER_HEIGHT / 2, p.accent(), Color.WHITE, w);
        }
        // hover: outline, cursor line, time on the ruler
        if (hoverLane != null && hoverSlice >= 0) {
            int row = model.rows().indexOf(hoverLane);
            if (row >= 0) outline(g, hoverLane, hoverSlice, row, ppc, t0, p.muted(), 1);
        }
        if (mouseX >= 0 && mouseX <= w && mouseY >= 0) {
            double x = Math.floor(mouseX) + 0.5;
            g.setStroke(p.muted().deriveColor(0, 1, 1, 0.6));
            g.setLineWidth(1);
            g.strokeLine(x, RULER_HEIGHT, x, h);
            double t = t0 + mouseX / ppc;
            pill(g, vm.unitProperty().get().format(t, d.clockGHz()), mouseX, RULER_HEIGHT / 2, p.text(), p.background(), w);
        }
    }

    private void outline(GraphicsContext g, Lane lane, int slice, int row, double ppc, double t0, Color c, double width) {
        double x0 = (lane.slices().start(slice) - t0) * ppc, x1 = (lane.slices().end(slice) - t0) * ppc;
        double y = RULER_HEIGHT + row * ROW_HEIGHT - scrollY;
        if (y + ROW_HEIGHT < RULER_HEIGHT || x1 < -4 || x0 > overlay.getWidth() + 4) return;
        x0 = Math.max(x0, -4);
        x1 = Math.min(x1, overlay.getWidth() + 4);
        double pad = lane.refs() == Lane.Refs.EVENTS ? 5 : 3;
        g.setStroke(c);
        g.setLineWidth(width);
        g.strokeRect(x0 - width / 2, y + pad - width / 2, Math.max(1, x1 - x0) + width, ROW_HEIGHT - 2 * pad + width);
    }

    private void pill(GraphicsContext g, String text, double cx, double cy, Color fill, Color textColor, double w) {
        double tw = painter.textWidth(text) + 14;
        double x = Math.max(1, Math.min(cx - tw / 2, w - tw - 1));
        g.setFill(fill);
        g.fillRoundRect(x, cy - 9, tw, 18, 9, 9);
        g.setFill(textColor);
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText(text, x + tw / 2, cy);
        g.setTextAlign(TextAlignment.LEFT);
    }

    // ---- geometry --------------------------------------------------------------------------------------------

    private double cyclesPerPixel() { return model.span() / Math.max(1, lanes.getWidth()); }

    private double timeAt(double x) { return model.windowStart() + x * cyclesPerPixel(); }

    /** Row under canvas y (the same y in the labels and overlay canvases), or -1. */
    private int rowAt(double y) {
        if (y < RULER_HEIGHT) return -1;
        int r = (int) Math.floor((y - RULER_HEIGHT + scrollY) / ROW_HEIGHT);
        return r >= 0 && r < model.rows().size() ? r : -1;
    }

    /** The slice under overlay point (x, y), as {lane, index}; index -1 when none. */
    private int hit(Lane lane, double x) {
        return lane.slices().hit(timeAt(x), 3 * cyclesPerPixel());
    }

    // ---- mouse -----------------------------------------------------------------------------------------------

    private void pressed(MouseEvent e) {
        requestFocus();
        if (e.getButton() != MouseButton.PRIMARY) return;
        pressX = e.getX();
        pressY = e.getY();
        pressStart = model.windowStart();
        pressEnd = model.windowEnd();
        pressScroll = scrollY;
        pressRange = e.isShiftDown() || e.getY() < RULER_HEIGHT;
        dragging = false;
    }

    private void dragged(MouseEvent e) {
        if (e.getButton() != MouseButton.PRIMARY) return;
        mouseX = e.getX();
        mouseY = e.getY();
        if (!dragging && Math.hypot(e.getX() - pressX, e.getY() - pressY) < 3) return;
        dragging = true;
        hideHover();
        if (pressRange) {
            double cpp = (pressEnd - pressStart) / Math.max(1, lanes.getWidth());
            model.selectRange(pressStart + pressX * cpp, pressStart + e.getX() * cpp);
        } else {
            double dx = e.getX() - pressX;
            double cpp = (pressEnd - pressStart) / Math.max(1, lanes.getWidth());
            model.setWindow(pressStart - dx * cpp, pressEnd - dx * cpp);
            if (vbar.isVisible()) vbar.setValue(clamp(pressScroll - (e.getY() - pressY), 0, vbar.getMax()));
        }
        invalidateOverlay();
    }

    private void released(MouseEvent e) {
        if (e.getButton() != MouseButton.PRIMARY) return;
        if (dragging) {
            dragging = false;
            return;
        }
        if (e.getY() < RULER_HEIGHT) {
            model.clearRange();
            return;
        }
        int row = rowAt(e.getY());
        if (row < 0) {
            model.clearSelection();
            return;
        }
        Lane lane = model.rows().get(row);
        int i = hit(lane, e.getX());
        if (i < 0) {
            model.clearSelection();
        } else {
            model.select(lane, i);
            if (e.getClickCount() >= 2) model.focusSelection();
        }
    }

    private void moved(MouseEvent e) {
        mouseX = e.getX();
        mouseY = e.getY();
        int row = rowAt(e.getY());
        Lane lane = row < 0 ? null : model.rows().get(row);
        int i = lane == null ? -1 : hit(lane, e.getX());
        setHover(row, lane, i);
        invalidateOverlay();
    }

    private void setHover(int row, Lane lane, int slice) {
        boolean rowChanged = row != hoverRow;
        hoverRow = row;
        if (lane != hoverLane || slice != hoverSlice) {
            hoverLane = lane;
            hoverSlice = slice;
            if (lane == null || slice < 0) hideHover();
            else {
                hoverCard.setText(vm.describe(lane, slice));
                hoverCard.setVisible(true);
            }
        }
        if (hoverCard.isVisible()) placeHoverCard();
        if (rowChanged) paintLabels();
        invalidateOverlay();
    }

    private void hideHover() { hoverCard.setVisible(false); }

    private void placeHoverCard() {
        hoverCard.applyCss();
        double w = hoverCard.prefWidth(-1), h = hoverCard.prefHeight(w);
        double x = LABEL_WIDTH + mouseX + 14, y = mouseY + 16;
        if (x + w > getWidth() - 4) x = LABEL_WIDTH + mouseX - w - 14;
        if (y + h > getHeight() - 4) y = mouseY - h - 10;
        hoverCard.resizeRelocate(Math.max(2, x), Math.max(2, y), w, h);
    }

    private void scrolled(ScrollEvent e) {
        if (model.getData() == null) return;
        double dx = e.getDeltaX(), dy = e.getDeltaY();
        if (e.isControlDown() || e.isAltDown()) {
            scrollRows(-dy);
        } else if (e.isShiftDown() || Math.abs(dx) > Math.abs(dy)) {
            double d = Math.abs(dx) > Math.abs(dy) ? dx : dy;
            model.panCycles(-d * cyclesPerPixel());
        } else if (dy != 0) {
            // one notch (40 px) zooms by ZOOM_STEP; trackpads send smaller deltas
            double factor = Math.pow(ZOOM_STEP, dy / 40.0);
            model.zoom(factor, timeAt(e.getX()));
        }
        e.consume();
    }

    private void scrollRows(double dy) {
        if (vbar.isVisible()) vbar.setValue(clamp(scrollY + dy, 0, vbar.getMax()));
    }

    private void labelClicked(MouseEvent e) {
        int row = rowAt(e.getY());
        if (row < 0) return;
        Lane lane = model.rows().get(row);
        if (lane.expandable()) model.toggle(lane);
        else if (lane.layer() >= 0) vm.selectLayer(lane.layer());
        requestFocus();
    }

    // ---- keys ------------------------------------------------------------------------------------------------

    private void keyPressed(KeyEvent e) {
        KeyCode k = e.getCode();
        switch (k) {
            case W, S, A, D -> {
                if (held.add(k)) {
                    if (held.size() == 1) heldSince = System.nanoTime();
                    step(k, 1);
                }
            }
            case F -> model.focusSelection();
            case ESCAPE -> {
                model.clearSelection();
                model.clearRange();
            }
            default -> { return; }
        }
        e.consume();
    }

    private void keyReleased(KeyEvent e) {
        if (held.remove(e.getCode())) e.consume();
    }

    /** One step of a key; {@code amount} 1 is a press, less for a frame of a held key. */
    private void step(KeyCode k, double amount) {
        double anchor = mouseX >= 0 && mouseX <= lanes.getWidth() ? timeAt(mouseX) : (model.windowStart() + model.windowEnd()) / 2;
        switch (k) {
            case W -> model.zoom(Math.pow(ZOOM_STEP, amount), anchor);
            case S -> model.zoom(Math.pow(1 / ZOOM_STEP, amount), anchor);
            case A -> model.pan(-PAN_STEP * amount);
            case D -> model.pan(PAN_STEP * amount);
            default -> { }
        }
    }

    /** Held keys keep zooming or panning smoothly after a short delay (Perfetto's feel). */
    private void animateKeys(long now) {
        if (now - heldSince < 180_000_000L || lastFrame == 0) return;
        double dt = Math.min(0.05, (now - lastFrame) / 1e9);
        for (KeyCode k : List.copyOf(held)) step(k, dt * 8); // about 8 steps a second
    }

    private static double clamp(double v, double lo, double hi) { return Math.max(lo, Math.min(hi, v)); }

    // ---- for the view and tests ------------------------------------------------------------------------------

    /** Width of the lanes in pixels. */
    public double lanesWidth() { return lanes.getWidth(); }

    /** Screen x of cycle {@code t} inside this chart (for tests and the view). */
    public double xOf(double t) { return LABEL_WIDTH + (t - model.windowStart()) / cyclesPerPixel(); }

    /** Chart y of the middle of row {@code r}. */
    public double yOfRow(int r) { return RULER_HEIGHT + r * ROW_HEIGHT - scrollY + ROW_HEIGHT / 2; }

    ObservableValue<Number> scrollProperty() { return vbar.valueProperty(); }
}
