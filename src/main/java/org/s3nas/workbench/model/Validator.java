package org.s3nas.workbench.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        Validator v = new Validator();
        v.project(project, latencyMs);
        return List.copyOf(v.problems);
    }

    public static List<Problem> validateSupernet(Supernet s, String path) {
        Validator v = new Validator();
        v.supernet(s, path);
        return List.copyOf(v.problems);
    }

    public static List<Problem> validateNpu(NpuConfig n, String path) {
        Validator v = new Validator();
        v.npu(n, path);
        return List.copyOf(v.problems);
    }

    public static List<Problem> validateArchitecture(Architecture a, String path) {
        Validator v = new Validator();
        v.architecture(a, path);
        return List.copyOf(v.problems);
    }

    public static boolean hasErrors(List<Problem> problems) {
        return problems.stream().anyMatch(Problem::isError);
    }

    private void error(String path, String message) { problems.add(Problem.error(path, message)); }

    private boolean atLeast(String path, double value, double min) {
        if (!(value >= min)) {
            error(path, "must be at least " + fmt(min) + ", was " + fmt(value));
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
        return d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private void project(Project p, ToDoubleFunction<Architecture> latencyMs) {
        if (p.name() == null || p.name().isBlank()) error("name", "must not be empty");
        boolean supernetOk = notNull("supernet", p.supernet());
        if (supernetOk) {
            int before = problems.size();
            supernet(p.supernet(), "supernet");
            supernetOk = problems.subList(before, problems.size()).stream().noneMatch(Problem::isError);
        }
        boolean npuOk = notNull("npu", p.npu());
        if (npuOk) {
            int before = problems.size();
            npu(p.npu(), "npu");
            npuOk = problems.size() == before;
        }
        if (notNull("search", p.search())) search(p.search(), "search");
        Set<String> names = new HashSet<>();
        for (int i = 0; i < p.architectures().size(); i++) {
            SavedArchitecture a = p.architectures().get(i);
            String path = "architectures[" + i + "]";
            if (a == null) { error(path, "is missing"); continue; }
            if (a.name() == null || a.name().isBlank()) error(path + ".name", "must not be empty");
            else if (!names.add(a.name())) error(path + ".name", "duplicate architecture name '" + a.name() + "'");
            if (notNull(path + ".architecture", a.architecture())) architecture(a.architecture(), path + ".architecture");
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < p.runs().size(); i++) {
            RunRecord r = p.runs().get(i);
            String path = "runs[" + i + "]";
            if (r == null) { error(path, "is missing"); continue; }
            if (r.id() == null || r.id().isBlank()) error(path + ".id", "must not be empty");
            else if (!ids.add(r.id())) error(path + ".id", "duplicate run id '" + r.id() + "'");
            notNull(path + ".status", r.status());
        }
        if (latencyMs != null && supernetOk && npuOk && p.search() != null && p.search().targetLatencyMs() > 0) {
            double smallest = latencyMs.applyAsDouble(p.supernet().smallest());
            if (p.search().targetLatencyMs() < smallest) {
                problems.add(Problem.warning("search.targetLatencyMs", String.format(
                        "target %.4f ms is below the smallest architecture in the space (%.4f ms): the search cannot reach it",
                        p.search().targetLatencyMs(), smallest)));
            }
        }
    }

    void supernet(Supernet s, String path) {
        if (s.name() == null || s.name().isBlank()) error(path + ".name", "must not be empty");
        boolean shapeOk = notNull(path + ".input", s.input());
        if (shapeOk) {
            shapeOk &= atLeast(path + ".input.height", s.input().height(), 1);
            shapeOk &= atLeast(path + ".input.width", s.input().width(), 1);
            shapeOk &= atLeast(path + ".input.channels", s.input().channels(), 1);
        }
        boolean stemOk = notNull(path + ".stem", s.stem());
        if (stemOk) {
            stemOk &= atLeast(path + ".stem.channels", s.stem().channels(), 1);
            stemOk &= kernel(path + ".stem.kernel", s.stem().kernel());
            stemOk &= stride(path + ".stem.stride", s.stem().stride());
            notNull(path + ".stem.activation", s.stem().activation());
        }
        if (notNull(path + ".head", s.head())) {
            atLeast(path + ".head.featureChannels", s.head().featureChannels(), 1);
            atLeast(path + ".head.classes", s.head().classes(), 2);
            notNull(path + ".head.activation", s.head().activation());
        }
        if (!notNull(path + ".stages", s.stages())) return;
        if (s.stages().isEmpty()) error(path + ".stages", "must have at least one stage");
        boolean stagesOk = true;
        for (int i = 0; i < s.stages().size(); i++) {
            stagesOk &= stage(s.stages().get(i), path + ".stages[" + i + "]");
        }
        if (!(shapeOk && stemOk && stagesOk)) return;
        // Shapes along the network: feature maps must not shrink below 1x1, kernels must fit.
        int h = s.input().height(), w = s.input().width();
        if (s.stem().kernel() > Math.max(h, w) + 1) {
            error(path + ".stem.kernel", "kernel " + s.stem().kernel() + " is larger than the " + h + "x" + w + " input");
        }
        h = Architecture.outSize(h, s.stem().stride());
        w = Architecture.outSize(w, s.stem().stride());
        for (BlockPosition p : s.blockPositions()) {
            String bp = path + ".stages[" + p.stage() + "]";
            if (p.indexInStage() == 0 && p.stride() > 1 && (p.inputHeight() < p.stride() || p.inputWidth() < p.stride())) {
                error(bp + ".stride", "feature map shrinks below 1x1: " + p.inputHeight() + "x" + p.inputWidth()
                        + " input with stride " + p.stride());
            }
            for (int j = 0; j < p.superkernels().size(); j++) {
                Superkernel sk = p.superkernels().get(j);
                String skp = bp + superkernelPath(s.stages().get(p.stage()), p.indexInStage()) + "[" + j + "]";
                int fm = Math.max(p.inputHeight(), p.inputWidth());
                if (sk.largestKernel() > 2 * fm + 1) {
                    error(skp + ".kernelSizes", "kernel " + sk.largestKernel() + " is larger than the "
                            + p.inputHeight() + "x" + p.inputWidth() + " feature map of block " + p.index());
                }
            }
            if (!p.residual()) {
                boolean allZero = true;
                for (int j = 0; j < p.superkernels().size(); j++) allZero &= p.expansionsOf(j).contains(0);
                if (allZero && !p.superkernels().isEmpty()) {
                    error(bp + superkernelPath(s.stages().get(p.stage()), p.indexInStage()),
                            "block " + p.index() + " may become a skip but has no residual ("
                                    + (p.stride() != 1 ? "stride " + p.stride() : p.inChannels() + " -> " + p.outChannels() + " channels")
                                    + "): a skip is only possible where a residual exists");
                }
            }
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
        boolean ok = atLeast(path + ".width", st.width(), 1);
        ok &= atLeast(path + ".depth", st.depth(), 1);
        ok &= stride(path + ".stride", st.stride());
        ok &= notNull(path + ".kind", st.kind());
        notNull(path + ".activation", st.activation());
        if (st.seRatio() < 0 || st.seRatio() > 1 || Double.isNaN(st.seRatio())) {
            error(path + ".seRatio", "must be between 0 and 1, was " + st.seRatio());
        }
        ok &= superkernels(st.superkernels(), st.kind(), path + ".superkernels");
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
            if (sk.expansions() != null && !sk.expansions().isEmpty() && sk.expansions().stream().allMatch(e -> e == 0)) {
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
        boolean ok = true;
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            Integer v = values.get(i);
            String vp = path + "[" + i + "]";
            if (v == null) { error(vp, "is missing"); ok = false; continue; }
            if (!seen.add(v)) { error(vp, "duplicate candidate " + v); ok = false; }
            if (kernels) ok &= kernel(vp, v);
            else if (v < 0) { error(vp, "expansion must not be negative, was " + v); ok = false; }
            if (i > 0 && values.get(i - 1) != null && v <= values.get(i - 1) && !seen.isEmpty() && ok) {
                error(vp, "candidates must be ascending (nested rings / slices), " + v + " follows " + values.get(i - 1));
                ok = false;
            }
        }
        return ok;
    }

    private void npu(NpuConfig n, String path) {
        if (!(n.clockGHz() > 0)) error(path + ".clockGHz", "must be positive, was " + n.clockGHz());
        atLeast(path + ".bytesPerValue", n.bytesPerValue(), 1);
        atLeast(path + ".cims", n.cims(), 1);
        atLeast(path + ".lanes", n.lanes(), 1);
        atLeast(path + ".fmemBanks", n.fmemBanks(), 2);
        atLeast(path + ".fmemBankBytes", n.fmemBankBytes(), 1024);
        atLeast(path + ".wmemBankBytes", n.wmemBankBytes(), 64);
        atLeast(path + ".ewmemBytes", n.ewmemBytes(), 64);
        atLeast(path + ".biasEntries", n.biasEntries(), 1);
        atLeast(path + ".reductionEntries", n.reductionEntries(), 1);
        atLeast(path + ".dramBytesPerCycle", n.dramBytesPerCycle(), 1);
        atLeast(path + ".dramLatencyBase", n.dramLatencyBase(), 0);
        atLeast(path + ".dramLatencyPerPage", n.dramLatencyPerPage(), 0);
        atLeast(path + ".dramPageBytes", n.dramPageBytes(), 1);
        atLeast(path + ".dramLatencyPerBurst", n.dramLatencyPerBurst(), 0);
        atLeast(path + ".dramBurstBytes", n.dramBurstBytes(), 1);
        atLeast(path + ".pipelineFillCycles", n.pipelineFillCycles(), 0);
        notNull(path + ".bankPolicy", n.bankPolicy());
    }

    private void search(SearchConfig c, String path) {
        if (notNull(path + ".dataset", c.dataset())) {
            DatasetSpec d = c.dataset();
            notNull(path + ".dataset.format", d.format());
            if (d.path() == null || d.path().isBlank()) error(path + ".dataset.path", "must name a folder");
            atLeast(path + ".dataset.classes", d.classes(), 2);
            if (!(d.validationFraction() >= 0 && d.validationFraction() < 1)) {
                error(path + ".dataset.validationFraction", "must be in [0, 1), was " + d.validationFraction());
            }
        }
        atLeast(path + ".trainingResolution", c.trainingResolution(), 8);
        if (!(c.targetLatencyMs() > 0)) error(path + ".targetLatencyMs", "must be positive, was " + c.targetLatencyMs());
        notNull(path + ".loss", c.loss());
        atLeast(path + ".lambda1", c.lambda1(), 0);
        atLeast(path + ".lambda2", c.lambda2(), 0);
        atLeast(path + ".phase1Epochs", c.phase1Epochs(), 0);
        atLeast(path + ".phase2Epochs", c.phase2Epochs(), 0);
        if (c.phase1Epochs() + c.phase2Epochs() < 1) error(path + ".phase2Epochs", "the two phases must have at least one epoch in all");
        atLeast(path + ".batchSize", c.batchSize(), 1);
        if (!(c.learningRate() > 0)) error(path + ".learningRate", "must be positive, was " + c.learningRate());
        if (!(c.lrDecay() > 0 && c.lrDecay() <= 1)) error(path + ".lrDecay", "must be in (0, 1], was " + c.lrDecay());
        if (!(c.lrDecayEpochs() > 0)) error(path + ".lrDecayEpochs", "must be positive, was " + c.lrDecayEpochs());
        atLeast(path + ".weightDecay", c.weightDecay(), 0);
        if (!(c.labelSmoothing() >= 0 && c.labelSmoothing() < 1)) error(path + ".labelSmoothing", "must be in [0, 1), was " + c.labelSmoothing());
        if (!(c.gradientClip() > 0)) error(path + ".gradientClip", "must be positive, was " + c.gradientClip());
        if (!(c.rmsDecay() >= 0 && c.rmsDecay() < 1)) error(path + ".rmsDecay", "must be in [0, 1), was " + c.rmsDecay());
        if (!(c.rmsMomentum() >= 0 && c.rmsMomentum() < 1)) error(path + ".rmsMomentum", "must be in [0, 1), was " + c.rmsMomentum());
        if (!(c.rmsEpsilon() > 0)) error(path + ".rmsEpsilon", "must be positive, was " + c.rmsEpsilon());
        if (!(c.thresholdLearningRateScale() > 0)) {
            error(path + ".thresholdLearningRateScale", "must be positive, was " + c.thresholdLearningRateScale());
        }
        if (!(c.thresholdMomentum() >= 0 && c.thresholdMomentum() < 1)) {
            error(path + ".thresholdMomentum", "must be in [0, 1), was " + c.thresholdMomentum());
        }
        if (!(c.targetTolerance() > 0 && c.targetTolerance() <= 0.5)) {
            error(path + ".targetTolerance", "must be in (0, 0.5], was " + c.targetTolerance());
        }
        atLeast(path + ".limitImages", c.limitImages(), 0);
        atLeast(path + ".checkpointEverySteps", c.checkpointEverySteps(), 1);
    }

    private void architecture(Architecture a, String path) {
        if (notNull(path + ".input", a.input())) {
            atLeast(path + ".input.height", a.input().height(), 1);
            atLeast(path + ".input.width", a.input().width(), 1);
            atLeast(path + ".input.channels", a.input().channels(), 1);
        }
        if (notNull(path + ".stem", a.stem())) {
            atLeast(path + ".stem.channels", a.stem().channels(), 1);
            kernel(path + ".stem.kernel", a.stem().kernel());
            stride(path + ".stem.stride", a.stem().stride());
        }
        if (notNull(path + ".head", a.head())) {
            atLeast(path + ".head.featureChannels", a.head().featureChannels(), 1);
            atLeast(path + ".head.classes", a.head().classes(), 2);
        }
        if (!notNull(path + ".blocks", a.blocks())) return;
        int prevOut = a.stem() == null ? -1 : a.stem().channels();
        for (int i = 0; i < a.blocks().size(); i++) {
            Block b = a.blocks().get(i);
            String bp = path + ".blocks[" + i + "]";
            if (b == null) { error(bp, "is missing"); continue; }
            atLeast(bp + ".inChannels", b.inChannels(), 1);
            atLeast(bp + ".outChannels", b.outChannels(), 1);
            stride(bp + ".stride", b.stride());
            if (prevOut > 0 && b.inChannels() != prevOut) {
                error(bp + ".inChannels", "must equal the previous block's output channels " + prevOut + ", was " + b.inChannels());
            }
            prevOut = b.outChannels();
            if (b.branches() == null || b.branches().isEmpty()) { error(bp + ".branches", "must not be empty"); continue; }
            for (int j = 0; j < b.branches().size(); j++) {
                Branch br = b.branches().get(j);
                kernel(bp + ".branches[" + j + "].kernel", br.kernel());
                if (br.expansion() < 0) error(bp + ".branches[" + j + "].expansion", "must not be negative, was " + br.expansion());
            }
            if (b.isSkip() && !b.residual()) error(bp + ".branches", "every branch is zeroed but the block has no residual");
        }
    }
}
