package org.s3nas.workbench.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.s3nas.workbench.io.ArchitectureFiles;
import org.s3nas.workbench.io.BlockString;
import org.s3nas.workbench.io.ChromeTraceWriter;
import org.s3nas.workbench.io.CsvWriter;
import org.s3nas.workbench.io.Json;
import org.s3nas.workbench.io.ProjectFileException;
import org.s3nas.workbench.io.SimulationFields;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.Limits;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.model.Problem;
import org.s3nas.workbench.model.EngineFailure;
import org.s3nas.workbench.npu.LayerResult;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.npu.Network;
import org.s3nas.workbench.npu.NpuPresets;
import org.s3nas.workbench.npu.ReferenceNetworks;
import org.s3nas.workbench.npu.SimulationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code simulate <network|architecture.json> [--block STRING --size H] [--npu npu.json] [--format table|json|csv]
 * [--trace out.json]}: runs a network (or one block as the paper profiles it) on the simulated MIDAP NPU.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Simulate a network on the MIDAP NPU: a built-in network or an architecture JSON file, "
                + "or with --block one block alone as the latency table profiles it (input already in FMEM).",
                "Built-in networks: mobilenet-v1, mobilenet-v2, mobilenet-v3-large, resnet-50, efficientnet-b0..b7, efficientnet-lite0..lite4, "
                        + "s3nas-supernet-largest, s3nas-supernet-smallest."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:simulated", "2:bad input (unknown network, unreadable or invalid file, bad block string, options)"})
