package org.s3nas.workbench.app.run;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What a dashboard's view-model has to tell the user (a view-model's part, no nodes): a run ended, failed or cannot
 * start. Oldest first, the latest {@link #KEPT} only; the view shows each new one as a notification
 * ({@link RunCharts#notifyEach}).
 */
public final class Notices {
    /** Something the user should see as a notification. */
    public record Notice(boolean error, String title, String text) {}

    public static final int KEPT = 50;

    private final ObservableList<Notice> notices = FXCollections.observableArrayList();
    // one read-only view: an unmodifiable wrapper listens weakly, so a fresh one per call could lose listeners
    private final ObservableList<Notice> view = FXCollections.unmodifiableObservableList(notices);

    /** Adds a notice, dropping the oldest beyond {@link #KEPT}. FX thread. */
    public void add(boolean error, String title, String text) {
        notices.add(new Notice(error, title, text));
        if (notices.size() > KEPT) notices.remove(0);
    }

    /** The notices, oldest first (read-only). */
    public ObservableList<Notice> list() { return view; }
}
