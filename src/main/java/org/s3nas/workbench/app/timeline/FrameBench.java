package org.s3nas.workbench.app.timeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.WritableImage;
import org.s3nas.workbench.model.NpuConfig;
import org.s3nas.workbench.npu.LayerResult;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.npu.ReferenceNetworks;
import org.s3nas.workbench.npu.SimulationResult;
import org.s3nas.workbench.npu.TimelineEvent;

/**
 * Frame times of the timeline painter on a large real timeline: a reference network simulated once and its run
 * repeated back to back (as a batch of inferences would run) until it has the requested number of events. Frames
 * are drawn on an offscreen canvas on the FX thread; each is timed twice, for the draw calls alone and until the
 * canvas is rasterised (a snapshot, which also reads the pixels back).
 */
public final class FrameBench {
    /** What one zoom level measured. */
    public record Result(String zoom, double windowCycles, int eventsInWindow, int rectangles, double medianDrawMs,
                         double medianFrameMs, double p90FrameMs, double bestFrameMs, double medianCpuMs) {}

    private FrameBench() {}

    /** The run of {@code network} repeated until it has at least {@code events} events. */
    public static TimelineData repeated(String network, int events) {
        NpuConfig npu = NpuConfig.midap();
        SimulationResult r = new MidapSimulator(npu).simulate(ReferenceNetworks.byName(network, npu));
        int perRun = r.timeline().size();
        int runs = Math.max(1, (events + perRun - 1) / perRun);
        int stages = 0, blocks = 0;
        for (LayerResult l : r.layers()) {
            stages = Math.max(stages, l.stage() + 1);
            blocks = Math.max(blocks, l.block() + 1);
        }
        List<LayerResult> layers = new ArrayList<>(r.layers().size() * runs);
        List<TimelineEvent> all = new ArrayList<>(perRun * runs);
        long offset = 0;
        for (int k = 0; k < runs; k++) {
            int base = k * r.layers().size();
            int so = k * stages, bo = k * blocks;
            String suffix = runs == 1 ? "" : "#" + (k + 1);
            for (LayerResult l : r.layers()) {
                layers.add(new LayerResult(base + l.index(), l.name() + suffix, l.kind(), l.stage() < 0 ? -1 : l.stage() + so,
                        l.block() < 0 ? -1 : l.block() + bo, l.segment(), l.role(), l.startCycle() + offset, l.endCycle() + offset,
                        l.computeCycles(), l.featureStall(), l.weightStall(), l.biasStall(), l.macs(), l.dramBytesRead(),
                        l.dramBytesWritten(), l.macUtilisation(), l.tiled(), l.channelGroups()));
            }
            for (TimelineEvent e : r.timeline().all()) {
                all.add(new TimelineEvent(e.track(), e.start() + offset, e.end() + offset, base + e.layer(),
                        e.block() < 0 ? -1 : e.block() + bo, e.stage() < 0 ? -1 : e.stage() + so, e.label(), e.bytes()));
            }
            offset += r.timeline().endCycle() == 0 ? r.totalCycles() : Math.max(r.totalCycles(), r.timeline().endCycle());
        }
        return new TimelineData(network + " ×" + runs, npu.clockGHz(), offset, layers, all);
    }

    /** Starts the JavaFX toolkit headless on Monocle's software pipeline (call before anything touches JavaFX). */
    public static void startHeadless() throws Exception {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        CompletableFuture<Void> up = new CompletableFuture<>();
        Platform.startup(() -> up.complete(null));
        up.get(30, TimeUnit.SECONDS);
    }

