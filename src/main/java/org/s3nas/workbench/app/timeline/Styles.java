package org.s3nas.workbench.app.timeline;

import org.s3nas.workbench.npu.LayerKind;
import org.s3nas.workbench.npu.StallCause;
import org.s3nas.workbench.npu.TimelineEvent;
import org.s3nas.workbench.npu.Track;

/**
 * The colour classes of timeline slices, as small ints so that a lane stores one byte per slice; the painter maps
 * them to colours of the current theme.
 */
public final class Styles {
    private Styles() {}

    /** Layer kinds 0..5 in {@link LayerKind} order. */
    public static final int KIND_BASE = 0;
    public static final int FEATURE_LOAD = 6;
    public static final int WEIGHT_LOAD = 7;
    public static final int WRITE = 8;
    public static final int REDUCTION = 9;
    /** Stall causes 10..12 in {@link StallCause} order. */
    public static final int STALL_BASE = 10;
    public static final int BLOCK_EVEN = 13;
    public static final int BLOCK_ODD = 14;
    public static final int COUNT = 15;

    public static int kind(LayerKind k) { return KIND_BASE + k.ordinal(); }

    public static int stall(StallCause c) { return STALL_BASE + c.ordinal(); }

    /** The style of a simulator event: compute coloured by its layer's kind, stalls by their cause. */
    public static int of(TimelineEvent e, LayerKind layerKind) {
        return switch (e.track()) {
            case FEATURE_LOAD -> FEATURE_LOAD;
            case WEIGHT_LOAD -> WEIGHT_LOAD;
            case WRITE -> WRITE;
            case REDUCTION -> REDUCTION;
            case COMPUTE -> kind(layerKind);
            case STALL -> stall(stallCause(e));
        };
    }

    /** The cause of a STALL event, read from its label ("Conv3 weight stall (buffer 1)"). */
    public static StallCause stallCause(TimelineEvent e) {
        if (e.track() != Track.STALL) throw new IllegalArgumentException("not a stall event: " + e.label());
        String l = e.label();
        if (l.contains(" weight stall")) return StallCause.WEIGHT;
        if (l.contains(" bias stall")) return StallCause.BIAS;
        return StallCause.FEATURE;
    }
}
