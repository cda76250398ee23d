package org.s3nas.workbench.app.post;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.s3nas.workbench.app.TaskHandle;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.io.CsvTables;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.SavedArchitecture;
import org.s3nas.workbench.post.ExcitationSource;
import org.s3nas.workbench.post.SeRanking;
import org.s3nas.workbench.post.SeTransforms;

/**
 * The SE panel's model (paper §4.3.2–4.3.3). {@link #analyse()} measures, on the project's simulated NPU, what
 * each SE block of the chosen architecture costs (latency with it minus without it; no training needed), and asks
 * {@link ExcitationSources} for a trained network. Only with one does it rank the SE blocks by the excitation
 * metric (mean over channels of the standard deviation over images), compute the removal curve, and keep the
 * first images' excitations of every block for the histograms of Fig. 11. Without one it says so and shows the
 * latency costs only: a metric is never made up. {@link #rankWith(ExcitationSource)} analyses a given source.
 */
public final class SeViewModel {
    /** Sigmoid (and h-sigmoid) excitations lie in [0, 1]: the histograms split that range into this many bins. */
    public static final int HISTOGRAM_BINS = 20;
    /** Images per block whose excitation distributions are kept (paper Fig. 11 shows three). */
    public static final int SAMPLE_IMAGES = 3;
    /** The message of the panel when there is no trained network (the words the brief asks for). */
    public static final String NEEDS_TRAINING = "Needs a trained network: train the architecture first.";

    /** One SE block and what it costs alone. {@code blockIndex} counts from 0 as in the CSV and the PyTorch module. */
    public record CostRow(int blockIndex, int stage, int channels, int squeeze, double costMs, double shareOfLatency) {}

    /**
     * One SE block of the ranking, lowest metric first: {@code latencySavedMs} is what removing the SE of this block
     * and every block above it saves, {@code latencyAfterMs} the network's latency then.
     */
    public record RankRow(int rank, int blockIndex, int stage, int channels, long images, double metric, double costMs,
                          double latencySavedMs, double latencyAfterMs) {}

    /** Excitation histograms of one SE block: counts per bin for each of the first images. */
    public record Histogram(int blockIndex, double metric, List<int[]> perImage) {
        public Histogram {
            perImage = List.copyOf(perImage);
        }
    }

    /** What one analysis found (built on the worker, shown on the FX thread). */
    record Analysis(Architecture architecture, double latencyMs, Map<Integer, Double> costs, String missingReason,
                    List<SeRanking.Score> ranking, List<SeRanking.Step> curve, Map<Integer, List<double[]>> samples) {}

    private final WorkbenchModel model;
    private final Function<NpuConfig, ToDoubleFunction<Architecture>> latencyFor;
    private final ExcitationSources sources;
    private final ObservableList<ArchitectureChoice> choices;

    private final ObjectProperty<ArchitectureChoice> architecture = new SimpleObjectProperty<>(this, "architecture");
    private final BooleanProperty addSe = new SimpleBooleanProperty(this, "addSe", true);
    private final IntegerProperty images = new SimpleIntegerProperty(this, "images", 10_000);

    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running", false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper rankingMessage = new ReadOnlyStringWrapper(this, "rankingMessage", "");
    private final ReadOnlyStringWrapper rankingHeadline = new ReadOnlyStringWrapper(this, "rankingHeadline", "");
    private final ReadOnlyStringWrapper rankingDetail = new ReadOnlyStringWrapper(this, "rankingDetail", "");
    private final ReadOnlyBooleanWrapper ranked = new ReadOnlyBooleanWrapper(this, "ranked", false);
    private final ReadOnlyDoubleWrapper latency = new ReadOnlyDoubleWrapper(this, "latency", Double.NaN);
    private final ReadOnlyObjectWrapper<Architecture> analysed = new ReadOnlyObjectWrapper<>(this, "analysed");
    private final ObservableList<CostRow> costs = FXCollections.observableArrayList();
    private final ObservableList<RankRow> ranking = FXCollections.observableArrayList();
    private final ObservableList<SeRanking.Step> curve = FXCollections.observableArrayList();
    private final ObservableList<Integer> rankedBlocks = FXCollections.observableArrayList();
    private final ObjectProperty<Integer> histogramA = new SimpleObjectProperty<>(this, "histogramA");
    private final ObjectProperty<Integer> histogramB = new SimpleObjectProperty<>(this, "histogramB");
    private final IntegerProperty removeCount = new SimpleIntegerProperty(this, "removeCount", 0);
    private final StringProperty removalName = new SimpleStringProperty(this, "removalName", "");

