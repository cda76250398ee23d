package org.s3nas.workbench.app.search;

import java.util.List;
import java.util.Map;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.s3nas.workbench.app.Formats;
import org.s3nas.workbench.app.PropertyRow;
import org.s3nas.workbench.app.PropertyRows;
import org.s3nas.workbench.app.PropertyRows.Meta;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.RunRecord;
import org.s3nas.workbench.model.SearchConfig;

/** The Search view's model: the project's search configuration and the runs it knows (read-only for now). */
public final class SearchViewModel {
    /** One run of the project. */
    public record RunRow(String id, String status, String started, String ended, String architecture,
                         String target, String epochs, String directory) {}

    private static final String DATASET = "Dataset", LOSS = "Latency-aware loss (Eq. 9)", SCHEDULE = "Schedule",
            OPTIMISER = "Optimiser (RMSProp)", RUN = "Run";

    /** Display names, categories and meanings of SearchConfig's fields (SPEC §2.3, §2.4). */
    static final Map<String, Meta> META = Map.ofEntries(
            Map.entry("dataset.format", new Meta(DATASET, "Format", "On-disk image format")),
            Map.entry("dataset.path", new Meta(DATASET, "Folder", "Image folder; relative to the project file")),
            Map.entry("dataset.classes", new Meta(DATASET, "Classes", "Number of classes")),
            Map.entry("dataset.validationFraction", new Meta(DATASET, "Validation fraction",
                    "Share of the training images held out to measure accuracy", v -> Formats.percent((Double) v))),
            Map.entry("dataset.augment", new Meta(DATASET, "Augment", "Random flips and crops while training")),
            Map.entry("trainingResolution", new Meta(DATASET, "Training resolution",
                    "Image side during the search; latency still uses the supernet's input (SPEC §4)", v -> v + " px")),
            Map.entry("targetLatencyMs", new Meta(LOSS, "Target latency T", "The latency term acts only above it",
                    v -> Formats.number((Double) v) + " ms")),
            Map.entry("loss", new Meta(LOSS, "Loss", "S3NAS (Eq. 9) or Single-Path NAS (Eq. 6)")),
            Map.entry("lambda1", new Meta(LOSS, "λ1", "Weight of the latency term (phase 2)")),
            Map.entry("lambda2", new Meta(LOSS, "λ2", "Scale inside the log of the latency term")),
            Map.entry("phase1Epochs", new Meta(SCHEDULE, "Phase 1 epochs", "Supernet training with uniform sampling, CE only")),
            Map.entry("phase2Epochs", new Meta(SCHEDULE, "Phase 2 epochs", "Threshold search with the latency-aware loss")),
            Map.entry("batchSize", new Meta(SCHEDULE, "Batch size", "Images per step")),
            Map.entry("learningRate", new Meta(OPTIMISER, "Learning rate", "Initial learning rate")),
            Map.entry("lrDecay", new Meta(OPTIMISER, "LR decay", "Multiplied into the learning rate every decay period")),
            Map.entry("lrDecayEpochs", new Meta(OPTIMISER, "LR decay period", "Epochs between decays", v -> Formats.number((Double) v) + " epochs")),
            Map.entry("weightDecay", new Meta(OPTIMISER, "Weight decay", "L2 weight decay")),
            Map.entry("labelSmoothing", new Meta(OPTIMISER, "Label smoothing", "Cross-entropy label smoothing")),
            Map.entry("gradientClip", new Meta(OPTIMISER, "Gradient clip", "Global gradient norm limit")),
            Map.entry("rmsDecay", new Meta(OPTIMISER, "RMS decay", "RMSProp decay")),
            Map.entry("rmsMomentum", new Meta(OPTIMISER, "Momentum", "RMSProp momentum")),
            Map.entry("rmsEpsilon", new Meta(OPTIMISER, "Epsilon", "RMSProp epsilon")),
            Map.entry("seed", new Meta(RUN, "Seed", "Random seed of sampling and initialisation", v -> v.toString())),
            Map.entry("limitImages", new Meta(RUN, "Image limit", "Train on at most this many images (0 = all)",
                    v -> ((Integer) v) == 0 ? "all" : String.format(java.util.Locale.ROOT, "%,d", (Integer) v))),
            Map.entry("checkpointEverySteps", new Meta(RUN, "Checkpoint every", "Steps between checkpoints", v -> v + " steps")));

    private final WorkbenchModel model;
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ObservableList<PropertyRow> configuration = FXCollections.observableArrayList();
    private final ObservableList<PropertyRow> configurationView = FXCollections.unmodifiableObservableList(configuration);
    private final ObservableList<RunRow> runs = FXCollections.observableArrayList();
    private final ObservableList<RunRow> runsView = FXCollections.unmodifiableObservableList(runs);

    public SearchViewModel(WorkbenchModel model) {
        this.model = model;
        model.projectProperty().addListener((obs, old, p) -> load(p));
        load(model.getProject());
    }

    public StringBinding projectName() { return model.projectNameBinding(); }

    /** One line: dataset, target and epochs. */
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }

    public ObservableList<PropertyRow> configuration() { return configurationView; }

    public ObservableList<RunRow> runs() { return runsView; }

    private void load(Project p) {
        SearchConfig c = p.search();
        configuration.setAll(c == null ? List.of() : PropertyRows.of(c, META, "Other"));
        summary.set(c == null ? "No search configuration" : String.format(java.util.Locale.ROOT,
                "%s · target %s ms · %s · %d + %d epochs · batch %d",
                c.dataset() == null ? "no dataset" : c.dataset().format() + " images, " + c.dataset().classes() + " classes, "
                        + c.trainingResolution() + " px", Formats.number(c.targetLatencyMs()),
                c.loss() == null ? "no loss" : c.loss() == org.s3nas.workbench.model.LossKind.S3NAS ? "S3NAS loss (Eq. 9)" : "Single-Path NAS loss (Eq. 6)",
                c.phase1Epochs(), c.phase2Epochs(), c.batchSize()));
        runs.setAll(p.runs().stream().map(SearchViewModel::row).toList());
    }

    static RunRow row(RunRecord r) {
        SearchConfig c = r.config();
        return new RunRow(r.id(), r.status() == null ? "—" : Formats.words(r.status()), orDash(r.startedAt()), orDash(r.endedAt()),
                orDash(r.architecture()), c == null ? "—" : Formats.number(c.targetLatencyMs()) + " ms",
                c == null ? "—" : c.phase1Epochs() + " + " + c.phase2Epochs(), orDash(r.directory()));
    }

    private static String orDash(String s) { return s == null || s.isBlank() ? "—" : s; }
}
