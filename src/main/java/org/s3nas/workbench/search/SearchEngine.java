package org.s3nas.workbench.search;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.s3nas.workbench.engine.BatchNorm;
import org.s3nas.workbench.engine.CheckpointIo;
import org.s3nas.workbench.engine.NonFiniteTrainingException;
import org.s3nas.workbench.engine.Param;
import org.s3nas.workbench.engine.RmsProp;
import org.s3nas.workbench.engine.StepLoop;
import org.s3nas.workbench.engine.Rng;
import org.s3nas.workbench.engine.Thresholds;
import org.s3nas.workbench.engine.data.Datasets;
import org.s3nas.workbench.engine.data.ImageSet;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.BlockPosition;
import org.s3nas.workbench.model.LossKind;
import org.s3nas.workbench.model.SearchConfig;
import org.s3nas.workbench.model.Supernet;

/**
 * The two-phase search on one thread (SPEC 2.4). Phase 1: CE only, each step samples every superkernel's choice
 * uniformly. Phase 2: the thresholds decide the path, loss = CE + latency term (Eq. 9, or Eq. 6). RMSProp for
 * weights and thresholds, staircase exponential learning-rate decay, weight decay, label smoothing, global gradient
 * clipping. Everything random comes from one {@link Rng} whose state is checkpointed, so a resumed run repeats an
 * uninterrupted one.
 */
public final class SearchEngine extends StepLoop<SearchEngine.StepStats, HistoryRow> {
    private static final Kind KIND = new Kind("search", 0x53334E41 /* "S3NA" */, 1);
    private static final int VALIDATION_DURING_RUN = 2000;
    private static final int CALIBRATION_BATCHES = 10;
    /** Marks the controller's part at the end of a checkpoint ("CTRL"). */
    private static final int CONTROL_MARK = 0x4354524C;

    final Supernet supernet;
    final SearchConfig cfg;
    final Datasets.Split data;
    final LatencyModel latency;
    final SupernetNet net;
    final int totalEpochs;

    /** Phase 2's target controller (loss TARGET with a latency model), else null. */
    final TargetController controller;

    /** Statistics of one step. */
    public record StepStats(double loss, double crossEntropy, double latencyTerm, double latencyMs, double trainAccuracy,
                            double learningRate, int phase, ControlState control) {}

    public SearchEngine(Supernet supernet, SearchConfig cfg, Datasets.Split data, LatencyModel latency) {
        super(KIND, data.train(), cfg.batchSize(), "search.batchSize", supernet.input().channels(),
                "supernet.input.channels: the supernet expects " + supernet.input().channels() + " channels", supernet.head().classes(),
                cfg.seed() ^ 0x5EA4C4L, cfg.dataset().augment());
        this.supernet = supernet;
        this.cfg = cfg;
        this.data = data;
        this.latency = latency;
        this.totalEpochs = cfg.phase1Epochs() + cfg.phase2Epochs();
        this.net = new SupernetNet(supernet, batch, cfg.trainingResolution(), cfg.seed());
        RmsProp.init(net.params, net.thresholds);
        this.controller = cfg.loss() == LossKind.TARGET && latency != null
                ? new TargetController(cfg.targetLatencyMs(), cfg.targetTolerance()) : null;
        // the controller keeps the latency term's straight-through gradient on the thresholds (SupernetNet says why)
        net.setLatencyIntoWeights(controller == null);
    }

    @Override
    protected int totalEpochs() { return totalEpochs; }

    public int phase() { return epoch < cfg.phase1Epochs() ? 1 : 2; }

    /** The step at which phase 1 ends (phase 2 starts after it). */
    public long phase1Steps() { return (long) stepsPerEpoch * cfg.phase1Epochs(); }

    public double learningRate() {
        double epochs = (double) step / stepsPerEpoch;
        return cfg.learningRate() * Math.pow(cfg.lrDecay(), Math.floor(epochs / cfg.lrDecayEpochs()));
    }

