package org.s3nas.workbench.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * Checks a project and returns every problem at once, each with the JSON path of the field
 * ({@code supernet.stages[2].depth: must be at least 1, was 0}). Impossible shapes are caught as well as bad
 * values. The latency check needs a simulator, which the model does not know: the caller passes one.
 */
public final class Validator {
    private final List<Problem> problems = new ArrayList<>();

    private Validator() {}

    /** Validates without the latency check. */
    public static List<Problem> validate(Project project) {
        return validate(project, null);
    }

    /**
     * Validates a project; when {@code latencyMs} is given and the supernet is otherwise valid, warns if the
     * target latency is below the smallest architecture's latency.
     */
    public static List<Problem> validate(Project project, ToDoubleFunction<Architecture> latencyMs) {
        return check(v -> v.project(project, latencyMs));
    }

    public static List<Problem> validateSupernet(Supernet s, String path) {
        return check(v -> v.supernet(s, path));
    }

    public static List<Problem> validateNpu(NpuConfig n, String path) {
        return check(v -> v.npu(n, path));
    }

    public static List<Problem> validateArchitecture(Architecture a, String path) {
        return check(v -> v.architecture(a, path));
    }

    /** The problems one fresh validator finds doing {@code checks}. */
    private static List<Problem> check(Consumer<Validator> checks) {
        Validator v = new Validator();
        checks.accept(v);
        return v.result();
    }

    public static boolean hasErrors(List<Problem> problems) {
        return problems.stream().anyMatch(Problem::isError);
    }

    /** More problems than this are counted, not listed: a file with a huge list must not print a huge report. */
    static final int MAX_PROBLEMS = 100;
    private int dropped;

    private void error(String path, String message) { add(Problem.error(path, message)); }

    private void add(Problem p) {
        if (problems.size() < MAX_PROBLEMS) problems.add(p);
        else dropped++;
    }

    private List<Problem> result() {
        List<Problem> out = new ArrayList<>(problems);
        if (dropped > 0) {
            out.add(Problem.error(out.get(out.size() - 1).path(), "and " + dropped + " more problems like those above (not listed)"));
        }
        return List.copyOf(out);
    }

    private boolean atLeast(String path, double value, double min) {
        if (!(value >= min)) {
            error(path, "must be at least " + fmt(min) + ", was " + fmt(value));
            return false;
        }
        return true;
    }

    /** A value in [min, max]; the message names the limit that was broken. */
    private boolean between(String path, double value, double min, double max) {
        if (!atLeast(path, value, min)) return false;
        if (value > max) {
            error(path, "must be at most " + fmt(max) + ", was " + fmt(value));
            return false;
        }
        return true;
    }

