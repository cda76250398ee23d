package org.s3nas.workbench.app;

/** The two looks of the workbench; each adds its colour sheet on top of the shared {@code workbench.css}. */
public enum Theme {
    LIGHT("Light", "theme-light.css"),
    DARK("Dark", "theme-dark.css");

    private final String title;
    private final String stylesheet;

    Theme(String title, String stylesheet) {
        this.title = title;
        this.stylesheet = stylesheet;
    }

    public String title() { return title; }

    /** Resource name beside this class. */
    public String stylesheet() { return stylesheet; }

    /** The theme stored under {@code name}, or LIGHT when it is unknown. */
    public static Theme parse(String name) {
        for (Theme t : values()) if (t.name().equalsIgnoreCase(name)) return t;
        return LIGHT;
    }
}