    private NonFiniteTrainingException diverged(String what, int phase) {
        return new NonFiniteTrainingException(String.format(java.util.Locale.ROOT,
                "training diverged at step %d (phase %d, epoch %d): %s; "
                        + "lower the learning rate (%.4g) or the gradient clip (%.4g) and start again",
                step + 1, phase, epoch, what, learningRate(), cfg.gradientClip()));
    }

    /** The name of the first parameter or threshold whose gradient holds a NaN or an infinity (null: all finite); only after a non-finite norm. */
    private String firstNonFiniteGradient() {
        for (Param p : net.params) for (float g : p.grad) if (!Float.isFinite(g)) return p.name;
        for (int i = 0; i < net.thresholds.grad.length; i++) if (!Double.isFinite(net.thresholds.grad[i])) return "threshold " + net.thresholds.names[i];
        return null;
    }

    /** One optimiser step of the phase the run is in (phase 1: a sampled path, CE only; phase 2: the thresholds' path, Eq. 9). */
    @Override
    protected StepStats optimiserStep() {
        int phase = phase();
        SupernetNet.MaskMode mode = phase == 1 ? SupernetNet.MaskMode.SAMPLED : SupernetNet.MaskMode.THRESHOLDS;
        net.setMasks(mode, rng, null);
        net.zeroGradients();
        float[] logits = net.forward(batchX, true);
        double[] ce = Losses.crossEntropy(logits, batchY, batch, supernet.head().classes(), cfg.labelSmoothing(), dLogits);
        net.backward(dLogits);
        double latencyMs = Double.NaN, term = 0, coef = 0;
        double[] dLat = null, u = null;
        if (latency != null) {
            u = net.indicators(latency);
            dLat = new double[u.length];
            latencyMs = latency.latencyMs(u, dLat);
            if (phase == 2 && cfg.lambda1() > 0) {
                double[] t = switch (cfg.loss()) {
                    case SINGLE_PATH -> Losses.singlePath(latencyMs, cfg.lambda1());
                    case S3NAS -> Losses.s3nas(latencyMs, cfg.targetLatencyMs(), cfg.lambda1(), cfg.lambda2());
                    case TARGET -> controller.term(latencyMs, cfg.lambda1(), cfg.lambda2());
                };
                term = t[0];
                coef = t[1];
            }
        }
        net.finishGradients(mode, latency, phase == 2 ? dLat : null, coef);
        if (!Double.isFinite(ce[0])) throw diverged("the cross-entropy is not finite (" + ce[0] + ")", phase);
        RmsProp.weightDecay(net.params, cfg.weightDecay());
        // the global norm clipping computes anyway tells whether any gradient is NaN or infinite: no extra pass
        double norm = RmsProp.clip(net.params, net.thresholds, phase == 2, cfg.gradientClip());
        if (!Double.isFinite(norm)) {
            String bad = firstNonFiniteGradient();
            throw diverged("the gradient of " + (bad == null ? "a parameter" : bad) + " is not finite", phase);
        }
        double lr = learningRate();
        RmsProp.update(net.params, lr, cfg.rmsDecay(), cfg.rmsMomentum(), cfg.rmsEpsilon());
        // the thresholds' own rate and momentum (SearchConfig says why they differ from the paper's at CPU scale),
        // times the target controller's gain, the step guarded so that it neither jumps over the band nor leaves it
        ControlState control = ControlState.NONE;
        if (phase == 2) {
            double[] before = net.thresholds.value.clone();
            double gain = controller != null ? controller.gain() : 1;
            RmsProp.update(net.thresholds, lr * cfg.thresholdLearningRateScale() * gain, cfg.rmsDecay(), cfg.thresholdMomentum(),
                    cfg.rmsEpsilon());
            if (latency != null) control = controlStep(u, before);
        }
        net.uploadParameters();
        return new StepStats(ce[0] + term, ce[0], term, latencyMs, ce[1] / batch, lr, phase, control);
    }

    @Override
    protected double validateAtEpochEnd() { return validate(VALIDATION_DURING_RUN); }

    @Override
    protected HistoryRow historyRow(StepStats s, int epoch, double validation, double elapsedSeconds) {
        return new HistoryRow(step, epoch, s.phase(), s.loss(), s.crossEntropy(), s.latencyTerm(), s.latencyMs(), s.trainAccuracy(),
                validation, s.learningRate(), net.thresholds.value.clone(), s.control(), elapsedSeconds);
    }

