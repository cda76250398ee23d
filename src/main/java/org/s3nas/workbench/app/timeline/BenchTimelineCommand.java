package org.s3nas.workbench.app.timeline;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import javafx.application.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench timeline}: median frame time of the timeline view's painter on a 100,000-event timeline, headless
 * (Monocle, software rendering), at full zoom-out and at a mid zoom. It needs the view, so it lives beside it;
 * Main adds it to the command line (cli never uses app), and it writes through the command line's own writers.
 */
@Command(name = "timeline", mixinStandardHelpOptions = true,
        description = "Benchmark the timeline painter: median ms per frame (drawn and rasterised, headless Monocle, "
                + "software pipeline) on a timeline of real simulated runs repeated back to back, at full zoom-out and a mid zoom.")
public final class BenchTimelineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--network", defaultValue = "efficientnet-b4", description = "Reference network whose run is repeated (default: ${DEFAULT-VALUE}).")
    String network;

    @Option(names = "--events", defaultValue = "100000", description = "At least this many events (default: ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--frames", defaultValue = "50", description = "Timed frames per zoom level (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--warmup", defaultValue = "30", description = "Untimed frames first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--width", defaultValue = "1600", description = "Frame width in pixels, lane labels included (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", defaultValue = "600", description = "Frame height in pixels (default: ${DEFAULT-VALUE}).")
    int height;

    @Option(names = "--mid-zoom", defaultValue = "16", description = "The mid zoom shows 1/N of the timeline (default: ${DEFAULT-VALUE}).")
    double midZoom;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (events < 1 || frames < 1 || warmup < 0 || width < 400 || height < 100 || !(midZoom >= 1)) {
            spec.commandLine().getErr().println("bench timeline: need --events >= 1, --frames >= 1, --warmup >= 0, --width >= 400, --height >= 100, --mid-zoom >= 1");
            return 2;
        }
        long t0 = System.nanoTime();
        TimelineData d = FrameBench.repeated(network, events);
        out.printf("built %s in %.1f s%n", d.network(), (System.nanoTime() - t0) / 1e9);
        FrameBench.startHeadless(); // sets glass.platform=Monocle, monocle.platform=Headless, prism.order=sw first
        try {
            List<FrameBench.Result> r = FrameBench.run(d, width, height, frames, warmup, midZoom);
            FrameBench.print(out, d, r, width, height, frames);
            out.flush();
        } finally {
            Platform.exit();
        }
        return 0;
    }
}