    /**
     * Draws {@code frames} frames of {@code d} (after {@code warmup} untimed ones) at full zoom-out and at a window of
     * {@code 1/midZoom} of the timeline around its middle, on a canvas of {@code width} × {@code height}, with the
     * default rows (the network, its six machine tracks, the stem, stages and head). FX toolkit must be running.
     */
    public static List<Result> run(TimelineData d, int width, int height, int frames, int warmup, double midZoom) throws Exception {
        CompletableFuture<List<Result>> out = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                out.complete(measure(d, width, height, frames, warmup, midZoom));
            } catch (Throwable t) {
                out.completeExceptionally(t);
            }
        });
        return out.get(10, TimeUnit.MINUTES);
    }

    private static List<Result> measure(TimelineData d, int width, int height, int frames, int warmup, double midZoom) {
        TimelinePainter painter = new TimelinePainter();
        double laneW = width - TimelinePainter.LABEL_WIDTH;
        Canvas lanes = new Canvas(laneW, height - TimelinePainter.RULER_HEIGHT);
        Canvas ruler = new Canvas(laneW, TimelinePainter.RULER_HEIGHT);
        Canvas labels = new Canvas(TimelinePainter.LABEL_WIDTH, height);
        List<Lane> rows = d.rows(l -> l.id().equals("network"));
        WritableImage image = new WritableImage((int) laneW, (int) lanes.getHeight());
        SnapshotParameters params = new SnapshotParameters();
        long total = d.totalCycles();
        double m = TimelineChartModel.MARGIN * total;
        double midSpan = total / midZoom, mid = total / 2.0;
        double[][] windows = {{-m, total + m}, {mid - midSpan / 2, mid + midSpan / 2}};
        String[] names = {"full zoom-out", String.format(Locale.ROOT, "mid zoom (1/%.0f)", midZoom)};
        List<Result> results = new ArrayList<>();
        // CPU time of the two threads a frame runs on (FX thread: draw calls; renderer: rasterising), which other
        // processes competing for the cores do not inflate the way they inflate wall-clock time
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long fx = Thread.currentThread().getId();
        long[] renderers = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("QuantumRenderer")).mapToLong(Thread::getId).toArray();
        for (int w = 0; w < windows.length; w++) {
            double t0 = windows[w][0], t1 = windows[w][1];
            double[] draw = new double[frames], frame = new double[frames], cpu = new double[frames];
            int rects = 0;
            for (int f = -warmup; f < frames; f++) {
                // a pan of a pixel per frame, so that no two frames are the same
                double shift = (f % 2) * (t1 - t0) / laneW;
                long cpuA = cpu(mx, fx, renderers);
                long a = System.nanoTime();
                rects = painter.paintLanes(lanes.getGraphicsContext2D(), d, rows, t0 + shift, t1 + shift, laneW, lanes.getHeight(), 0, org.s3nas.workbench.app.timeline.TimeUnit.CYCLES);
                painter.paintRuler(ruler.getGraphicsContext2D(), d, t0 + shift, t1 + shift, laneW, org.s3nas.workbench.app.timeline.TimeUnit.CYCLES);
                painter.paintLabels(labels.getGraphicsContext2D(), d, rows, l -> l.id().equals("network"), height, 0, -1, null,
                        org.s3nas.workbench.app.timeline.TimeUnit.CYCLES, t1 - t0);
                long b = System.nanoTime();
                lanes.snapshot(params, image);
                ruler.snapshot(params, null);
                labels.snapshot(params, null);
                long c = System.nanoTime();
                long cpuC = cpu(mx, fx, renderers);
                if (f >= 0) {
                    draw[f] = (b - a) / 1e6;
                    frame[f] = (c - a) / 1e6;
                    cpu[f] = (cpuC - cpuA) / 1e6;
                }
            }
            int inWindow = 0;
            for (Lane l : rows) inWindow += l.refs() == Lane.Refs.EVENTS ? l.slices().countOverlapping(t0, t1) : 0;
            results.add(new Result(names[w], t1 - t0, inWindow, rects, median(draw), median(frame), percentile(frame, 0.9), percentile(frame, 0), median(cpu)));
        }
        return results;
    }

    private static long cpu(java.lang.management.ThreadMXBean mx, long fx, long[] renderers) {
        long sum = Math.max(0, mx.getThreadCpuTime(fx));
        for (long id : renderers) sum += Math.max(0, mx.getThreadCpuTime(id));
        return sum;
    }

    static double median(double[] v) { return percentile(v, 0.5); }

    static double percentile(double[] v, double p) {
        double[] s = v.clone();
        Arrays.sort(s);
        if (s.length == 0) return Double.NaN;
        double i = p * (s.length - 1);
        int lo = (int) Math.floor(i), hi = (int) Math.ceil(i);
        return s[lo] + (s[hi] - s[lo]) * (i - lo);
    }

    /** Prints the results as the bench command's report. */
    public static void print(java.io.PrintWriter out, TimelineData d, List<Result> results, int width, int height, int frames) {
        out.printf(Locale.ROOT, "timeline: %s, %,d events, %,d layers, %,d cycles; frame %d×%d px (lanes %d px wide), %d frames per zoom%n",
                d.network(), d.events().size(), d.layers().size(), d.totalCycles(), width, height,
                (int) (width - TimelinePainter.LABEL_WIDTH), frames);
        boolean met = true, metCpu = true;
        for (Result r : results) {
            out.printf(Locale.ROOT, "%-18s median %6.2f ms per frame wall-clock (best %5.2f, p90 %6.2f), %5.2f ms CPU (draw calls alone %4.2f ms); %,d events in view drawn as %,d rectangles%n",
                    r.zoom() + ":", r.medianFrameMs(), r.bestFrameMs(), r.p90FrameMs(), r.medianCpuMs(), r.medianDrawMs(), r.eventsInWindow(), r.rectangles());
            met &= r.medianFrameMs() < 16;
            metCpu &= r.medianCpuMs() < 16;
        }
        out.println("target < 16 ms per frame: wall-clock median " + (met ? "met" : "NOT met") + ", CPU median " + (metCpu ? "met" : "NOT met"));
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf(Locale.ROOT, "machine: %d cores, load average %.1f (other processes share the cores: compare 'best' when it is high)%n", cores, load);
    }
}