    /** Whether the last step ended a phase (a checkpoint is written then, whatever the cadence). */
    @Override
    public boolean atCheckpointBoundary() { return atEpochStart() && (done() || epoch == cfg.phase1Epochs()); }

    /** Whether the last step ended phase 1 (its state is kept for other searches to start phase 2 from). */
    public boolean atPhase1End() { return atEpochStart() && epoch == cfg.phase1Epochs() && step > 0; }

    /**
     * After phase 2's updates of the weights and thresholds: the controller's guard on the threshold step and its gain,
     * then what the step did to the decoded architecture (its simulated latency, the splits that crossed).
     */
    private ControlState controlStep(double[] uBefore, double[] thresholdsBefore) {
        SplitGeometry g = net.geometry(latency);
        int held = 0;
        double gain = Double.NaN;
        if (controller != null) {
            TargetController.Guarded step = controller.guard(g, thresholdsBefore, net.thresholds.value);
            System.arraycopy(step.thresholds(), 0, net.thresholds.value, 0, step.thresholds().length);
            held = step.heldBack();
        }
        double[] uAfter = g.indicators(net.thresholds.value);
        if (controller != null) {
            controller.update(latency.latencyMs(uAfter, null));
            gain = controller.gain();
        }
        return new ControlState(latency.simulatedLatencyMs(uAfter), gain, SplitGeometry.crossings(uBefore, uAfter), held);
    }

    /** The decoded architecture's latency: by simulation when the latency model has a simulator, else its table latency. */
    public double decodedLatencyMs() {
        if (latency == null) return Double.NaN;
        double[] u = net.geometry(latency).indicators(net.thresholds.value);
        double sim = latency.simulatedLatencyMs(u);
        return Double.isFinite(sim) ? sim : latency.latencyMs(u, null);
    }

    /** The target band's edges. */
    public double lowerMs() { return cfg.targetLowerMs(); }

    public double targetMs() { return cfg.targetLatencyMs(); }

    public TargetController controller() { return controller; }

    /**
     * The final repair (loss TARGET): when the decoded architecture's latency (simulated, where a simulator is behind
     * the latency model) is outside the band, the thresholds move to the nearest architecture in it
     * ({@link TargetRepair}). The repair works on the latency table; where the simulation of its result disagrees at
     * the band's edge, the band it aims at is narrowed by the disagreement and the repair tried again. Null when nothing
     * was repaired.
     */
    public RepairRecord repairIntoBand() {
        if (controller == null) return null;
        double lo = cfg.targetLowerMs(), hi = cfg.targetLatencyMs();
        double before = decodedLatencyMs();
        if (controller.inBand(before)) return null;
        SplitGeometry g = net.geometry(latency);
        double[] t = net.thresholds.value.clone();
        double aimLo = lo, aimHi = hi;
        TargetRepair.Result r = null;
        double after = before;
        for (int attempt = 0; attempt < 4; attempt++) {
            r = TargetRepair.repair(g, t, aimLo, aimHi);
            double[] u = g.indicators(r.thresholds());
            double sim = latency.simulatedLatencyMs(u);
            after = Double.isFinite(sim) ? sim : r.afterMs();
            if (controller.inBand(after) || r.afterMs() < aimLo || r.afterMs() > aimHi) break;
            if (after > hi) aimHi -= (after - hi) + 1e-6 * hi;
            else aimLo += (lo - after) + 1e-6 * hi;
            if (aimLo > aimHi) break;
        }
        System.arraycopy(r.thresholds(), 0, net.thresholds.value, 0, t.length);
        net.setMasks(SupernetNet.MaskMode.THRESHOLDS, null, null);
        List<String> changes = new ArrayList<>();
        List<BlockPosition> positions = supernet.blockPositions();
        for (TargetRepair.Change c : r.changes()) {
            BlockPosition p = positions.get(c.position());
            List<Integer> ks = p.superkernels().get(c.superkernel()).kernelSizes(), es = p.expansionsOf(c.superkernel());
            changes.add("block " + (c.position() + 1) + " superkernel " + (c.superkernel() + 1) + ": k" + ks.get(c.fromKernel()) + " e"
                    + es.get(c.fromExpansion()) + " -> k" + ks.get(c.toKernel()) + " e" + es.get(c.toExpansion()));
        }
        return new RepairRecord(before, after, r.beforeMs(), r.afterMs(), r.cost(), changes);
    }

