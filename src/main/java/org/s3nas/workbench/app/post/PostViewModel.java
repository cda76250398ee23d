package org.s3nas.workbench.app.post;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.npu.MidapSimulator;

/**
 * The Scale &amp; SE view's model: post-processing of a searched network (paper §4.3). It keeps the architectures
 * both panels choose from in step with the project, and holds the {@link ScalingViewModel compound scaling} and
 * {@link SeViewModel SE} panels' models. Every latency comes from the project's simulated MIDAP NPU.
 */
public final class PostViewModel {
    private final WorkbenchModel model;
    private final ObservableList<ArchitectureChoice> choices = FXCollections.observableArrayList();
    private final ObservableList<ArchitectureChoice> choicesView = FXCollections.unmodifiableObservableList(choices);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ScalingViewModel scaling;
    private final SeViewModel se;

    /**
     * Latency by the MIDAP simulator; trained networks from the {@code train} command's run folders beside the
     * project file ({@link TrainedRuns}).
     */
    public PostViewModel(WorkbenchModel model) {
        this(model, npu -> new MidapSimulator(npu)::latencyMs, new TrainedRuns());
    }

    /**
     * @param latencyFor the latency function for an NPU configuration (the simulator; tests may pass another)
     * @param sources    where trained networks for the SE ranking come from
     */
    public PostViewModel(WorkbenchModel model, Function<NpuConfig, ToDoubleFunction<Architecture>> latencyFor,
                         ExcitationSources sources) {
        this.model = Objects.requireNonNull(model);
        this.scaling = new ScalingViewModel(model, latencyFor, choicesView);
        this.se = new SeViewModel(model, latencyFor, Objects.requireNonNull(sources), choicesView);
        model.projectProperty().addListener((obs, old, p) -> load(p));
        load(model.getProject());
    }

    public StringBinding projectName() { return model.projectNameBinding(); }

    /** One line under the title: what the view does and on which NPU. */
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }

    public ScalingViewModel scaling() { return scaling; }

    public SeViewModel se() { return se; }

    /** The project's saved architectures, then the supernet's largest and smallest. */
    public ObservableList<ArchitectureChoice> architectures() { return choicesView; }

    private void load(Project p) {
        String keepScaling = scaling.architectureProperty().get() == null ? null : scaling.architectureProperty().get().label();
        String keepSe = se.architectureProperty().get() == null ? null : se.architectureProperty().get().label();
        choices.setAll(ArchitectureChoice.of(p));
        // keep each panel on its architecture (by name) across edits; otherwise the first saved one, else the largest
        if (keepScaling == null || !scaling.select(keepScaling)) scaling.architectureProperty().set(choices.isEmpty() ? null : choices.get(0));
        if (keepSe == null || !se.select(keepSe)) se.architectureProperty().set(choices.isEmpty() ? null : choices.get(0));
        scaling.projectChanged(p);
        se.projectChanged(p);
        int saved = p.architectures().size();
        summary.set("Compound scaling (§4.3.1), SE + h-swish (§4.3.2) and selective SE removal (§4.3.3) on the simulated MIDAP NPU"
                + (p.npu() == null ? "" : " (" + p.npu().cims() + " × " + p.npu().lanes() + " MACs)") + " · "
                + saved + " saved architecture" + (saved == 1 ? "" : "s"));
    }
}
