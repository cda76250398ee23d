package org.s3nas.workbench.cli;

import org.s3nas.workbench.workspace.Workspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.s3nas.workbench.io.CsvTables;
import org.s3nas.workbench.io.CsvWriter;
import org.s3nas.workbench.io.Json;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.post.ExcitationSource;
import org.s3nas.workbench.post.SeRanking;
import org.s3nas.workbench.post.SeTransforms;
import org.s3nas.workbench.train.TrainedNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code se-rank <project> --architecture NAME}: selective SE removal (paper §4.3.3). Ranks the SE blocks by the mean
 * over channels of the standard deviation of their excitations over images, and shows what removing the k lowest
 * saves on the simulated NPU. The metric needs a trained network; without one the command says so and shows only
 * what each SE block costs in latency (by simulation, no trained weights needed).
 */
@Command(name = "se-rank", mixinStandardHelpOptions = true,
        description = {"Rank the SE blocks of an architecture for selective removal (paper 4.3.3): metric = mean over channels of the "
                + "population standard deviation over images of the SE excitation; the lowest go first. Shows the latency saved by "
                + "removing the k lowest (simulated). Needs a trained network for the metric."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ranking done", "2:bad input (project, architecture, options)",
                "4:no trained network for this architecture: only the SE latency costs were reported",
                "5:the simulator failed (message on stderr)"})
final class SeRankCommand extends ProjectCommand {
    /** Why there is no excitation source, or the source. */
    record SourceOrReason(ExcitationSource source, String reason) {
        static SourceOrReason of(ExcitationSource s) { return new SourceOrReason(s, null); }

        static SourceOrReason none(String reason) { return new SourceOrReason(null, reason); }
    }

    @Mixin
    ArchitectureOptions architecture;

    @Mixin
    ReportOptions report;

    @Mixin
    SeOptions se;

    @Option(names = "--images", defaultValue = "10000", description = "Images to measure the excitations on (default: ${DEFAULT-VALUE}, as the paper).")
    int images;

    @Option(names = "--remove", defaultValue = "-1", paramLabel = "K",
            description = "Remove the SE of the K lowest-ranked blocks and report the latency saved (default: show the whole removal curve).")
    int remove;

    private final Function<NpuConfig, ToDoubleFunction<Architecture>> latencyFor;
    private final BiFunction<Project, Architecture, SourceOrReason> sourceFor;

    /**
     * Latency by the project's simulated MIDAP; excitations from the trained network in the architecture's training
     * run folder, {@code <project folder>/runs/train-<architecture>/} (written by {@code train}).
     */
    SeRankCommand() {
        this.latencyFor = npu -> new MidapSimulator(npu)::latencyMs;
        this.sourceFor = (p, a) -> trainedSource(project, a);
    }

    /** The trained network of {@code a} in its training run folder, or why there is none (the workbench finds it the same way). */
    static SourceOrReason trainedSource(Path projectFile, Architecture a) {
        Workspace.Trained t = Workspace.of(projectFile).trained(a, 64);
        return t.network() != null ? SourceOrReason.of(t.network()) : SourceOrReason.none(t.reason());
    }

    SeRankCommand(Function<NpuConfig, ToDoubleFunction<Architecture>> latencyFor,
                  BiFunction<Project, Architecture, SourceOrReason> sourceFor) {
        this.latencyFor = latencyFor;
        this.sourceFor = sourceFor;
    }

    @Override
    int run(Project p, PrintWriter o, PrintWriter err) throws IOException {
        Architecture a;
        try {
            a = architecture.resolve(p);
            a = se.applyTo(a);
            if (SeTransforms.seBlocks(a).isEmpty()) {
                throw new IllegalArgumentException("architecture '" + a.name() + "' has no SE block to rank; add SE to every block with --with-se (paper 4.3.2)");
            }
            if (images < 1) throw new IllegalArgumentException("--images must be at least 1, was " + images);
            if (remove > SeTransforms.seBlocks(a).size()) {
                throw new IllegalArgumentException("--remove " + remove + ": the architecture has only " + SeTransforms.seBlocks(a).size() + " SE blocks");
            }
        } catch (IllegalArgumentException e) {
            return fail(err, 2, e.getMessage());
        }
        ToDoubleFunction<Architecture> latency = latencyFor.apply(p.npu());
        Map<Integer, Double> costs;
        try {
            costs = SeRanking.seLatencyCosts(a, latency);
        } catch (IllegalStateException e) {
            return fail(err, 5, "the NPU simulation of '" + a.name() + "' failed: " + e.getMessage());
        }
        SourceOrReason src = sourceFor.apply(p, a);
        if (src.source() == null) {
            err.println("se-rank needs a trained network: the metric is the spread of each SE block's excitations over real images "
                    + "(paper 4.3.3), which only trained weights produce. " + src.reason());
            err.println("Reported instead: what each SE block costs on the simulated NPU (latency with it minus without it).");
            err.flush();
            report.emit(costsOnly(a, costs, latency.applyAsDouble(a)), o);
            return 4;
        }
        List<SeRanking.Score> ranking;
        try {
            ranking = SeRanking.rank(src.source(), images);
        } finally {
            if (src.source() instanceof TrainedNetwork t) t.close();
        }
        String text;
        if (remove >= 0) {
            SeRanking.Removal rm = SeRanking.removeLowest(a, ranking, remove, latency);
            text = switch (report.format) {
                case table -> rankingTable(a, ranking, costs) + String.format(Locale.ROOT,
                        "%nSE removed from blocks %s: %.4f ms -> %.4f ms (saved %.4f ms, %.2f %%), parameters %,d -> %,d%n",
                        rm.removedBlocks(), rm.latencyBeforeMs(), rm.latencyAfterMs(), rm.savedMs(), 100 * rm.savedMs() / rm.latencyBeforeMs(),
                        rm.parametersBefore(), rm.parametersAfter());
                case csv -> CsvTables.seRanking(ranking, costs).toCsv();
                case json -> json(a, ranking, costs, null, rm);
            };
        } else {
            List<SeRanking.Step> curve = SeRanking.removalCurve(a, ranking, latency);
            text = switch (report.format) {
                case table -> rankingTable(a, ranking, costs) + "\n" + curveTable(curve);
                case csv -> CsvTables.seRanking(ranking, costs).toCsv();
                case json -> json(a, ranking, costs, curve, null);
            };
        }
        report.emit(text, o);
        return 0;
    }

