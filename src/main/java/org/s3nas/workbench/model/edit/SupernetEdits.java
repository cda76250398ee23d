package org.s3nas.workbench.model.edit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.s3nas.workbench.model.Activation;
import org.s3nas.workbench.model.BlockKind;
import org.s3nas.workbench.model.Stage;
import org.s3nas.workbench.model.Superkernel;
import org.s3nas.workbench.model.Supernet;

/**
 * Structural edits of a supernet: stages (insert, remove, duplicate, move), blocks within a stage (depth changes
 * that keep each per-block override on its block) and overrides. Every method returns a new record; indices are
 * 0-based and checked, with a message that names the stage or block.
 */
public final class SupernetEdits {
    private SupernetEdits() {}

    /** The superkernels of the paper's MixConv block: kernels {3,5}, {3,5}, {3,5,7}, expansions {0,2}. */
    public static List<Superkernel> paperMixConv() {
        return List.of(new Superkernel(List.of(3, 5), List.of(0, 2), false),
                new Superkernel(List.of(3, 5), List.of(0, 2), false),
                new Superkernel(List.of(3, 5, 7), List.of(0, 2), true));
    }

    /**
     * A new stage at {@code index}, like its neighbour (the stage before it, else the one after): same width,
     * block kind, superkernels, SE, activation and residual, one block, stride 1 and no overrides, so that adding a
     * stage never shrinks the feature map. Without a neighbour it is a paper MixConv stage of 32 channels.
     */
    public static Supernet insertStage(Supernet s, int index) {
        checkInsert(s.stages().size(), index, "stage");
        Stage like = index > 0 ? s.stages().get(index - 1) : s.stages().isEmpty() ? null : s.stages().get(0);
        Stage fresh = like == null
                ? new Stage(32, 1, 1, BlockKind.MIXCONV, paperMixConv(), 0, Activation.RELU)
                : new Stage(like.width(), 1, 1, like.kind(), like.superkernels(), like.seRatio(), like.activation(),
                like.residual(), Map.of());
        List<Stage> stages = new ArrayList<>(s.stages());
        stages.add(index, fresh);
        return s.withStages(stages);
    }

    /** Appends a stage (see {@link #insertStage}). */
    public static Supernet addStage(Supernet s) { return insertStage(s, s.stages().size()); }

    public static Supernet removeStage(Supernet s, int index) {
        checkIndex(s.stages().size(), index, "stage");
        if (s.stages().size() == 1) throw new IllegalArgumentException("the only stage cannot be removed: a supernet needs at least one stage");
        List<Stage> stages = new ArrayList<>(s.stages());
        stages.remove(index);
        return s.withStages(stages);
    }

    /** A copy of stage {@code index} (overrides included) inserted right after it. */
    public static Supernet duplicateStage(Supernet s, int index) {
        checkIndex(s.stages().size(), index, "stage");
        List<Stage> stages = new ArrayList<>(s.stages());
        stages.add(index + 1, stages.get(index));
        return s.withStages(stages);
    }

    /** Moves stage {@code from} to position {@code to} (the others keep their order). */
    public static Supernet moveStage(Supernet s, int from, int to) {
        checkIndex(s.stages().size(), from, "stage");
        checkIndex(s.stages().size(), to, "stage");
        List<Stage> stages = new ArrayList<>(s.stages());
        stages.add(to, stages.remove(from));
        return s.withStages(stages);
    }

    /** Applies {@code change} to stage {@code index}. */
    public static Supernet updateStage(Supernet s, int index, java.util.function.UnaryOperator<Stage> change) {
        checkIndex(s.stages().size(), index, "stage");
        return s.withStage(index, change.apply(s.stages().get(index)));
    }