final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ReportOptions report;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NETWORK",
            description = "A built-in network name, or an architecture JSON file (the Architecture record).")
    String network;

    @Option(names = "--block", paramLabel = "STRING",
            description = "Simulate a fixed block alone, e.g. r1_k3,5_s22_e2,4_i32_o32_c100_noskip (repeats run back to back).")
    String block;

    @Option(names = "--size", paramLabel = "H", description = "Input height and width of --block.")
    Integer size;

    @Option(names = "--npu", paramLabel = "FILE|PRESET", description = "NPU configuration JSON (an NpuConfig), or a preset: "
            + "midap (the paper's default, used when none is given) or midap-enlarged-b2 (32 KiB of weight memory per CIM, "
            + "for EfficientNet-B2 as in the paper's §5.1).")
    String npuFile;

    @Option(names = "--trace", paramLabel = "FILE", description = "Also write the timeline as Chrome Trace Event JSON (opens in Perfetto).")
    Path trace;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            NpuConfig npu = npuFile == null ? NpuConfig.midap() : NpuPresets.byName(npuFile).orElse(null);
            if (npu == null) npu = readNpu(Path.of(npuFile));
            MidapSimulator sim = new MidapSimulator(npu);
            SimulationResult result;
            if (block != null) {
                if (network != null) throw new BadInput("give either a network or --block, not both");
                if (size == null) throw new BadInput("--block needs --size H (the block's input height and width)");
                if (size < 1) throw new BadInput("--size must be at least 1, was " + size);
                if (size > Limits.MAX_INPUT_SIZE) throw new BadInput("--size must be at most " + Limits.MAX_INPUT_SIZE + ", was " + size);
                List<Block> blocks = BlockString.parseBlocks(block, 0);
                result = sim.simulateBlocks(blocks, size, size);
                result = rename(result, block);
            } else {
                if (network == null) throw new BadInput("name a network (" + String.join(", ", ReferenceNetworks.names())
                        + ") or an architecture JSON file, or give --block");
                if (size != null) throw new BadInput("--size applies to --block only");
                result = sim.simulate(load(network, npu));
            }
            report.emit(switch (report.format) {
                case table -> table(result, npu);
                case json -> json(result);
                case csv -> csv(result);
            }, spec.commandLine().getOut());
            if (trace != null) new ChromeTraceWriter(npu.clockGHz()).write(result, trace);
            return 0;
        } catch (BadInput e) {
            err.println("simulate: " + e.getMessage());
            err.flush();
            return 2;
        } catch (IOException | IllegalArgumentException | IllegalStateException | ArithmeticException e) {
            err.println("simulate: " + (block != null ? "block " + block + " at " + size + "x" + size + ": "
                    : network != null ? network + ": " : "") + EngineFailure.describe(e));
            err.flush();
            return 2;
        }
    }

    static final class BadInput extends Exception {
        BadInput(String m) { super(m); }
    }

    /** A built-in network, or an architecture file. */
    static Network load(String name, NpuConfig npu) throws BadInput {
        if (ReferenceNetworks.contains(name)) return ReferenceNetworks.byName(name, npu);
        Path file = Path.of(name);
        if (!Files.exists(file)) {
            throw new BadInput("'" + name + "' is neither a built-in network (" + String.join(", ", ReferenceNetworks.names())
                    + ") nor an existing file");
        }
        try {
            return org.s3nas.workbench.npu.Lowering.lower(ArchitectureFiles.readArchitecture(file), npu);
        } catch (ProjectFileException e) {
            throw new BadInput(problems(e));
        }
    }

    static NpuConfig readNpu(Path file) throws BadInput {
        try {
            return ArchitectureFiles.readNpu(file);
        } catch (ProjectFileException e) {
            throw new BadInput(problems(e));
        }
    }

    /** The file, then one indented line per problem. */
    private static String problems(ProjectFileException e) {
        StringBuilder b = new StringBuilder(e.getMessage().lines().findFirst().orElse(""));
        for (Problem p : e.problems()) b.append("\n  ").append(p.path()).append(": ").append(p.message());
        return b.toString();
    }

    private static SimulationResult rename(SimulationResult r, String name) {
        return new SimulationResult(name, r.totalCycles(), r.latencyMs(), r.stallCycles(), r.macs(), r.dramBytesRead(),
                r.dramBytesWritten(), r.macUtilisation(), r.layers(), r.timeline());
    }

    static String table(SimulationResult r, NpuConfig npu) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s on MIDAP %dx%d MACs, %d x %d KiB FMEM, %d x %d KiB WMEM, %s%n", r.network(),
                npu.cims(), npu.lanes(), npu.fmemBanks(), npu.fmemBankBytes() / 1024, npu.cims(), npu.wmemBankBytes() / 1024,
                npu.bankPolicy()));
        b.append(String.format(Locale.ROOT, "%-4s %-10s %-9s %5s %5s %-10s %10s %9s %8s %8s %6s %12s %10s %6s %s%n", "#", "layer",
                "kind", "stage", "block", "role", "cycles", "stall", "feature", "weight", "bias", "MACs", "DRAM B", "util", "plan"));
        int tiled = 0, grouped = 0;
        for (LayerResult l : r.layers()) {
            if (l.tiled()) tiled++;
            if (l.channelGroups() > 1) grouped++;
            b.append(String.format(Locale.ROOT, "%-4d %-10s %-9s %5s %5s %-10s %10d %9d %8d %8d %6d %12d %10d %6.3f %s%n",
                    l.index(), l.name(), l.kind().name().toLowerCase(Locale.ROOT), l.stage() < 0 ? "-" : Integer.toString(l.stage()),
                    l.block() < 0 ? "-" : Integer.toString(l.block()), l.role(), l.cycles(), l.stallCycles(), l.featureStall(),
                    l.weightStall(), l.biasStall(), l.macs(), l.dramBytes(), l.macUtilisation(), plan(l)));
        }
        if (tiled > 0) {
            b.append(String.format(Locale.ROOT, "%d layer%s tiled: the FMEM banks could not hold %s plan, so %s ran in pieces "
                    + "from DRAM (row stripes swept in column groups, output written to DRAM)%n", tiled, tiled == 1 ? "" : "s",
                    tiled == 1 ? "its" : "their", tiled == 1 ? "it" : "they"));
        }
        if (grouped > 0) {
            b.append(String.format(Locale.ROOT, "%d layer%s split into output-channel groups: %s output channels or %s global "
                    + "pool outgrew the bias memory or the reduction buffer, so each group ran as a layer of its own from DRAM "
                    + "(input swept again, own bias, output written to DRAM)%n", grouped, grouped == 1 ? "" : "s",
                    grouped == 1 ? "its" : "their", grouped == 1 ? "its" : "their"));
        }
        b.append(String.format(Locale.ROOT, "total: %,d cycles = %.4f ms, stalls %,d (%.1f %%), %,d MACs, MAC utilisation %.3f, "
                        + "DRAM read %,d B, written %,d B%n", r.totalCycles(), r.latencyMs(), r.stallCycles(),
                r.totalCycles() == 0 ? 0.0 : 100.0 * r.stallCycles() / r.totalCycles(), r.macs(), r.macUtilisation(),
                r.dramBytesRead(), r.dramBytesWritten()));
        return b.toString();
    }

    /** The plan column: "banks", "tiled", or "2 groups" for a layer split into output-channel groups. */
    private static String plan(LayerResult l) {
        if (l.channelGroups() > 1) return l.channelGroups() + " groups";
        return l.tiled() ? "tiled" : "banks";
    }

    static String json(SimulationResult r) throws IOException {
        ObjectNode root = SimulationFields.summary(r);
        root.put("dramBytesRead", r.dramBytesRead());
        root.put("dramBytesWritten", r.dramBytesWritten());
        root.put("macUtilisation", r.macUtilisation());
        ArrayNode layers = root.putArray("layers");
        for (LayerResult l : r.layers()) {
            ObjectNode o = layers.addObject();
            o.put("index", l.index());
            o.put("name", l.name());
            o.put("kind", l.kind().name());
            o.put("stage", l.stage());
            o.put("block", l.block());
            o.put("role", l.role());
            o.put("startCycle", l.startCycle());
            SimulationFields.putCosts(o, l);
            o.put("tiled", l.tiled());
            o.put("channelGroups", l.channelGroups());
        }
        return Json.prettyWriter().writeValueAsString(root) + "\n";
    }

    static String csv(SimulationResult r) {
        CsvWriter w = new CsvWriter("index", "name", "kind", "stage", "block", "role", "start_cycle", "cycles", "stall_cycles",
                "feature_stall", "weight_stall", "bias_stall", "macs", "dram_bytes", "mac_utilisation", "tiled", "channel_groups");
        for (LayerResult l : r.layers()) {
            w.row(l.index(), l.name(), l.kind().name(), l.stage(), l.block(), l.role(), l.startCycle(), l.cycles(),
                    l.stallCycles(), l.featureStall(), l.weightStall(), l.biasStall(), l.macs(), l.dramBytes(), l.macUtilisation(),
                    l.tiled(), l.channelGroups());
        }
        return w.toCsv();
    }
}