    private final ObservableList<CostRow> costsView = FXCollections.unmodifiableObservableList(costs);
    private final ObservableList<RankRow> rankingView = FXCollections.unmodifiableObservableList(ranking);
    private final ObservableList<SeRanking.Step> curveView = FXCollections.unmodifiableObservableList(curve);
    private final ObservableList<Integer> rankedBlocksView = FXCollections.unmodifiableObservableList(rankedBlocks);
    private Map<Integer, List<double[]>> samples = Map.of();
    private List<SeRanking.Score> scores = List.of();
    private TaskHandle handle;
    private Project computedFor;

    SeViewModel(WorkbenchModel model, Function<NpuConfig, ToDoubleFunction<Architecture>> latencyFor, ExcitationSources sources,
                ObservableList<ArchitectureChoice> choices) {
        this.model = model;
        this.latencyFor = latencyFor;
        this.sources = sources;
        this.choices = choices;
    }

    // ---- inputs ----------------------------------------------------------------------------------------------

    public ObservableList<ArchitectureChoice> architectures() { return choices; }

    public ObjectProperty<ArchitectureChoice> architectureProperty() { return architecture; }

    /** Add SE (ratio 0.25) to every block and h-swish for ReLU first (paper §4.3.2); on by default. */
    public BooleanProperty addSeProperty() { return addSe; }

    /** Images the metric is measured on (the paper used 10,000). */
    public IntegerProperty imagesProperty() { return images; }

    public boolean select(String label) {
        return ArchitectureChoice.select(choices, label, architecture::set);
    }

    /** The architecture {@link #analyse()} works on: the choice, with SE and h-swish when asked. */
    public Architecture resolved() {
        ArchitectureChoice c = architecture.get();
        if (c == null) return null;
        return addSe.get() ? withSeAndHswish(c.architecture()) : c.architecture();
    }

    /**
     * SE and h-swish on every block (paper §4.3.2); an architecture that has them already stays as it is (and keeps
     * its name, which would otherwise say "+SE +h-swish" twice).
     */
    static Architecture withSeAndHswish(Architecture a) {
        Architecture added = SeTransforms.withSeAndHswish(a);
        return added.withName(a.name()).equals(a) ? a : added;
    }

