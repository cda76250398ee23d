package org.s3nas.workbench.app.latency;

import javafx.scene.paint.Color;
import org.s3nas.workbench.app.Theme;

/**
 * Colours of the canvas charts for a theme (canvas drawing does not see CSS; the values mirror the -wb-* colours of
 * theme-light.css / theme-dark.css). Series colours are a colour-blind-safe set (Okabe–Ito).
 */
record Palette(Color surface, Color plot, Color grid, Color axis, Color text, Color muted, Color accent, Color accentSoft,
               Color[] series, Color marker, Color front) {
    static final Palette LIGHT = new Palette(Color.web("#ffffff"), Color.web("#fbfcfd"), Color.web("#e9ecf1"),
            Color.web("#9aa3b2"), Color.web("#1d2129"), Color.web("#5d6778"), Color.web("#3a5ccc"), Color.web("#3a5ccc", 0.18),
            new Color[]{Color.web("#0072b2"), Color.web("#e69f00"), Color.web("#8a94a6"), Color.web("#009e73"), Color.web("#cc79a7")},
            Color.web("#d55e00"), Color.web("#009e73"));
    static final Palette DARK = new Palette(Color.web("#23262e"), Color.web("#262a33"), Color.web("#343944"),
            Color.web("#6b7386"), Color.web("#e5e8ef"), Color.web("#a0a8b8"), Color.web("#7b9bff"), Color.web("#7b9bff", 0.25),
            new Color[]{Color.web("#56b4e9"), Color.web("#f0b45a"), Color.web("#9aa3b5"), Color.web("#3fc59a"), Color.web("#e08bbd")},
            Color.web("#ff8a4c"), Color.web("#3fc59a"));

    static Palette of(Theme t) { return t == Theme.DARK ? DARK : LIGHT; }

    boolean dark() { return this == DARK; }

    /**
     * A sequential colour for {@code f} in [0, 1] (viridis, perceptually uniform, readable in grey), for the heatmap.
     */
    static Color sequential(double f) {
        double[][] stops = {{0.267, 0.005, 0.329}, {0.283, 0.141, 0.458}, {0.254, 0.265, 0.530}, {0.207, 0.372, 0.553},
                {0.164, 0.471, 0.558}, {0.128, 0.567, 0.551}, {0.135, 0.659, 0.518}, {0.267, 0.749, 0.441},
                {0.478, 0.821, 0.318}, {0.741, 0.873, 0.150}, {0.993, 0.906, 0.144}};
        double x = Math.max(0, Math.min(1, Double.isNaN(f) ? 0 : f)) * (stops.length - 1);
        int i = (int) Math.min(stops.length - 2, Math.floor(x));
        double t = x - i;
        return Color.color(stops[i][0] + t * (stops[i + 1][0] - stops[i][0]), stops[i][1] + t * (stops[i + 1][1] - stops[i][1]),
                stops[i][2] + t * (stops[i + 1][2] - stops[i][2]));
    }

    /** Black or white, whichever reads better on {@code bg}. */
    static Color textOn(Color bg) {
        double l = 0.2126 * bg.getRed() + 0.7152 * bg.getGreen() + 0.0722 * bg.getBlue();
        return l > 0.5 ? Color.web("#111418") : Color.WHITE;
    }
}
