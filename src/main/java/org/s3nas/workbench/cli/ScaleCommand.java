package org.s3nas.workbench.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.s3nas.workbench.io.CsvTables;
import org.s3nas.workbench.io.Json;
import org.s3nas.workbench.io.ProjectFiles;
import org.s3nas.workbench.io.PyTorchExporter;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.SavedArchitecture;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.post.CompoundScaling;
import org.s3nas.workbench.post.SeTransforms;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code scale <project> --architecture NAME --target-ms T}: compound scaling (paper §4.3.1) of a saved architecture
 * to a final latency target, every candidate checked on the simulated NPU of the project.
 */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = {"Compound-scale an architecture to a final latency target (paper 4.3.1): one coefficient for depth and width "
                + "(c = alpha^phi), a stronger one for the input resolution (gamma^phi), channels in multiples of 16, extra blocks "
                + "copied from each stage's largest blocks. Every candidate is simulated on the project's NPU; the largest one that "
                + "meets the target is chosen."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:a candidate meets the target (the note says if it is not within the tolerance, and why)",
                "2:bad input (project file, architecture name, options)", "3:no candidate meets the target",
                "5:the simulator failed on a candidate (message on stderr)"})
final class ScaleCommand extends ProjectCommand {
    @Mixin
    ArchitectureOptions architecture;

    @Mixin
    ReportOptions report;

    @Option(names = "--target-ms", required = true, paramLabel = "T", description = "Final latency target in ms.")
    double targetMs;

    @Option(names = "--alpha", defaultValue = "1.1", description = "Depth/width base: c = alpha^phi (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--gamma", defaultValue = "1.2", description = "Resolution base, > alpha: r = gamma^phi (default: ${DEFAULT-VALUE}).")
    double gamma;

    @Option(names = "--resolution-multiple", defaultValue = "1", paramLabel = "M",
            description = "Round the input size to multiples of M (default: ${DEFAULT-VALUE}).")
    int resolutionMultiple;

    @Option(names = "--with-se", description = "Add SE (ratio 0.25) and h-swish (paper 4.3.2) before scaling, as the paper scales ours-M+.")
    boolean withSe;

    @Option(names = "--pytorch", paramLabel = "FILE", description = "Also write the chosen network as a PyTorch module (.py).")
    Path pytorch;

    @Option(names = "--save", paramLabel = "NAME", description = "Also add the chosen network to the project under this name and save the project.")
    String saveAs;

    private final Function<NpuConfig, ToDoubleFunction<Architecture>> latencyFor;

    /** Every candidate simulated on the project's MIDAP configuration. */
    ScaleCommand() {
        this(npu -> new MidapSimulator(npu)::latencyMs);
    }

    /** With a latency function per NPU configuration (the simulator in the application, anything in tests). */
    ScaleCommand(Function<NpuConfig, ToDoubleFunction<Architecture>> latencyFor) {
        this.latencyFor = latencyFor;
    }

    @Override
    int run(Project p, PrintWriter o, PrintWriter err) throws IOException {
        Architecture base;
        CompoundScaling scaling;
        try {
            base = architecture.resolve(p);
            if (withSe) base = SeTransforms.withSeAndHswish(base);
            scaling = new CompoundScaling(CompoundScaling.Options.defaults().withBases(alpha, gamma)
                    .withResolutionMultiple(resolutionMultiple));
            if (!(targetMs > 0)) throw new IllegalArgumentException("--target-ms must be positive, was " + targetMs);
        } catch (IllegalArgumentException e) {
            return fail(err, 2, e.getMessage());
        }
        CompoundScaling.Result r;
        try {
            r = scaling.search(base, targetMs, latencyFor.apply(p.npu()));
        } catch (IllegalStateException e) {
            return fail(err, 5, "the NPU simulation of a candidate failed: " + e.getMessage());
        }
        report.emit(switch (report.format) {
            case table -> table(p, r);
            case json -> json(p, r);
            case csv -> CsvTables.scalingCandidates(r).toCsv();
        }, o);
        if (!r.hasChoice()) return fail(err, 3, r.note());
        Architecture chosen = saveAs == null ? r.chosen().architecture() : r.chosen().architecture().withName(saveAs);
        if (pytorch != null) PyTorchExporter.write(chosen, 0.4, pytorch); // paper §5.3: dropout 0.4 for the scaled networks
        if (saveAs != null) {
            ProjectFiles.save(p.withArchitecture(new SavedArchitecture(saveAs, "scaled", chosen, Double.NaN)), project);
            err.println("saved '" + saveAs + "' in " + project);
            err.flush();
        }
        return 0;
    }