    // ---- outputs ---------------------------------------------------------------------------------------------

    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }

    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }

    /** One line about the analysed architecture: latency, SE blocks, what SE costs in all. */
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }

    /** Why there is no ranking ({@link #NEEDS_TRAINING} and the reason), or what it was measured on. */
    public ReadOnlyStringProperty rankingMessageProperty() { return rankingMessage.getReadOnlyProperty(); }

    /** The first sentence of {@link #rankingMessageProperty()} ({@link #NEEDS_TRAINING}, or how the ranking was made). */
    public ReadOnlyStringProperty rankingHeadlineProperty() { return rankingHeadline.getReadOnlyProperty(); }

    /** The rest of {@link #rankingMessageProperty()}. */
    public ReadOnlyStringProperty rankingDetailProperty() { return rankingDetail.getReadOnlyProperty(); }

    /** True once a trained network ranked the SE blocks. */
    public ReadOnlyBooleanProperty rankedProperty() { return ranked.getReadOnlyProperty(); }

    /** Latency of the analysed architecture with every SE, ms. */
    public ReadOnlyDoubleProperty latencyProperty() { return latency.getReadOnlyProperty(); }

    /** The architecture the figures belong to (null before the first analysis). */
    public ReadOnlyObjectProperty<Architecture> analysedProperty() { return analysed.getReadOnlyProperty(); }

    /** Every SE block in network order with its latency cost. */
    public ObservableList<CostRow> costs() { return costsView; }

    /** The ranking, lowest metric first; empty without a trained network. */
    public ObservableList<RankRow> ranking() { return rankingView; }

    /** Latency after removing the SE of the 0, 1, ..., n lowest-ranked blocks. */
    public ObservableList<SeRanking.Step> removalCurve() { return curveView; }

    /** Blocks that can be shown as histograms (the ranked ones, network order). */
    public ObservableList<Integer> rankedBlocks() { return rankedBlocksView; }

    /** The two blocks whose excitations are drawn side by side (default: the lowest and the highest metric). */
    public ObjectProperty<Integer> histogramAProperty() { return histogramA; }

    public ObjectProperty<Integer> histogramBProperty() { return histogramB; }

    /** How many of the lowest-ranked blocks lose their SE on {@link #saveRemoval()}. */
    public IntegerProperty removeCountProperty() { return removeCount; }

    public StringProperty removalNameProperty() { return removalName; }

    /** Latency after removing the SE of the {@link #removeCountProperty()} lowest blocks (from the removal curve). */
    public double removalLatencyMs() {
        int k = removeCount.get();
        return k >= 0 && k < curve.size() ? curve.get(k).latencyMs() : Double.NaN;
    }

    /** Excitation histograms of an SE block for the first images; null when the block has no samples. */
    public Histogram histogram(Integer blockIndex) {
        if (blockIndex == null) return null;
        List<double[]> s = samples.get(blockIndex);
        if (s == null) return null;
        double metric = scores.stream().filter(x -> x.blockIndex() == blockIndex).mapToDouble(SeRanking.Score::metric).findFirst().orElse(Double.NaN);
        return new Histogram(blockIndex, metric, s.stream().map(SeViewModel::bins).toList());
    }

    /** Counts of {@code values} in {@link #HISTOGRAM_BINS} equal bins over [0, 1] (values outside go to the end bins). */
    static int[] bins(double[] values) {
        int[] out = new int[HISTOGRAM_BINS];
        for (double v : values) out[Math.max(0, Math.min(HISTOGRAM_BINS - 1, (int) Math.floor(v * HISTOGRAM_BINS)))]++;
        return out;
    }

    // ---- commands --------------------------------------------------------------------------------------------

    /**
     * Measures the SE latency costs of the chosen architecture, and ranks its SE blocks when {@link ExcitationSources}
     * has a trained network for it. Returns false, saying why, when nothing can be analysed.
     */
    public boolean analyse() {
        Architecture a = resolved();
        if (a == null) {
            error.set("Architecture: choose one to analyse.");
            return false;
        }
        Project project = model.getProject();
        java.nio.file.Path file = model.getProjectPath();
        // the lookup may open a training run and load its weights: it runs on the worker, and the source it opens is ours to close
        return start(a, () -> sources.find(project, file, a), true);
    }

    /**
     * Ranks with a given trained network: its architecture becomes the analysed one (block indices refer to it). The
     * caller keeps ownership of the source. Returns false, saying why, when it has no SE block or an analysis is running.
     */
    public boolean rankWith(ExcitationSource source) {
        return start(source.architecture(), () -> ExcitationSources.Lookup.found(source), false);
    }

    private boolean start(Architecture a, java.util.function.Supplier<ExcitationSources.Lookup> lookup, boolean ownsSource) {
        if (running.get()) return false;
        if (SeTransforms.seBlocks(a).isEmpty()) {
            error.set("'" + a.name() + "' has no SE block: tick \"Add SE + h-swish\" to put SE on every block first (paper §4.3.2).");
            return false;
        }
        if (model.getProject().npu() == null) {
            error.set("NPU: the project has no NPU configuration to simulate on.");
            return false;
        }
        int n = images.get();
        if (n < 1) {
            error.set("Images: the metric needs at least one image, was " + n + ".");
            return false;
        }
        error.set("");
        Project project = model.getProject();
        ToDoubleFunction<Architecture> lat = latencyFor.apply(project.npu());
        running.set(true);
        computedFor = project;
        String title = "SE analysis of " + a.name();
        model.status(title + " …");
        handle = model.executor().submit(title, p -> {
            int seBlocks = SeTransforms.seBlocks(a).size();
            AtomicInteger done = new AtomicInteger();
            int[] total = {seBlocks + 1}; // costs: 1 + n simulations; a ranking adds the curve's 1 + n
            ToDoubleFunction<Architecture> counted = x -> {
                if (p.isCancelled()) throw new CancellationException(title + " cancelled");
                double ms = lat.applyAsDouble(x);
                p.update(done.incrementAndGet(), total[0], "simulated " + done.get() + " of " + total[0] + " networks");
                return ms;
            };
            Map<Integer, Double> c = SeRanking.seLatencyCosts(a, counted);
            double full = lat.applyAsDouble(a);
            p.update(-1, "looking for a trained network");
            ExcitationSources.Lookup found = lookup.get();
            if (found.source() == null) return new Analysis(a, full, c, found.reason(), List.of(), List.of(), Map.of());
            ExcitationSource source = found.source();
            try {
                Architecture trained = source.architecture();
                if (!trained.withName("").equals(a.withName(""))) {
                    return new Analysis(a, full, c, "The trained network found is of another architecture ('" + trained.name()
                            + "'): its SE blocks are not these.", List.of(), List.of(), Map.of());
                }
                total[0] += seBlocks + 1;
                p.update(-1, "running up to " + n + " images through the trained network");
                Map<Integer, List<double[]>> kept = new HashMap<>();
                List<SeRanking.Score> r = SeRanking.rank(sampling(source, kept), n);
                List<SeRanking.Step> steps = SeRanking.removalCurve(a, r, counted);
                return new Analysis(a, full, c, null, r, steps, kept);
            } finally {
                if (ownsSource && source instanceof AutoCloseable closeable) closeable.close();
            }
        }, this::show, this::failed);
        return true;
    }

    /** The source, keeping a copy of the first {@link #SAMPLE_IMAGES} images' excitations of every block on the way. */
    private static ExcitationSource sampling(ExcitationSource source, Map<Integer, List<double[]>> kept) {
        return new ExcitationSource() {
            @Override
            public Architecture architecture() { return source.architecture(); }

            @Override
            public void collect(int maxImages, Sink sink) {
                source.collect(maxImages, (block, batch) -> {
                    List<double[]> k = kept.computeIfAbsent(block, b -> new ArrayList<>());
                    for (int i = 0; i < batch.length && k.size() < SAMPLE_IMAGES; i++) {
                        if (batch[i] != null) k.add(batch[i].clone()); // the caller may reuse the array
                    }
                    sink.accept(block, batch);
                });
            }
        };
    }

    public void cancel() {
        if (handle != null) handle.cancel();
    }

    private void show(Analysis r) {
        running.set(false);
        handle = null;
        Architecture a = r.architecture();
        analysed.set(a);
        latency.set(r.latencyMs());
        List<CostRow> rows = new ArrayList<>();
        double seTotal = 0;
        for (Map.Entry<Integer, Double> e : r.costs().entrySet()) {
            Block b = a.blocks().get(e.getKey());
            rows.add(new CostRow(e.getKey(), b.stage(), b.expandedChannels(), b.seChannels(), e.getValue(), e.getValue() / r.latencyMs()));
            seTotal += e.getValue();
        }
        costs.setAll(rows);
        summary.set(String.format(Locale.ROOT, "%s: %.4f ms with every SE · %d SE blocks · each alone costs %.4f ms in all (%.1f %%)",
                a.name(), r.latencyMs(), rows.size(), seTotal, 100 * seTotal / r.latencyMs()));
        scores = r.ranking();
        samples = Map.copyOf(r.samples());
        if (r.ranking().isEmpty()) {
            ranking.clear();
            curve.clear();
            rankedBlocks.clear();
            histogramA.set(null);
            histogramB.set(null);
            ranked.set(false);
            setRankingMessage(NEEDS_TRAINING, r.missingReason() + " The ranking by the excitation metric (paper §4.3.3) is "
                    + "the spread of each SE block's excitations over real images, which only trained weights produce; shown "
                    + "meanwhile: what each SE block costs on the simulated NPU.");
            model.status("SE latency costs of " + a.name() + " measured; no trained network to rank them");
            return;
        }
        List<RankRow> rr = new ArrayList<>();
        double full = r.curve().get(0).latencyMs();
        for (int k = 0; k < r.ranking().size(); k++) {
            SeRanking.Score s = r.ranking().get(k);
            double after = r.curve().get(k + 1).latencyMs();
            rr.add(new RankRow(k + 1, s.blockIndex(), s.stage(), s.channels(), s.images(), s.metric(),
                    r.costs().getOrDefault(s.blockIndex(), Double.NaN), full - after, after));
        }
        ranking.setAll(rr);
        curve.setAll(r.curve());
        rankedBlocks.setAll(r.ranking().stream().map(SeRanking.Score::blockIndex).sorted().toList());
        histogramA.set(r.ranking().get(0).blockIndex());
        histogramB.set(r.ranking().get(r.ranking().size() - 1).blockIndex());
        long n = r.ranking().get(0).images();
        ranked.set(true);
        setRankingMessage(String.format(Locale.ROOT, "Ranked over %,d images.", n), "Metric: the mean over channels of the "
                + "standard deviation over images of each SE's excitations (paper §4.3.3); the lowest go first.");
        removeCount.set(Math.min(Math.max(0, removeCount.get()), rr.size()));
        if (removalName.get() == null || removalName.get().isBlank()) removalName.set(a.name() + " rmSE");
        model.status("SE ranking of " + a.name() + " over " + n + " images");
    }

    private void setRankingMessage(String headline, String detail) {
        rankingHeadline.set(headline);
        rankingDetail.set(detail);
        rankingMessage.set(detail.isEmpty() ? headline : headline + " " + detail);
    }

    private void failed(Throwable t) {
        running.set(false);
        handle = null;
        if (t instanceof CancellationException) {
            model.status("SE analysis cancelled");
            return;
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        error.set("SE analysis failed: " + m);
        model.status("SE analysis failed: " + m);
    }

    /**
     * Saves the analysed architecture without the SE of the {@link #removeCountProperty()} lowest-ranked blocks
     * into the project (undoable). Returns false, saying why, without a ranking or a name.
     */
    public boolean saveRemoval() {
        Architecture a = analysed.get();
        int k = removeCount.get();
        String name = removalName.get() == null ? "" : removalName.get().strip();
        if (a == null || ranking.isEmpty()) {
            error.set("No ranking: removing SE by the metric needs a trained network.");
            return false;
        }
        if (k < 0 || k > ranking.size()) {
            error.set("Remove: choose 0 to " + ranking.size() + " SE blocks, was " + k + ".");
            return false;
        }
        if (name.isEmpty()) {
            error.set("Save as: the name must not be empty.");
            return false;
        }
        error.set("");
        List<Integer> lowest = ranking.subList(0, k).stream().map(RankRow::blockIndex).toList();
        Architecture out = SeTransforms.removeSe(a, lowest).withName(name);
        String source = String.format(Locale.ROOT, "SE removed from the %d lowest of %d blocks", k, ranking.size());
        boolean replaces = model.getProject().architectures().stream().anyMatch(x -> x.name().equals(name));
        model.edit((replaces ? "Replace" : "Save") + " '" + name + "' (" + source + ")",
                p -> p.withArchitecture(new SavedArchitecture(name, source, out, Double.NaN)));
        return true;
    }

    /** Writes the ranking (with each SE's latency cost) as CSV. */
    public boolean exportRanking(Path file) {
        if (scores.isEmpty()) {
            error.set("No ranking to export: it needs a trained network.");
            return false;
        }
        Map<Integer, Double> c = new LinkedHashMap<>();
        for (CostRow r : costs) c.put(r.blockIndex(), r.costMs());
        try {
            CsvTables.seRanking(scores, c).write(file);
        } catch (IOException | RuntimeException e) {
            error.set("Cannot write " + file + ": " + e.getMessage());
            return false;
        }
        error.set("");
        model.status("Exported the SE ranking to " + file);
        return true;
    }

    /** Called when the project changes: figures of another NPU no longer hold. */
    void projectChanged(Project p) {
        if (computedFor != null && !running.get() && !java.util.Objects.equals(p.npu(), computedFor.npu())) {
            costs.clear();
            ranking.clear();
            curve.clear();
            rankedBlocks.clear();
            scores = List.of();
            samples = Map.of();
            analysed.set(null);
            latency.set(Double.NaN);
            ranked.set(false);
            summary.set("");
            setRankingMessage("", "");
            computedFor = null;
        }
    }
}