    /** The stage at a new depth; overrides of blocks that no longer exist are dropped. */
    public static Stage withDepth(Stage st, int depth) {
        if (st.overrides().keySet().stream().allMatch(k -> k < depth)) return st.withDepth(depth);
        Map<Integer, List<Superkernel>> kept = new HashMap<>();
        st.overrides().forEach((k, v) -> { if (k < depth) kept.put(k, v); });
        return st.withDepth(depth).withOverrides(kept);
    }

    /**
     * A new block at {@code at} (0..depth): the stage gets one block deeper and the overrides of the blocks from
     * {@code at} on move with their blocks. {@code own} gives the new block its own superkernels (null: the stage's).
     */
    public static Stage insertBlock(Stage st, int at, List<Superkernel> own) {
        checkInsert(st.depth(), at, "block");
        Map<Integer, List<Superkernel>> shifted = new HashMap<>();
        st.overrides().forEach((k, v) -> shifted.put(k >= at ? k + 1 : k, v));
        if (own != null && !own.equals(st.superkernels())) shifted.put(at, own);
        return st.withDepth(st.depth() + 1).withOverrides(shifted);
    }

    /** Removes block {@code index}; the overrides of the blocks after it move with their blocks. */
    public static Stage removeBlock(Stage st, int index) {
        checkIndex(st.depth(), index, "block");
        if (st.depth() == 1) throw new IllegalArgumentException("the only block of a stage cannot be removed: remove the stage instead");
        Map<Integer, List<Superkernel>> shifted = new HashMap<>();
        st.overrides().forEach((k, v) -> { if (k != index) shifted.put(k > index ? k - 1 : k, v); });
        return st.withDepth(st.depth() - 1).withOverrides(shifted);
    }

    /** A copy of block {@code index} (its own superkernels, if it has them) inserted right after it. */
    public static Stage duplicateBlock(Stage st, int index) {
        checkIndex(st.depth(), index, "block");
        return insertBlock(st, index + 1, st.overrides().get(index));
    }

    /**
     * Block {@code block} with its own superkernels. Superkernels equal to the stage's mean "no override": the
     * override is removed, so that a stage never carries overrides that change nothing.
     */
    public static Stage withOverride(Stage st, int block, List<Superkernel> sks) {
        checkIndex(st.depth(), block, "block");
        Map<Integer, List<Superkernel>> o = new TreeMap<>(st.overrides());
        if (sks.equals(st.superkernels())) o.remove(block);
        else o.put(block, List.copyOf(sks));
        return st.withOverrides(o);
    }

    /** Block {@code block} back on the stage's superkernels. */
    public static Stage withoutOverride(Stage st, int block) {
        if (!st.overrides().containsKey(block)) return st;
        Map<Integer, List<Superkernel>> o = new HashMap<>(st.overrides());
        o.remove(block);
        return st.withOverrides(o);
    }

    /** The stage's superkernels replaced by {@code sks} for every block: the overrides are cleared. */
    public static Stage applyToEveryBlock(Stage st, List<Superkernel> sks) {
        return st.withSuperkernels(sks).withOverrides(Map.of());
    }

    /**
     * Stage {@code source}'s block kind and superkernels for every block of every stage (overrides cleared); widths,
     * depths, strides, SE and activations stay.
     */
    public static Supernet applyToEveryStage(Supernet s, int source) {
        checkIndex(s.stages().size(), source, "stage");
        Stage src = s.stages().get(source);
        List<Stage> stages = new ArrayList<>();
        for (Stage st : s.stages()) stages.add(applyToEveryBlock(st.withKind(src.kind()), src.superkernels()));
        return s.withStages(stages);
    }

    static void checkIndex(int size, int index, String what) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("there is no " + what + " " + (index + 1) + " (there "
                    + (size == 1 ? "is 1 " + what : "are " + size + " " + what + "s") + ")");
        }
    }

    private static void checkInsert(int size, int index, String what) {
        if (index < 0 || index > size) {
            throw new IllegalArgumentException("a " + what + " can be inserted at 1.." + (size + 1) + ", not at " + (index + 1));
        }
    }
}