    static String table(Project p, CompoundScaling.Result r) {
        StringWriter sw = new StringWriter();
        PrintWriter w = new PrintWriter(sw);
        CompoundScaling.Options o = r.options();
        w.printf(Locale.ROOT, "Compound scaling of '%s' (project '%s') to %.4f ms on the simulated NPU%n", r.base().name(), p.name(), r.targetMs());
        w.printf(Locale.ROOT, "depth = width = %.3g^phi, resolution = %.3g^phi, channels in multiples of %d%n%n", o.alpha(), o.gamma(), o.channelMultiple());
        w.printf(Locale.ROOT, "  %-15s %7s %6s %6s %9s %6s %-22s %11s %8s %12s %14s %s%n", "origin", "phi", "c", "r", "input", "blocks",
                "stage depths", "latency ms", "% target", "parameters", "MACs", "meets");
        for (CompoundScaling.Candidate c : r.candidates()) {
            w.printf(Locale.ROOT, "%s %-15s %7.3f %6.3f %6.3f %9s %6d %-22s %11.4f %8.2f %,12d %,14d %s%n", c == r.chosen() ? "*" : " ",
                    c.origin().name().toLowerCase(Locale.ROOT).replace('_', '-'), c.phi(), c.depthWidthCoefficient(), c.resolutionCoefficient(),
                    c.resolution() + "x" + c.architecture().input().width(), c.architecture().blocks().size(), c.stageDepths().toString(),
                    c.latencyMs(), 100 * c.latencyMs() / r.targetMs(), c.parameters(), c.macs(), c.meetsTarget() ? "yes" : "no");
        }
        w.println();
        if (r.hasChoice()) {
            w.printf("* chosen: stage widths %s, stem %d, head %d%n", r.chosen().stageWidths(), r.chosen().architecture().stem().channels(),
                    r.chosen().architecture().head().featureChannels());
        }
        w.println(r.note());
        w.flush();
        return sw.toString();
    }

    static String json(Project p, CompoundScaling.Result r) throws IOException {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("format", 1);
        root.put("project", p.name());
        root.put("architecture", r.base().name());
        root.put("targetMs", r.targetMs());
        root.put("alpha", r.options().alpha());
        root.put("gamma", r.options().gamma());
        root.put("channelMultiple", r.options().channelMultiple());
        root.put("withinTolerance", r.withinTolerance());
        root.put("tolerance", r.options().tolerance());
        root.put("note", r.note());
        if (r.hasChoice()) {
            ObjectNode chosen = candidate(r.chosen());
            chosen.set("network", Json.mapper().valueToTree(r.chosen().architecture()));
            root.set("chosen", chosen);
        } else {
            root.putNull("chosen");
        }
        ArrayNode all = root.putArray("candidates");
        for (CompoundScaling.Candidate c : r.candidates()) all.add(candidate(c));
        return Json.prettyWriter().writeValueAsString(root) + "\n";
    }

    private static ObjectNode candidate(CompoundScaling.Candidate c) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("origin", c.origin().name().toLowerCase(Locale.ROOT));
        n.put("phi", c.phi());
        n.put("depthWidthCoefficient", c.depthWidthCoefficient());
        n.put("resolutionCoefficient", c.resolutionCoefficient());
        n.put("inputHeight", c.resolution());
        n.put("inputWidth", c.architecture().input().width());
        n.put("blocks", c.architecture().blocks().size());
        ArrayNode d = n.putArray("stageDepths");
        c.stageDepths().forEach(d::add);
        ArrayNode w = n.putArray("stageWidths");
        c.stageWidths().forEach(w::add);
        n.put("latencyMs", c.latencyMs());
        n.put("parameters", c.parameters());
        n.put("macs", c.macs());
        n.put("meetsTarget", c.meetsTarget());
        return n;
    }
}
