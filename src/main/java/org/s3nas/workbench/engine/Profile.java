package org.s3nas.workbench.engine;

import java.util.EnumMap;
import java.util.Map;

/**
 * Where a step's time goes ({@code bench engine --profile}): exclusive wall time per part of the engine, measured on
 * the calling thread (a part that runs inside another pauses its parent). Off by default; when off, {@link #push} and
 * {@link #pop} only test a flag.
 */
public final class Profile {
    /** The parts of a step. */
    public enum Part {
        STEM("stem im2col + GEMMs"), EXPAND_GEMM("expand 1x1 GEMMs (fwd, dX, dW)"), PROJECT_GEMM("project 1x1 GEMMs (fwd, dX, dW)"),
        BN_FWD("BN + act forward"), BN_BWD("BN + act backward"), DW_FWD("depthwise forward"),
        DW_BWD_INPUT("depthwise input gradient"), DW_BWD_WEIGHT("depthwise weight gradient"), COPY("heap <-> native copies"),
        HEAD("head + pool + FC"), CHAIN("mask chaining"), OPTIMISER("decay, clip, RMSProp, upload"), OTHER("other");

        final String label;

        Part(String label) { this.label = label; }
    }

    private static boolean on;
    private static final long[] TOTAL = new long[Part.values().length];
    private static final Part[] STACK = new Part[32];
    private static int depth;
    private static long last;

    private Profile() {}

    /** Clears the totals. */
    public static void reset() {
        java.util.Arrays.fill(TOTAL, 0);
    }

    /** Starts (or resumes) timing; everything outside a pushed part counts as OTHER. */
    public static void start() {
        depth = 0;
        STACK[0] = Part.OTHER;
        last = now();
        on = true;
    }

    /** Pauses timing (the totals stay). */
    public static void stop() {
        if (on) account();
        on = false;
    }

    public static void push(Part p) {
        if (!on) return;
        account();
        STACK[++depth] = p;
    }

    public static void pop() {
        if (!on) return;
        account();
        depth--;
    }

    private static long now() { return System.nanoTime(); }

    private static void account() {
        long now = now();
        TOTAL[STACK[depth].ordinal()] += now - last;
        last = now;
    }

    /** Milliseconds per part since {@link #reset()}, in declaration order. */
    public static Map<Part, Double> millis() {
        Map<Part, Double> m = new EnumMap<>(Part.class);
        for (Part p : Part.values()) m.put(p, TOTAL[p.ordinal()] / 1e6);
        return m;
    }

    public static String label(Part p) { return p.label; }
}
