package org.s3nas.workbench.app.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The finished runs a dashboard overlays on its charts (a view-model's part, no nodes): several selected runs, each
 * loaded (from memory or its history file, in the background), then published together in the order they were
 * selected; fewer than two selected clears the overlay and the charts show the single run again. A newer selection
 * overrides loads still under way.
 *
 * @param <S> the series of the kind of run
 */
public final class Overlay<S extends RunSeries<?>> {
    /** Loads one row's series; calls exactly one of {@code loaded} / {@code failed}, on the FX thread. */
    @FunctionalInterface
    public interface Loader<R, S> {
        void load(R row, Consumer<S> loaded, Runnable failed);
    }

    private final ObservableList<S> runs = FXCollections.observableArrayList();
    private final ObservableList<S> runsView = FXCollections.unmodifiableObservableList(runs);
    private long generation;

    /** The overlaid runs, in selection order; empty when the charts show one run. */
    public ObservableList<S> runs() { return runsView; }

    /** Overlays the runs of {@code rows} (two or more), or clears the overlay (fewer). FX thread. */
    public <R> void show(List<R> rows, Loader<R, S> loader) {
        long g = ++generation;
        if (rows.size() < 2) {
            runs.clear();
            return;
        }
        List<R> chosen = List.copyOf(rows);
        Object[] loaded = new Object[chosen.size()];
        int[] left = {chosen.size()};
        for (int i = 0; i < chosen.size(); i++) {
            int k = i;
            loader.load(chosen.get(i), s -> {
                loaded[k] = s;
                done(g, left, loaded);
            }, () -> done(g, left, loaded));
        }
    }

    /** Clears the overlay. */
    public void clear() { show(List.of(), null); }

    @SuppressWarnings("unchecked")
    private void done(long g, int[] left, Object[] loaded) {
        if (g != generation || --left[0] > 0) return;
        List<S> out = new ArrayList<>();
        for (Object o : Arrays.stream(loaded).filter(Objects::nonNull).toList()) out.add((S) o);
        if (out.size() >= 2) runs.setAll(out);
        else runs.clear();
    }
}