    /**
     * Validation accuracy of the path the thresholds select (BN statistics recalibrated on that path with a few
     * fixed training batches), on at most {@code maxImages} validation images (0 = all).
     */
    public double validate(int maxImages) {
        ImageSet val = data.validation();
        int n = maxImages > 0 ? Math.min(maxImages, val.count()) : val.count();
        if (n == 0) return Double.NaN;
        net.setMasks(SupernetNet.MaskMode.THRESHOLDS, null, null);
        // every BN's running statistics re-estimated on the current path with the first training batches (no update)
        forFirstBatches(Math.min(CALIBRATION_BATCHES, train.count() / batch), (x, b) -> net.forward(x, true));
        return accuracy(val, n, supernet.head().classes(), x -> net.forward(x, false));
    }

    /** The decoded architecture of the current thresholds (skips removed). */
    public Architecture decode(String name) {
        net.setMasks(SupernetNet.MaskMode.THRESHOLDS, null, null);
        return net.decode(name).withoutSkips();
    }

    /** Estimated latency of the path the thresholds select (NaN without a latency model). */
    public double thresholdPathLatencyMs() {
        if (latency == null) return Double.NaN;
        net.setMasks(SupernetNet.MaskMode.THRESHOLDS, null, null);
        return latency.latencyMs(net.indicators(latency), null);
    }

    /**
     * The result of the current thresholds: the decoded architecture, named by the supernet and its simulated latency
     * (or its table latency without a simulator) — never by the target, which it may have missed.
     */
    public SearchResult result(String supernetName, Path runDir, RepairRecord repair) {
        double decoded = decodedLatencyMs();
        Architecture a = decode(supernetName + (Double.isFinite(decoded) ? String.format(java.util.Locale.ROOT, " %.4f ms", decoded) : ""));
        double acc = validate(0);
        return new SearchResult(a, acc, thresholdPathLatencyMs(), decoded, cfg.targetLatencyMs(), cfg.targetLowerMs(),
                net.thresholds.names.clone(), net.thresholds.value.clone(), step, runDir, repair);
    }

    /** A plain-value snapshot of the state for listeners. */
    public SearchEvent event(StepStats s, double imagesPerSecond) {
        double[] x = net.indicatorInputs();
        boolean[] u = new boolean[x.length];
        for (int i = 0; i < x.length; i++) u[i] = x[i] > 0;
        List<List<int[]>> choices = new ArrayList<>();
        for (int[][] b : net.currentChoices()) choices.add(List.of(b));
        return new SearchEvent(step, epoch, s == null ? phase() : s.phase(), s == null ? Double.NaN : s.loss(),
                s == null ? Double.NaN : s.crossEntropy(), s == null ? 0 : s.latencyTerm(), s == null ? Double.NaN : s.latencyMs(),
                cfg.targetLatencyMs(), s == null ? Double.NaN : s.trainAccuracy(), atEpochStart() ? lastValidation : Double.NaN,
                s == null ? learningRate() : s.learningRate(), net.thresholds.value.clone(), x, u, choices, imagesPerSecond,
                progress(), s == null ? ControlState.NONE : s.control(), elapsedSeconds());
    }

    public String[] thresholdNames() { return net.thresholds.names.clone(); }

    // ---------------------------------------------------------------- checkpoints (StepLoop's layout)

    @Override
    protected List<Param> parameters() { return net.params; }

    @Override
    protected List<BatchNorm> norms() { return net.norms; }

    @Override
    protected void writeShape(DataOutputStream out) throws IOException {
        out.writeInt(net.params.size());
        out.writeInt(net.thresholds.count());
    }

