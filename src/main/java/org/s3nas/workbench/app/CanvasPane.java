package org.s3nas.workbench.app;

import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * The base of the views' static pictures (the Latency view's plots, the network picture, the timeline's block bars):
 * a region that one {@link Canvas} fills, kept at the region's size on every layout. Subclasses draw on it.
 */
public abstract class CanvasPane extends Region {
    protected final Canvas canvas = new Canvas();

    protected CanvasPane() {
        getChildren().add(canvas);
    }

    @Override
    protected final void layoutChildren() {
        double w = snapSizeX(getWidth()), h = snapSizeY(getHeight());
        boolean resized = canvas.getWidth() != w || canvas.getHeight() != h;
        if (resized) {
            canvas.setWidth(w);
            canvas.setHeight(h);
        }
        laidOut(resized);
    }

    /** After each layout pass; {@code resized} when the canvas took a new size. */
    protected abstract void laidOut(boolean resized);

    /** One line in the middle of the canvas: what an empty picture says. */
    protected final void centredText(GraphicsContext g, String text, Paint colour, Font font) {
        g.setFill(colour);
        g.setFont(font);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(text, canvas.getWidth() / 2, canvas.getHeight() / 2);
    }
}
