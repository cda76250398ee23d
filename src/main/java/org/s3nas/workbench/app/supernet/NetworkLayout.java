package org.s3nas.workbench.app.supernet;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.BlockPosition;
import org.s3nas.workbench.model.Branch;
import org.s3nas.workbench.model.Supernet;

/**
 * The picture of a network in the manner of the paper's Fig. 12, computed without JavaFX so that tests can read it:
 * one box per block, left to right, its height proportional to the block's expansion (the largest candidate in a
 * supernet, the choice in an architecture), its width proportional to its output channels, split into one slice per
 * superkernel (or merged branch) coloured by kernel size; boxes centred on the data path, grouped by stage, with
 * stride and residual marks above and the stage labels below. {@link NetworkCanvas} draws it.
 *
 * @param expansionScale the expansion that fills the full block height (shared by two pictures that are compared)
 */
public record NetworkLayout(double width, double height, double midY, double blockZoneTop, double blockZoneBottom,
                            Box stem, Box head, List<BlockShape> blocks, List<StageBand> stages,
                            double expansionScale, boolean showsLatency) {
    public NetworkLayout {
        blocks = List.copyOf(blocks);
        stages = List.copyOf(stages);
    }

    /** One superkernel of a supernet block (kernel candidates, largest expansion) or one merged branch of a block. */
    public record Slice(List<Integer> kernels, int expansion, boolean zeroable) {
        public Slice {
            kernels = List.copyOf(kernels);
        }

        public int largestKernel() { return kernels.isEmpty() ? 0 : kernels.get(kernels.size() - 1); }
    }

    /**
     * What is drawn for one block.
     *
     * @param index      the block's index in the network (or in the architecture's block list)
     * @param cycles     simulated cycles of the block, or -1 when unknown
     * @param overridden the block has its own superkernels (a supernet's per-block override)
     * @param differs    the block differs from the block at the same place of a compared architecture
     */
    public record PictureBlock(int stage, int indexInStage, int index, int inChannels, int outChannels, int stride,
                               boolean residual, List<Slice> slices, boolean se, Activation activation, boolean skip,
                               boolean overridden, long cycles, boolean differs) {
        public PictureBlock {
            slices = List.copyOf(slices);
        }

        public int expansion() { return slices.stream().mapToInt(Slice::expansion).sum(); }
    }

    /** A block's box and its slices, top to bottom. */
    public record BlockShape(PictureBlock block, double x, double y, double w, double h, List<SliceShape> slices) {
        public BlockShape {
            slices = List.copyOf(slices);
        }

        public double centerX() { return x + w / 2; }
    }

    public record SliceShape(Slice slice, double y, double h) {}

    /** A stage's span under its blocks and its label (with a short form for narrow stages). */
    public record StageBand(int stage, double x, double w, StageText text) {}

    /** What is written under a stage: a title and detail lines, and short forms of both for a narrow stage. */
    public record StageText(String title, List<String> details, String shortTitle, List<String> shortDetails) {
        public StageText {
            details = List.copyOf(details);
            shortDetails = List.copyOf(shortDetails);
        }

        public static StageText of(int stage, List<String> details, List<String> shortDetails) {
            return new StageText("Stage " + (stage + 1), details, "S" + (stage + 1), shortDetails);
        }
    }

    /** The stem or the head. */
    public record Box(double x, double y, double w, double h, String label) {}

    // Geometry, in pixels.
    static final double MARGIN = 10, STEM_W = 26, HEAD_W = 30, END_GAP = 14, BLOCK_GAP = 3, STAGE_GAP = 12;
    static final double MIN_BLOCK_W = 6, MAX_BLOCK_W = 96, MIN_BLOCK_H = 5;
    /** Above the blocks: stride chevrons, then residual arcs. */
    static final double TOP_ZONE = 38;
    /** Below the blocks: stage labels (three lines), and the per-block latency bars of an architecture. */
    static final double LABEL_ZONE = 50, LATENCY_ZONE = 30;

    /** The block whose column contains x (between its neighbours' gaps) and whose zone contains y; -1 if none. */
    public int blockAt(double x, double y) {
        if (y < MARGIN || y > height - MARGIN) return -1;
        for (int i = 0; i < blocks.size(); i++) {
            BlockShape b = blocks.get(i);
            double pad = BLOCK_GAP / 2 + 1;
            if (x >= b.x() - pad && x <= b.x() + b.w() + pad) return i;
        }
        return -1;
    }

    /** The shape of block {@code indexInStage} of {@code stage}, or null. */
    public BlockShape block(int stage, int indexInStage) {
        for (BlockShape b : blocks) if (b.block().stage() == stage && b.block().indexInStage() == indexInStage) return b;
        return null;
    }

    public List<BlockShape> blocksOfStage(int stage) {
        return blocks.stream().filter(b -> b.block().stage() == stage).toList();
    }

    /** The largest total expansion among the blocks (at least 1). */
    public static double maxExpansion(List<PictureBlock> blocks) {
        return Math.max(1, blocks.stream().mapToInt(PictureBlock::expansion).max().orElse(1));
    }

    /**
     * Lays the blocks out in a {@code width × height} picture.
     *
     * @param stageTexts     per stage index, what is written under it (may be shorter than the number of stages)
     * @param expansionScale the expansion drawn at full height; 0 for the largest of these blocks
     */
    public static NetworkLayout layout(List<PictureBlock> blocks, String stemLabel, String headLabel,
                                       List<StageText> stageTexts, double width, double height,
                                       double expansionScale, boolean showsLatency) {
        double scale = expansionScale > 0 ? expansionScale : maxExpansion(blocks);
        double top = MARGIN + TOP_ZONE;
        double bottom = height - MARGIN - LABEL_ZONE - (showsLatency ? LATENCY_ZONE : 0);
        double zone = Math.max(20, bottom - top);
        bottom = top + zone;
        double mid = top + zone / 2;

        int stageChanges = 0;
        for (int i = 1; i < blocks.size(); i++) if (blocks.get(i).stage() != blocks.get(i - 1).stage()) stageChanges++;
        double gaps = Math.max(0, blocks.size() - 1 - stageChanges) * BLOCK_GAP + stageChanges * STAGE_GAP;
        double avail = Math.max(0, width - 2 * MARGIN - STEM_W - HEAD_W - 2 * END_GAP - gaps);
        double[] w = widths(blocks, avail);
        double used = gaps;
        for (double x : w) used += x;
        // A short network does not stretch: it is drawn at MAX_BLOCK_W and centred.
        double x = MARGIN + Math.max(0, (width - 2 * MARGIN - (STEM_W + HEAD_W + 2 * END_GAP + used)) / 2);

        double stemH = Math.min(zone, Math.max(18, zone * 0.35));
        Box stem = new Box(x, mid - stemH / 2, STEM_W, stemH, stemLabel);
        x += STEM_W + END_GAP;
        List<BlockShape> shapes = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            PictureBlock b = blocks.get(i);
            if (i > 0) x += b.stage() != blocks.get(i - 1).stage() ? STAGE_GAP : BLOCK_GAP;
            double h = b.skip() ? 0 : Math.max(MIN_BLOCK_H, zone * b.expansion() / scale);
            double y = mid - h / 2;
            List<SliceShape> slices = new ArrayList<>();
            double sy = y;
            for (Slice s : b.slices()) {
                double sh = b.expansion() == 0 ? 0 : h * s.expansion() / b.expansion();
                slices.add(new SliceShape(s, sy, sh));
                sy += sh;
            }
            shapes.add(new BlockShape(b, x, y, w[i], h, slices));
            x += w[i];
        }
        x += END_GAP;
        double headH = Math.min(zone, Math.max(22, zone * 0.5));
        Box head = new Box(x, mid - headH / 2, HEAD_W, headH, headLabel);

        List<StageBand> bands = new ArrayList<>();
        int i = 0;
        while (i < shapes.size()) {
            int stage = shapes.get(i).block().stage();
            int j = i;
            while (j + 1 < shapes.size() && shapes.get(j + 1).block().stage() == stage) j++;
            double x0 = shapes.get(i).x() - BLOCK_GAP / 2, x1 = shapes.get(j).x() + shapes.get(j).w() + BLOCK_GAP / 2;
            StageText text = stage < stageTexts.size() ? stageTexts.get(stage) : StageText.of(stage, List.of(), List.of());
            bands.add(new StageBand(stage, x0, x1 - x0, text));
            i = j + 1;
        }
        return new NetworkLayout(width, height, mid, top, bottom, stem, head, shapes, bands, scale, showsLatency);
    }

    /** Widths proportional to the output channels, none below MIN_BLOCK_W nor above MAX_BLOCK_W, summing to avail. */
    static double[] widths(List<PictureBlock> blocks, double avail) {
        int n = blocks.size();
        double[] w = new double[n];
        if (n == 0) return w;
        double sumC = blocks.stream().mapToDouble(PictureBlock::outChannels).sum();
        double k = avail / Math.max(1, sumC);
        // Clamping some blocks changes what is left for the others: a few rounds settle it.
        for (int round = 0; round < 8; round++) {
            double fixed = 0, free = 0;
            for (PictureBlock b : blocks) {
                double v = k * b.outChannels();
                if (v < MIN_BLOCK_W) fixed += MIN_BLOCK_W;
                else if (v > MAX_BLOCK_W) fixed += MAX_BLOCK_W;
                else free += b.outChannels();
            }
            if (free == 0) break;
            double next = Math.max(0, avail - fixed) / free;
            if (Math.abs(next - k) < 1e-9) break;
            k = next;
        }
        for (int i = 0; i < n; i++) w[i] = Math.max(MIN_BLOCK_W, Math.min(MAX_BLOCK_W, k * blocks.get(i).outChannels()));
        return w;
    }

    // ---- what to draw ------------------------------------------------------------------------------------------

    /** The blocks of a supernet: one slice per superkernel at its candidates and largest expansion. */
    public static List<PictureBlock> ofSupernet(Supernet s, List<BlockPosition> positions) {
        List<PictureBlock> out = new ArrayList<>();
        for (BlockPosition p : positions) {
            List<Slice> slices = new ArrayList<>();
            for (int j = 0; j < p.superkernels().size(); j++) {
                List<Integer> es = p.expansionsOf(j);
                slices.add(new Slice(p.superkernels().get(j).kernelSizes(), es.get(es.size() - 1), es.contains(0)));
            }
            boolean overridden = s.stages().get(p.stage()).overrides().containsKey(p.indexInStage());
            out.add(new PictureBlock(p.stage(), p.indexInStage(), p.index(), p.inChannels(), p.outChannels(), p.stride(),
                    p.residual(), slices, p.seRatio() > 0, p.activation(), false, overridden, -1, false));
        }
        return out;
    }

    /**
     * The blocks of an architecture: one slice per merged branch (paper Fig. 8) at its expansion; {@code cycles}
     * (may be null) gives each block's simulated cycles, {@code differs} the indices to highlight.
     */
    public static List<PictureBlock> ofArchitecture(Architecture a, long[] cycles, Set<Integer> differs) {
        List<PictureBlock> out = new ArrayList<>();
        int stage = Integer.MIN_VALUE, inStage = 0;
        for (int i = 0; i < a.blocks().size(); i++) {
            Block b = a.blocks().get(i);
            inStage = b.stage() == stage ? inStage + 1 : 0;
            stage = b.stage();
            List<Slice> slices = new ArrayList<>();
            for (Branch br : b.mergedBranches()) slices.add(new Slice(List.of(br.kernel()), br.expansion(), false));
            out.add(new PictureBlock(b.stage(), inStage, i, b.inChannels(), b.outChannels(), b.stride(), b.residual(),
                    slices, b.seChannels() > 0, b.activation(), b.isSkip(), false,
                    cycles == null || i >= cycles.length ? -1 : cycles[i], differs != null && differs.contains(i)));
        }
        return out;
    }
}