    @Override
    protected void readShape(DataInputStream in, Path file) throws IOException {
        int np = in.readInt(), nt = in.readInt();
        if (np != net.params.size() || nt != net.thresholds.count()) {
            throw new IOException(file + ": checkpoint of another supernet (" + np + " tensors, " + nt + " thresholds; this one has "
                    + net.params.size() + " and " + net.thresholds.count() + ")");
        }
    }

    /** The thresholds with their RMSProp state. */
    @Override
    protected void writeState(DataOutputStream out) throws IOException {
        Thresholds t = net.thresholds;
        for (double[] a : new double[][]{t.value, t.ms, t.mom}) for (double v : a) out.writeDouble(v);
    }

    @Override
    protected void readState(DataInputStream in) throws IOException {
        Thresholds t = net.thresholds;
        for (double[] a : new double[][]{t.value, t.ms, t.mom}) for (int i = 0; i < a.length; i++) a[i] = in.readDouble();
    }

    @Override
    protected void writeRow(DataOutputStream out, HistoryRow h) throws IOException {
        out.writeLong(h.step());
        out.writeInt(h.epoch());
        out.writeInt(h.phase());
        for (double v : new double[]{h.loss(), h.crossEntropy(), h.latencyTerm(), h.latencyMs(), h.trainAccuracy(),
                h.validationAccuracy(), h.learningRate()}) out.writeDouble(v);
        out.writeInt(h.thresholds().length);
        for (double v : h.thresholds()) out.writeDouble(v);
    }

    @Override
    protected HistoryRow readRow(DataInputStream in) throws IOException {
        long s = in.readLong();
        int e = in.readInt(), ph = in.readInt();
        double[] v = new double[7];
        for (int i = 0; i < 7; i++) v[i] = in.readDouble();
        double[] th = new double[in.readInt()];
        for (int i = 0; i < th.length; i++) th[i] = in.readDouble();
        return new HistoryRow(s, e, ph, v[0], v[1], v[2], v[3], v[4], v[5], v[6], th);
    }

    /** The controller's part, after what a checkpoint held before it (a checkpoint without it still resumes). */
    @Override
    protected void writeExtra(DataOutputStream out) throws IOException {
        out.writeInt(CONTROL_MARK);
        out.writeDouble(controller != null ? controller.gain() : Double.NaN);
        for (HistoryRow h : history) {
            ControlState c = h.control();
            out.writeDouble(c.simulatedLatencyMs());
            out.writeDouble(c.gain());
            out.writeInt(c.crossings());
            out.writeInt(c.heldBack());
        }
    }

    /** The controller's part of a checkpoint, when it has one (written since the target controller exists): whether it had. */
    @Override
    protected boolean readExtra(DataInputStream in, Path file) throws IOException {
        if (!CheckpointIo.readMark(in, CONTROL_MARK)) return false; // written before the controller
        double gain = in.readDouble();
        if (controller != null && Double.isFinite(gain)) {
            if (!(gain >= 1 && gain <= TargetController.MAX_GAIN)) throw new IOException(file + ": the controller's gain " + gain + " is out of range");
            controller.setGain(gain);
        }
        for (int r = 0; r < history.size(); r++) {
            HistoryRow h = history.get(r);
            ControlState c = new ControlState(in.readDouble(), in.readDouble(), in.readInt(), in.readInt());
            history.set(r, new HistoryRow(h.step(), h.epoch(), h.phase(), h.loss(), h.crossEntropy(), h.latencyTerm(), h.latencyMs(),
                    h.trainAccuracy(), h.validationAccuracy(), h.learningRate(), h.thresholds(), c, h.elapsedSeconds()));
        }
        return true;
    }

    @Override
    protected HistoryRow withElapsed(HistoryRow row, double seconds) { return row.withElapsedSeconds(seconds); }

    @Override
    protected double elapsedOf(HistoryRow row) { return row.elapsedSeconds(); }

    @Override
    protected void restored() {
        net.uploadParameters();
        net.setMasks(SupernetNet.MaskMode.THRESHOLDS, null, null);
    }


    @Override
    public void close() {
        net.close();
    }
}