    private String costsOnly(Architecture a, Map<Integer, Double> costs, double full) throws IOException {
        return switch (report.format) {
            case table -> {
                StringWriter sw = new StringWriter();
                PrintWriter w = new PrintWriter(sw);
                w.printf(Locale.ROOT, "SE latency costs of '%s' (%.4f ms with every SE)%n", a.name(), full);
                w.printf(Locale.ROOT, "%6s %6s %9s %12s%n", "block", "stage", "channels", "SE cost ms");
                costs.forEach((i, ms) -> w.printf(Locale.ROOT, "%6d %6d %9d %12.5f%n", i, a.blocks().get(i).stage(),
                        a.blocks().get(i).expandedChannels(), ms));
                w.flush();
                yield sw.toString();
            }
            case csv -> {
                CsvWriter c = new CsvWriter("block", "stage", "channels", "se_latency_ms");
                costs.forEach((i, ms) -> c.row(i, a.blocks().get(i).stage(), a.blocks().get(i).expandedChannels(), ms));
                yield c.toCsv();
            }
            case json -> {
                ObjectNode root = Json.mapper().createObjectNode();
                root.put("format", 1);
                root.put("architecture", a.name());
                root.putNull("ranking");
                root.put("latencyMs", full);
                ArrayNode arr = root.putArray("seCosts");
                costs.forEach((i, ms) -> arr.addObject().put("block", i).put("stage", a.blocks().get(i).stage())
                        .put("channels", a.blocks().get(i).expandedChannels()).put("seLatencyMs", ms));
                yield Json.prettyWriter().writeValueAsString(root) + "\n";
            }
        };
    }

    private static String rankingTable(Architecture a, List<SeRanking.Score> ranking, Map<Integer, Double> costs) {
        StringWriter sw = new StringWriter();
        PrintWriter w = new PrintWriter(sw);
        w.printf(Locale.ROOT, "SE ranking of '%s' over %d images (metric: mean over channels of the population std over images)%n",
                a.name(), ranking.isEmpty() ? 0 : ranking.get(0).images());
        w.printf(Locale.ROOT, "%5s %6s %6s %9s %10s %12s%n", "rank", "block", "stage", "channels", "metric", "SE cost ms");
        int k = 1;
        for (SeRanking.Score s : ranking) {
            w.printf(Locale.ROOT, "%5d %6d %6d %9d %10.5f %12.5f%n", k++, s.blockIndex(), s.stage(), s.channels(), s.metric(),
                    costs.getOrDefault(s.blockIndex(), Double.NaN));
        }
        w.flush();
        return sw.toString();
    }

    private static String curveTable(List<SeRanking.Step> curve) {
        StringWriter sw = new StringWriter();
        PrintWriter w = new PrintWriter(sw);
        w.println("Removal curve (SE removed from the k lowest-ranked blocks)");
        w.printf(Locale.ROOT, "%5s %6s %11s %10s %12s%n", "k", "block", "latency ms", "saved ms", "parameters");
        double full = curve.get(0).latencyMs();
        for (SeRanking.Step s : curve) {
            w.printf(Locale.ROOT, "%5d %6s %11.4f %10.4f %,12d%n", s.removed(), s.lastBlock() < 0 ? "-" : String.valueOf(s.lastBlock()),
                    s.latencyMs(), full - s.latencyMs(), s.parameters());
        }
        w.flush();
        return sw.toString();
    }

    private static String json(Architecture a, List<SeRanking.Score> ranking, Map<Integer, Double> costs, List<SeRanking.Step> curve,
                               SeRanking.Removal rm) throws IOException {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("format", 1);
        root.put("architecture", a.name());
        root.put("metric", "mean over channels of the population standard deviation over images");
        ArrayNode r = root.putArray("ranking");
        for (SeRanking.Score s : ranking) {
            ObjectNode n = r.addObject();
            n.put("block", s.blockIndex()).put("stage", s.stage()).put("channels", s.channels()).put("images", s.images())
                    .put("metric", s.metric());
            Double c = costs.get(s.blockIndex());
            if (c != null) n.put("seLatencyMs", c);
        }
        if (curve != null) {
            ArrayNode c = root.putArray("removalCurve");
            for (SeRanking.Step s : curve) {
                c.addObject().put("removed", s.removed()).put("lastBlock", s.lastBlock()).put("latencyMs", s.latencyMs())
                        .put("parameters", s.parameters());
            }
        }
        if (rm != null) {
            ObjectNode n = root.putObject("removal");
            ArrayNode b = n.putArray("blocks");
            rm.removedBlocks().forEach(b::add);
            n.put("latencyBeforeMs", rm.latencyBeforeMs()).put("latencyAfterMs", rm.latencyAfterMs()).put("savedMs", rm.savedMs())
                    .put("parametersBefore", rm.parametersBefore()).put("parametersAfter", rm.parametersAfter());
            n.set("network", Json.mapper().valueToTree(rm.architecture()));
        }
        return Json.prettyWriter().writeValueAsString(root) + "\n";
    }
}
