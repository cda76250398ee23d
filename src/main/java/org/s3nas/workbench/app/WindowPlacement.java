package org.s3nas.workbench.app;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.prefs.Preferences;
import javafx.geometry.Rectangle2D;

/**
 * The main window's position, content size and maximised state, kept in {@link Preferences} across sessions, and put
 * back only where a screen of this session can show it (a monitor may have been unplugged since).
 */
final class WindowPlacement {
    static final String KEY = "window.placement";
    /** How much of the window's top edge must fall on a screen for the saved place to be used. */
    static final double VISIBLE_WIDTH = 120, VISIBLE_HEIGHT = 40;

    /** Where the window was: its top-left corner, the size of its content and whether it was maximised. */
    record Bounds(double x, double y, double width, double height, boolean maximized) {}

    private WindowPlacement() {}

    /** The saved placement; empty when none was saved or the value is not one this class wrote. */
    static Optional<Bounds> read(Preferences prefs) {
        String v = prefs.get(KEY, null);
        if (v == null) return Optional.empty();
        String[] f = v.split(",");
        if (f.length != 5) return Optional.empty();
        try {
            Bounds b = new Bounds(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]), Boolean.parseBoolean(f[4]));
            boolean finite = Double.isFinite(b.x()) && Double.isFinite(b.y()) && Double.isFinite(b.width()) && Double.isFinite(b.height());
            return finite && b.width() > 0 && b.height() > 0 ? Optional.of(b) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static void write(Preferences prefs, Bounds b) {
        prefs.put(KEY, String.format(Locale.ROOT, "%.0f,%.0f,%.0f,%.0f,%b", b.x(), b.y(), b.width(), b.height(), b.maximized()));
    }

    /**
     * The saved placement as this session's screens allow: empty when no screen shows enough of the window's top edge
     * to grab it; otherwise at least {@code minWidth x minHeight}, no wider than the screen it is on and no taller than
     * the room below its top edge there.
     */
    static Optional<Bounds> fit(Bounds b, List<Rectangle2D> screens, double minWidth, double minHeight) {
        for (Rectangle2D s : screens) {
            double visibleW = Math.min(b.x() + b.width(), s.getMaxX()) - Math.max(b.x(), s.getMinX());
            boolean topOnScreen = b.y() >= s.getMinY() && b.y() + VISIBLE_HEIGHT <= s.getMaxY();
            if (visibleW >= Math.min(VISIBLE_WIDTH, b.width()) && topOnScreen) {
                // no wider than the screen, and no taller than the room below its top edge (the status bar stays in view)
                double w = Math.min(Math.max(b.width(), minWidth), s.getWidth());
                double h = Math.max(minHeight, Math.min(b.height(), s.getMaxY() - b.y()));
                return Optional.of(new Bounds(b.x(), b.y(), w, h, b.maximized()));
            }
        }
        return Optional.empty();
    }
}
