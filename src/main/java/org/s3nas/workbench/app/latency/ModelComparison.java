package org.s3nas.workbench.app.latency;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.ModelCost;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.SavedArchitecture;
import org.s3nas.workbench.model.Validator;
import org.s3nas.workbench.npu.Lowering;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.npu.Network;
import org.s3nas.workbench.npu.ReferenceNetworks;

/**
 * The compare-models table (paper Table 6): the built-in reference networks, the project's saved architectures and
 * the supernet's largest and smallest members, each simulated whole on the project's NPU, with parameters and MACs
 * ({@link ModelCost}) and the accuracy where one is known.
 */
public final class ModelComparison {
    private ModelComparison() {}

    /** Where a compared model comes from. */
    public enum Origin {
        REFERENCE("reference"), SAVED("saved"), SUPERNET("supernet");

        private final String title;

        Origin(String title) { this.title = title; }

        @Override
        public String toString() { return title; }
    }

    /**
     * One compared model.
     *
     * @param latencyMs      whole-network MIDAP simulation on the project's NPU (NaN when it could not be simulated)
     * @param accuracy       ImageNet top-1 (0..1) for reference networks (published), the measured accuracy of a saved
     *                       architecture, NaN when unknown
     * @param accuracyNote   "published", "measured" or "—"; {@code accuracySource} says where a published figure is from
     * @param paperLatencyMs the MIDAP latency S3NAS Table 6 reports for it, NaN where it reports none
     * @param problem        why the model could not be simulated, or null
     */
    public record Row(String name, Origin origin, double latencyMs, long parameters, long macs, double accuracy,
                      String accuracyNote, String accuracySource, double paperLatencyMs, String problem) {}

    /** Reference network names in the order of the table (the supernet's own members come from the project). */
    public static List<String> referenceNames() {
        return ReferenceNetworks.names().stream().filter(n -> !n.startsWith("s3nas-")).toList();
    }

    /** Simulates every model; {@code progress} gets (done, total, name). */
    public static List<Row> compute(Project project, Progress progress, BooleanSupplier cancelled) {
        NpuConfig npu = project.npu();
        MidapSimulator sim = new MidapSimulator(npu);
        List<String> refs = referenceNames();
        List<SavedArchitecture> saved = project.architectures();
        boolean supernetValid = !Validator.hasErrors(Validator.validateSupernet(project.supernet(), "supernet"));
        int total = refs.size() + saved.size() + (supernetValid ? 2 : 0);
        int done = 0;
        List<Row> rows = new ArrayList<>(total);
        for (String name : refs) {
            check(cancelled);
            progress.update(done, total, name);
            Network net = ReferenceNetworks.byName(name, npu);
            ModelCost.Totals cost = ReferenceNetworks.architecture(name).map(ModelCost::totals).orElseGet(() -> NetworkCost.of(net));
            double ms = npu.cyclesToMs(sim.cycles(net));
            var acc = PublishedResults.accuracy(name);
            rows.add(new Row(name, Origin.REFERENCE, ms, cost.parameters(), cost.macs(),
                    acc.map(PublishedResults.Accuracy::top1).orElse(Double.NaN), acc.isPresent() ? "published" : "—",
                    acc.map(PublishedResults.Accuracy::source).orElse(""), PublishedResults.paperLatencyMs(name), null));
            done++;
        }
        for (SavedArchitecture a : saved) {
            check(cancelled);
            progress.update(done, total, a.name());
            rows.add(row(a.name(), Origin.SAVED, a.architecture(), a.accuracy(), sim, npu));
            done++;
        }
        if (supernetValid) {
            check(cancelled);
            progress.update(done, total, "largest");
            rows.add(row("supernet largest", Origin.SUPERNET, project.supernet().largest(), Double.NaN, sim, npu));
            progress.update(++done, total, "smallest");
            rows.add(row("supernet smallest", Origin.SUPERNET, project.supernet().smallest(), Double.NaN, sim, npu));
            done++;
        }
        progress.update(done, total, null);
        return rows;
    }

    private static Row row(String name, Origin origin, Architecture a, double accuracy, MidapSimulator sim, NpuConfig npu) {
        String note = Double.isNaN(accuracy) ? "—" : "measured";
        try {
            ModelCost.Totals cost = ModelCost.totals(a);
            double ms = npu.cyclesToMs(sim.cycles(Lowering.lower(a, npu)));
            return new Row(name, origin, ms, cost.parameters(), cost.macs(), accuracy, note, "", Double.NaN, null);
        } catch (RuntimeException e) {
            // a saved architecture the simulator refuses is listed with the reason instead of failing the whole table
            return new Row(name, origin, Double.NaN, 0, 0, accuracy, note, "", Double.NaN,
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static void check(BooleanSupplier cancelled) {
        if (cancelled != null && cancelled.getAsBoolean()) throw new CancellationException("comparison cancelled");
    }

    /** Progress of {@link #compute}: models done of total, and the one being simulated. */
    @FunctionalInterface
    public interface Progress {
        void update(int done, int total, String current);
    }
}