    /** A text field: at most {@link Limits#MAX_TEXT} characters, no control characters. */
    private boolean text(String path, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) error(path, "must not be empty");
            return !required;
        }
        if (value.length() > Limits.MAX_TEXT) {
            error(path, "must be at most " + Limits.MAX_TEXT + " characters, has " + value.length());
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (Character.isISOControl(ch) && !(path.endsWith("description") && (ch == '\n' || ch == '\t'))) {
                error(path, "must not contain control characters (found U+" + String.format("%04X", (int) ch)
                        + " at character " + (i + 1) + ")");
                return false;
            }
        }
        return true;
    }

    /** A list of at most {@code max} entries. */
    private boolean listSize(String path, List<?> list, int max, String what) {
        if (list.size() > max) {
            error(path, "has " + list.size() + " " + what + ", at most " + max + " are allowed");
            return false;
        }
        return true;
    }

    private boolean notNull(String path, Object o) {
        if (o == null) {
            error(path, "is missing");
            return false;
        }
        return true;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private void project(Project p, ToDoubleFunction<Architecture> latencyMs) {
        text("name", p.name(), true);
        text("description", p.description(), false);
        boolean supernetOk = notNull("supernet", p.supernet());
        if (supernetOk) {
            int before = problems.size() + dropped;
            supernet(p.supernet(), "supernet");
            supernetOk = problems.size() + dropped == before;
        }
        boolean npuOk = notNull("npu", p.npu());
        if (npuOk) {
            int before = problems.size() + dropped;
            npu(p.npu(), "npu");
            npuOk = problems.size() + dropped == before;
        }
        if (notNull("search", p.search())) search(p.search(), "search");
        if (listSize("architectures", p.architectures(), Limits.MAX_ENTRIES, "entries")) {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < p.architectures().size(); i++) {
                SavedArchitecture a = p.architectures().get(i);
                String path = "architectures[" + i + "]";
                if (a == null) { error(path, "is missing"); continue; }
                if (text(path + ".name", a.name(), true) && !names.add(a.name())) {
                    error(path + ".name", "duplicate architecture name '" + a.name() + "'");
                }
                text(path + ".source", a.source(), false);
                if (notNull(path + ".architecture", a.architecture())) architecture(a.architecture(), path + ".architecture");
            }
        }
        if (listSize("runs", p.runs(), Limits.MAX_ENTRIES, "entries")) {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < p.runs().size(); i++) {
                RunRecord r = p.runs().get(i);
                String path = "runs[" + i + "]";
                if (r == null) { error(path, "is missing"); continue; }
                if (text(path + ".id", r.id(), true) && !ids.add(r.id())) error(path + ".id", "duplicate run id '" + r.id() + "'");
                notNull(path + ".status", r.status());
                text(path + ".directory", r.directory(), false);
                text(path + ".architecture", r.architecture(), false);
                if (r.config() != null) search(r.config(), path + ".config");
            }
        }
        if (latencyMs != null && supernetOk && npuOk && p.search() != null && p.search().targetLatencyMs() > 0) {
            double smallest = latencyMs.applyAsDouble(p.supernet().smallest());
            if (p.search().targetLatencyMs() < smallest) {
                add(Problem.warning("search.targetLatencyMs", String.format(
                        "target %.4f ms is below the smallest architecture in the space (%.4f ms): the search cannot reach it",
                        p.search().targetLatencyMs(), smallest)));
            }
        }
    }

    /** Input shape, stem and head: shared by supernets and architectures. */
    private boolean shapeStemHead(InputShape input, Stem stem, Head head, String path) {
        boolean ok = notNull(path + ".input", input);
        if (ok) {
            ok &= between(path + ".input.height", input.height(), 1, Limits.MAX_INPUT_SIZE);
            ok &= between(path + ".input.width", input.width(), 1, Limits.MAX_INPUT_SIZE);
            ok &= between(path + ".input.channels", input.channels(), 1, Limits.MAX_INPUT_CHANNELS);
        }
        if (notNull(path + ".stem", stem)) {
            ok &= between(path + ".stem.channels", stem.channels(), 1, Limits.MAX_CHANNELS);
            ok &= kernel(path + ".stem.kernel", stem.kernel());
            ok &= stride(path + ".stem.stride", stem.stride());
            ok &= notNull(path + ".stem.activation", stem.activation());
        } else {
            ok = false;
        }
        if (notNull(path + ".head", head)) {
            ok &= between(path + ".head.featureChannels", head.featureChannels(), 1, Limits.MAX_CHANNELS);
            ok &= between(path + ".head.classes", head.classes(), 2, Limits.MAX_CLASSES);
            ok &= notNull(path + ".head.activation", head.activation());
        } else {
            ok = false;
        }
        if (ok && stem.kernel() > Math.max(input.height(), input.width()) + 1) {
            error(path + ".stem.kernel", "kernel " + stem.kernel() + " is larger than the " + input.height() + "x"
                    + input.width() + " input");
        }
        return ok;
    }

    void supernet(Supernet s, String path) {
        text(path + ".name", s.name(), true);
        boolean shapeOk = shapeStemHead(s.input(), s.stem(), s.head(), path);
        if (!notNull(path + ".stages", s.stages())) return;
        if (s.stages().isEmpty()) error(path + ".stages", "must have at least one stage");
        if (!listSize(path + ".stages", s.stages(), Limits.MAX_STAGES, "stages")) return;
        boolean stagesOk = true;
        long blocks = 0;
        for (int i = 0; i < s.stages().size(); i++) {
            stagesOk &= stage(s.stages().get(i), path + ".stages[" + i + "]");
            if (s.stages().get(i) != null) blocks += Math.max(0, s.stages().get(i).depth());
        }
        if (stagesOk && blocks > Limits.MAX_BLOCKS) {
            error(path + ".stages", "the stages' depths add up to " + blocks + " blocks, at most " + Limits.MAX_BLOCKS + " are allowed");
            stagesOk = false;
        }
        if (!(shapeOk && stagesOk)) return;
        // Shapes along the network: feature maps must not shrink below 1x1, kernels must fit, sizes stay bounded.
        long spaceTuples = 0;
        for (BlockPosition p : s.blockPositions()) {
            String bp = path + ".stages[" + p.stage() + "]";
            if (p.indexInStage() == 0 && p.stride() > 1 && (p.inputHeight() < p.stride() || p.inputWidth() < p.stride())) {
                error(bp + ".stride", "feature map shrinks below 1x1: " + p.inputHeight() + "x" + p.inputWidth()
                        + " input with stride " + p.stride());
            }
            String skPath = bp + superkernelPath(s.stages().get(p.stage()), p.indexInStage());
            long expanded = 0;
            long tuples = 1;
            for (int j = 0; j < p.superkernels().size(); j++) {
                Superkernel sk = p.superkernels().get(j);
                String skp = skPath + "[" + j + "]";
                int fm = Math.max(p.inputHeight(), p.inputWidth());
                if (sk.largestKernel() > 2 * fm + 1) {
                    error(skp + ".kernelSizes", "kernel " + sk.largestKernel() + " is larger than the "
                            + p.inputHeight() + "x" + p.inputWidth() + " feature map of block " + p.index());
                }
                expanded += (long) sk.largestExpansion() * p.inChannels();
                tuples *= (long) sk.kernelSizes().size() * Math.max(1, p.expansionsOf(j).size());
            }
            if (expanded > Limits.MAX_EXPANDED_CHANNELS) {
                error(skPath, "block " + p.index() + " expands its " + p.inChannels() + " input channels to " + expanded
                        + ", at most " + Limits.MAX_EXPANDED_CHANNELS + " are allowed: lower the expansions or the width");
            }
            spaceTuples += tuples;
            if (tuples > Limits.MAX_TUPLES) {
                error(skPath, "block " + p.index() + " has " + tuples + " choice tuples (kernel sizes x expansions of every "
                        + "superkernel), at most " + Limits.MAX_TUPLES + " are allowed: remove candidates");
            }
            if (!p.residual()) {
                boolean allZero = true;
                for (int j = 0; j < p.superkernels().size(); j++) allZero &= p.expansionsOf(j).contains(0);
                if (allZero && !p.superkernels().isEmpty()) {
                    error(skPath, "block " + p.index() + " may become a skip but has no residual ("
                            + (p.stride() != 1 ? "stride " + p.stride() : p.inChannels() + " -> " + p.outChannels() + " channels")
                            + "): a skip is only possible where a residual exists");
                }
            }
        }
        spaceTuples(path, spaceTuples);
    }

    private void spaceTuples(String path, long spaceTuples) {
        if (spaceTuples > Limits.MAX_SPACE_TUPLES) {
            error(path + ".stages", "the space has " + spaceTuples + " choice tuples over all its blocks, at most "
                    + Limits.MAX_SPACE_TUPLES + " can be profiled: fewer blocks or fewer candidates");
        }
    }

    private static String superkernelPath(Stage st, int indexInStage) {
        return st.overrides().containsKey(indexInStage) ? ".overrides." + indexInStage : ".superkernels";
    }

    private boolean kernel(String path, int k) {
        if (k < 1 || k % 2 == 0) {
            error(path, "must be a positive odd kernel size, was " + k);
            return false;
        }
        if (k > Limits.MAX_KERNEL) {
            error(path, "must be at most " + Limits.MAX_KERNEL + ", was " + k);
            return false;
        }
        return true;
    }

    private boolean stride(String path, int s) {
        if (s != 1 && s != 2) {
            error(path, "must be 1 or 2, was " + s);
            return false;
        }
        return true;
    }

    private boolean stage(Stage st, String path) {
        if (st == null) { error(path, "is missing"); return false; }
        boolean ok = between(path + ".width", st.width(), 1, Limits.MAX_CHANNELS);
        ok &= between(path + ".depth", st.depth(), 1, Limits.MAX_DEPTH);
        ok &= stride(path + ".stride", st.stride());
        ok &= notNull(path + ".kind", st.kind());
        ok &= notNull(path + ".activation", st.activation());
        if (!(st.seRatio() >= 0 && st.seRatio() <= 1)) {
            error(path + ".seRatio", "must be between 0 and 1, was " + st.seRatio());
            ok = false;
        }
        ok &= superkernels(st.superkernels(), st.kind(), path + ".superkernels");
        if (!listSize(path + ".overrides", List.copyOf(st.overrides().keySet()), Limits.MAX_DEPTH, "entries")) return false;
        for (Map.Entry<Integer, List<Superkernel>> e : st.overrides().entrySet()) {
            String op = path + ".overrides." + e.getKey();
            if (e.getKey() < 0 || e.getKey() >= Math.max(st.depth(), 0)) {
                error(op, "block index " + e.getKey() + " is outside the stage (depth " + st.depth() + ")");
                ok = false;
            }
            ok &= superkernels(e.getValue(), st.kind(), op);
        }
        return ok;
    }

    private boolean superkernels(List<Superkernel> sks, BlockKind kind, String path) {
        if (sks == null || sks.isEmpty()) {
            error(path, "must have at least one superkernel");
            return false;
        }
        if (!listSize(path, sks, Limits.MAX_SUPERKERNELS, "superkernels")) return false;
        boolean ok = true;
        if (kind == BlockKind.MBCONV && sks.size() != 1) {
            error(path, "an MBConv block has exactly one superkernel, found " + sks.size());
            ok = false;
        }
        for (int j = 0; j < sks.size(); j++) {
            Superkernel sk = sks.get(j);
            String sp = path + "[" + j + "]";
            if (sk == null) { error(sp, "is missing"); ok = false; continue; }
            ok &= candidates(sp + ".kernelSizes", sk.kernelSizes(), true);
            ok &= candidates(sp + ".expansions", sk.expansions(), false);
            if (sk.expansions() != null && !sk.expansions().isEmpty() && sk.expansions().stream().allMatch(e -> e != null && e == 0)) {
                error(sp + ".expansions", "has only 0: the superkernel could never compute anything");
                ok = false;
            }
        }
        return ok;
    }

    private boolean candidates(String path, List<Integer> values, boolean kernels) {
        if (values == null || values.isEmpty()) {
            error(path, "must not be empty");
            return false;
        }
        if (!listSize(path, values, Limits.MAX_CANDIDATES, "candidates")) return false;
        boolean ok = true;
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            Integer v = values.get(i);
            String vp = path + "[" + i + "]";
            if (v == null) { error(vp, "is missing"); ok = false; continue; }
            if (!seen.add(v)) { error(vp, "duplicate candidate " + v); ok = false; }
            if (kernels) ok &= kernel(vp, v);
            else ok &= expansion(vp, v);
            if (i > 0 && values.get(i - 1) != null && v <= values.get(i - 1) && ok) {
                error(vp, "candidates must be ascending (nested rings / slices), " + v + " follows " + values.get(i - 1));
                ok = false;
            }
        }
        return ok;
    }

    private boolean expansion(String path, int e) {
        if (e < 0 || e > Limits.MAX_EXPANSION) {
            error(path, "expansion must be from 0 to " + Limits.MAX_EXPANSION + ", was " + e);
            return false;
        }
        return true;
    }

    private void npu(NpuConfig n, String path) {
        if (!(n.clockGHz() > 0)) error(path + ".clockGHz", "must be positive, was " + n.clockGHz());
        else between(path + ".clockGHz", n.clockGHz(), Limits.MIN_CLOCK_GHZ, Limits.MAX_CLOCK_GHZ);
        between(path + ".bytesPerValue", n.bytesPerValue(), 1, Limits.MAX_BYTES_PER_VALUE);
        between(path + ".cims", n.cims(), 1, Limits.MAX_UNITS);
        between(path + ".lanes", n.lanes(), Limits.MIN_LANES, Limits.MAX_UNITS);
        between(path + ".fmemBanks", n.fmemBanks(), 2, Limits.MAX_FMEM_BANKS);
        between(path + ".fmemBankBytes", n.fmemBankBytes(), 1024, Limits.MAX_MEMORY_BYTES);
        between(path + ".wmemBankBytes", n.wmemBankBytes(), 64, Limits.MAX_MEMORY_BYTES);
        between(path + ".ewmemBytes", n.ewmemBytes(), 64, Limits.MAX_MEMORY_BYTES);
        between(path + ".biasEntries", n.biasEntries(), 1, Limits.MAX_ENTRIES_BUFFER);
        between(path + ".reductionEntries", n.reductionEntries(), 1, Limits.MAX_ENTRIES_BUFFER);
        between(path + ".dramBytesPerCycle", n.dramBytesPerCycle(), 1, Limits.MAX_DRAM_BYTES_PER_CYCLE);
        between(path + ".dramLatencyBase", n.dramLatencyBase(), 0, Limits.MAX_CYCLES);
        between(path + ".dramLatencyPerPage", n.dramLatencyPerPage(), 0, Limits.MAX_CYCLES);
        between(path + ".dramPageBytes", n.dramPageBytes(), 1, Limits.MAX_DRAM_CHUNK_BYTES);
        between(path + ".dramLatencyPerBurst", n.dramLatencyPerBurst(), 0, Limits.MAX_CYCLES);
        between(path + ".dramBurstBytes", n.dramBurstBytes(), 1, Limits.MAX_DRAM_CHUNK_BYTES);
        between(path + ".pipelineFillCycles", n.pipelineFillCycles(), 0, Limits.MAX_CYCLES);
        notNull(path + ".bankPolicy", n.bankPolicy());
    }

    private void search(SearchConfig c, String path) {
        if (notNull(path + ".dataset", c.dataset())) {
            DatasetSpec d = c.dataset();
            notNull(path + ".dataset.format", d.format());
            if (d.path() == null || d.path().isBlank()) error(path + ".dataset.path", "must name a folder");
            else if (text(path + ".dataset.path", d.path(), true) && d.path().indexOf('\0') >= 0) {
                error(path + ".dataset.path", "must not contain a NUL character");
            }
            between(path + ".dataset.classes", d.classes(), 2, Limits.MAX_CLASSES);
            if (!(d.validationFraction() >= 0 && d.validationFraction() < 1)) {
                error(path + ".dataset.validationFraction", "must be in [0, 1), was " + d.validationFraction());
            }
        }
        between(path + ".trainingResolution", c.trainingResolution(), 8, Limits.MAX_INPUT_SIZE);
        positive(path + ".targetLatencyMs", c.targetLatencyMs(), Limits.MAX_TARGET_LATENCY_MS);
        notNull(path + ".loss", c.loss());
        between(path + ".lambda1", c.lambda1(), 0, Limits.MAX_FACTOR);
        between(path + ".lambda2", c.lambda2(), 0, Limits.MAX_FACTOR);
        between(path + ".phase1Epochs", c.phase1Epochs(), 0, Limits.MAX_EPOCHS);
        between(path + ".phase2Epochs", c.phase2Epochs(), 0, Limits.MAX_EPOCHS);
        if ((long) c.phase1Epochs() + c.phase2Epochs() < 1) error(path + ".phase2Epochs", "the two phases must have at least one epoch in all");
        between(path + ".batchSize", c.batchSize(), 1, Limits.MAX_BATCH_SIZE);
        positive(path + ".learningRate", c.learningRate(), Limits.MAX_LEARNING_RATE);
        if (!(c.lrDecay() > 0 && c.lrDecay() <= 1)) error(path + ".lrDecay", "must be in (0, 1], was " + c.lrDecay());
        positive(path + ".lrDecayEpochs", c.lrDecayEpochs(), Limits.MAX_FACTOR);
        between(path + ".weightDecay", c.weightDecay(), 0, 1);
        if (!(c.labelSmoothing() >= 0 && c.labelSmoothing() < 1)) error(path + ".labelSmoothing", "must be in [0, 1), was " + c.labelSmoothing());
        positive(path + ".gradientClip", c.gradientClip(), Limits.MAX_FACTOR);
        if (!(c.rmsDecay() >= 0 && c.rmsDecay() < 1)) error(path + ".rmsDecay", "must be in [0, 1), was " + c.rmsDecay());
        if (!(c.rmsMomentum() >= 0 && c.rmsMomentum() < 1)) error(path + ".rmsMomentum", "must be in [0, 1), was " + c.rmsMomentum());
        positive(path + ".rmsEpsilon", c.rmsEpsilon(), 1);
        positive(path + ".thresholdLearningRateScale", c.thresholdLearningRateScale(), Limits.MAX_FACTOR);
        if (!(c.thresholdMomentum() >= 0 && c.thresholdMomentum() < 1)) {
            error(path + ".thresholdMomentum", "must be in [0, 1), was " + c.thresholdMomentum());
        }
        if (!(c.targetTolerance() > 0 && c.targetTolerance() <= 0.5)) {
            error(path + ".targetTolerance", "must be in (0, 0.5], was " + c.targetTolerance());
        }
        atLeast(path + ".limitImages", c.limitImages(), 0);
        atLeast(path + ".checkpointEverySteps", c.checkpointEverySteps(), 1);
    }

    /** A value in (0, max]. */
    private void positive(String path, double value, double max) {
        if (!(value > 0)) error(path, "must be positive, was " + value);
        else if (value > max) error(path, "must be at most " + fmt(max) + ", was " + fmt(value));
    }

    private void architecture(Architecture a, String path) {
        text(path + ".name", a.name(), false);
        shapeStemHead(a.input(), a.stem(), a.head(), path);
        if (!notNull(path + ".blocks", a.blocks())) return;
        if (!listSize(path + ".blocks", a.blocks(), Limits.MAX_BLOCKS, "blocks")) return;
        int prevOut = a.stem() == null ? -1 : a.stem().channels();
        for (int i = 0; i < a.blocks().size(); i++) {
            Block b = a.blocks().get(i);
            String bp = path + ".blocks[" + i + "]";
            if (b == null) { error(bp, "is missing"); continue; }
            boolean ok = between(bp + ".inChannels", b.inChannels(), 1, Limits.MAX_CHANNELS);
            ok &= between(bp + ".outChannels", b.outChannels(), 1, Limits.MAX_CHANNELS);
            stride(bp + ".stride", b.stride());
            notNull(bp + ".activation", b.activation());
            if (!(b.seRatio() >= 0 && b.seRatio() <= 1)) error(bp + ".seRatio", "must be between 0 and 1, was " + b.seRatio());
            if (prevOut > 0 && b.inChannels() != prevOut) {
                error(bp + ".inChannels", "must equal the previous block's output channels " + prevOut + ", was " + b.inChannels());
            }
            prevOut = b.outChannels();
            if (b.branches() == null || b.branches().isEmpty()) { error(bp + ".branches", "must not be empty"); continue; }
            if (!listSize(bp + ".branches", b.branches(), Limits.MAX_SUPERKERNELS, "branches")) continue;
            boolean branchesOk = true;
            for (int j = 0; j < b.branches().size(); j++) {
                Branch br = b.branches().get(j);
                if (br == null) { error(bp + ".branches[" + j + "]", "is missing"); branchesOk = false; continue; }
                branchesOk &= kernel(bp + ".branches[" + j + "].kernel", br.kernel());
                branchesOk &= expansion(bp + ".branches[" + j + "].expansion", br.expansion());
            }
            if (!branchesOk) continue;
            if (ok && (long) b.totalExpansion() * b.inChannels() > Limits.MAX_EXPANDED_CHANNELS) {
                error(bp + ".branches", "the block expands its " + b.inChannels() + " input channels to "
                        + (long) b.totalExpansion() * b.inChannels() + ", at most " + Limits.MAX_EXPANDED_CHANNELS + " are allowed");
            }
            if (b.isSkip() && !b.residual()) error(bp + ".branches", "every branch is zeroed but the block has no residual");
        }
    }

    /** Validates a run's search configuration (a run folder's stored settings, checked again on resume). */
    public static List<Problem> validateSearch(SearchConfig c, String path) {
        Validator v = new Validator();
        v.search(c, path);
        return v.result();
    }
}
