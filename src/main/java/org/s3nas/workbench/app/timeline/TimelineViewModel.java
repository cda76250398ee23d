package org.s3nas.workbench.app.timeline;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.s3nas.workbench.app.ArchitectureRows;
import org.s3nas.workbench.app.ArchitectureRows.BlockRow;
import org.s3nas.workbench.app.Fact;
import org.s3nas.workbench.app.Formats;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.SavedArchitecture;
import org.s3nas.workbench.model.Validator;

/**
 * The Timeline view's model: the architectures one can run on the NPU (the supernet's largest and smallest members
 * and the project's saved architectures) and the blocks of the selected one. The simulator's timeline of a later
 * issue attaches to {@link #selectedProperty()}.
 */
public final class TimelineViewModel {
    /** An architecture one can inspect, with where it comes from. */
    public record Candidate(String name, String origin, Architecture architecture) {
        @Override
        public String toString() { return name; }
    }

    private final WorkbenchModel model;
    private final ObservableList<Candidate> candidates = FXCollections.observableArrayList();
    private final ObservableList<Candidate> candidatesView = FXCollections.unmodifiableObservableList(candidates);
    private final ReadOnlyObjectWrapper<Candidate> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ObservableList<BlockRow> blocks = FXCollections.observableArrayList();
    private final ObservableList<BlockRow> blocksView = FXCollections.unmodifiableObservableList(blocks);
    private final ObservableList<Fact> facts = FXCollections.observableArrayList();
    private final ObservableList<Fact> factsView = FXCollections.unmodifiableObservableList(facts);

    public TimelineViewModel(WorkbenchModel model) {
        this.model = model;
        selected.addListener((obs, old, c) -> show(c));
        model.projectProperty().addListener((obs, old, p) -> load(p));
        load(model.getProject());
    }

    public StringBinding projectName() { return model.projectNameBinding(); }

    public ObservableList<Candidate> candidates() { return candidatesView; }

    public ReadOnlyObjectProperty<Candidate> selectedProperty() { return selected.getReadOnlyProperty(); }

    /** Selects a candidate (null selects nothing). */
    public void select(Candidate c) {
        if (c != null && !candidates.contains(c)) throw new IllegalArgumentException("not a candidate: " + c.name());
        selected.set(c);
    }

    public ObservableList<BlockRow> blocks() { return blocksView; }

    public ObservableList<Fact> facts() { return factsView; }

    private void load(Project p) {
        String keep = selected.get() == null ? null : selected.get().name();
        List<Candidate> list = new ArrayList<>();
        // largest()/smallest() walk the block positions, which needs a valid supernet.
        if (!Validator.hasErrors(Validator.validateSupernet(p.supernet(), "supernet"))) {
            list.add(new Candidate("Largest in the supernet", "every superkernel at its largest kernel and expansion", p.supernet().largest()));
            list.add(new Candidate("Smallest in the supernet", "every superkernel at its smallest choice; skips where allowed", p.supernet().smallest()));
        }
        for (SavedArchitecture a : p.architectures()) {
            String origin = "saved · " + (a.source() == null || a.source().isBlank() ? "unknown source" : a.source())
                    + (Double.isNaN(a.accuracy()) ? "" : " · accuracy " + Formats.percent(a.accuracy()));
            list.add(new Candidate(a.name(), origin, a.architecture()));
        }
        candidates.setAll(list);
        Candidate next = list.stream().filter(c -> c.name().equals(keep)).findFirst().orElse(list.isEmpty() ? null : list.get(0));
        if (next == selected.get()) show(next);
        else selected.set(next);
    }

    private void show(Candidate c) {
        if (c == null) {
            blocks.clear();
            facts.clear();
            return;
        }
        Architecture a = c.architecture();
        blocks.setAll(ArchitectureRows.blocks(a));
        long skips = a.blocks().size() - ArchitectureRows.computingBlocks(a);
        facts.setAll(List.of(
                new Fact("Architecture", c.name(), c.origin()),
                new Fact("Input", Formats.shape(a.input()), "Input image: height × width × channels"),
                new Fact("Stem", a.stem().kernel() + "×" + a.stem().kernel() + " conv → " + a.stem().channels() + ", stride " + a.stem().stride(), "The first conv"),
                new Fact("Blocks", Long.toString(ArchitectureRows.computingBlocks(a)), "Blocks that compute (skips removed)"),
                new Fact("Skipped", Long.toString(skips), "Positions whose every superkernel is zeroed: plain residual skips"),
                new Fact("Head", "1×1 conv → " + a.head().featureChannels() + ", FC → " + a.head().classes(), "Feature-mix conv, pool, classifier")));
    }
}
