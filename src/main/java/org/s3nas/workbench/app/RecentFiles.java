package org.s3nas.workbench.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Most recently used project files, newest first, kept in {@link Preferences} across sessions. */
public final class RecentFiles {
    static final int MAX = 10;
    private static final String KEY = "recent.";

    private final Preferences prefs;
    private final ObservableList<Path> files = FXCollections.observableArrayList();
    private final ObservableList<Path> readOnly = FXCollections.unmodifiableObservableList(files);

    public RecentFiles(Preferences prefs) {
        this.prefs = prefs;
        List<Path> loaded = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            String s = prefs.get(KEY + i, null);
            if (s == null) break;
            try {
                Path p = Path.of(s);
                if (!loaded.contains(p)) loaded.add(p);
            } catch (RuntimeException ignored) {
                // a preference written by hand that is not a path: skip it
            }
        }
        files.setAll(loaded);
    }

    public ObservableList<Path> files() { return readOnly; }

    /** Puts {@code file} first (moving it if it is already listed) and drops the oldest beyond {@value #MAX}. */
    public void add(Path file) {
        Path p = file.toAbsolutePath().normalize();
        List<Path> copy = new ArrayList<>(files);
        copy.remove(p);
        copy.add(0, p);
        while (copy.size() > MAX) copy.remove(copy.size() - 1);
        files.setAll(copy);
        store();
    }

    public void remove(Path file) {
        if (files.remove(file.toAbsolutePath().normalize()) || files.remove(file)) store();
    }

    public void clear() {
        files.clear();
        store();
    }

    private void store() {
        for (int i = 0; i < MAX; i++) {
            if (i < files.size()) prefs.put(KEY + i, files.get(i).toString());
            else prefs.remove(KEY + i);
        }
        try {
            prefs.flush();
        } catch (BackingStoreException e) {
            // the list still works for this session; preferences are a convenience, not data
        }
    }
}
