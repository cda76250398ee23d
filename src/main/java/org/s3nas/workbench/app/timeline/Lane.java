package org.s3nas.workbench.app.timeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One row of the timeline: a machine track, a group (the network, the stem, a stage, a block, the head) or a layer.
 * Lanes form a tree; a collapsed group still draws a summary (a stage its blocks, a block its layers), an expanded
 * one adds its children below it.
 */
public final class Lane {
    /** What the lane's slices refer to. */
    public enum Refs { EVENTS, LAYERS, BLOCKS }

    private final String id;
    private final String label;
    private final String caption;
    private final int depth;
    private final Refs refs;
    private final Slices slices;
    private final int layer;
    private final int block;
    private final long cycles;
    private final List<Lane> children = new ArrayList<>();
    private final List<Lane> childrenView = Collections.unmodifiableList(children);
    private Lane parent;

    /**
     * @param id      stable across re-simulations of the same network (expansion state is kept by id)
     * @param caption a short figure shown at the right of the label (may be empty)
     * @param layer   the layer this lane stands for, or -1
     * @param block   the block (index into {@link TimelineData#blocks()}) this lane stands for, or -1
     * @param cycles  cycles of what the lane stands for (its share of the network is shown), or -1
     */
    Lane(String id, String label, String caption, int depth, Refs refs, Slices slices, int layer, int block, long cycles) {
        this.id = id;
        this.label = label;
        this.caption = caption;
        this.depth = depth;
        this.refs = refs;
        this.slices = slices;
        this.layer = layer;
        this.block = block;
        this.cycles = cycles;
    }

    Lane add(Lane child) {
        child.parent = this;
        children.add(child);
        return child;
    }

    public String id() { return id; }

    public String label() { return label; }

    public String caption() { return caption; }

    public int depth() { return depth; }

    public Refs refs() { return refs; }

    public Slices slices() { return slices; }

    public int layer() { return layer; }

    public int block() { return block; }

    public long cycles() { return cycles; }

    public List<Lane> children() { return childrenView; }

    public boolean expandable() { return !children.isEmpty(); }

    public Lane parent() { return parent; }

    @Override
    public String toString() { return id; }
}
