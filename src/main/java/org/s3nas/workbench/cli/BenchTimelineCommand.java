package org.s3nas.workbench.cli;

import java.util.List;
import java.util.concurrent.Callable;
import javafx.application.Platform;
import org.s3nas.workbench.app.timeline.FrameBench;
import org.s3nas.workbench.app.timeline.TimelineData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench timeline}: median frame time of the timeline view's painter on a 100,000-event timeline, headless
 * (Monocle, software rendering), at full zoom-out and at a mid zoom.
 */
@Command(name = "timeline", mixinStandardHelpOptions = true,
        description = "Benchmark the timeline painter: median ms per frame (drawn and rasterised, headless Monocle, "
                + "software pipeline) on a timeline of real simulated runs repeated back to back, at full zoom-out and a mid zoom.")
final class BenchTimelineCommand implements Callable<Integer> {
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
        if (events < 1 || frames < 1 || warmup < 0 || width < 400 || height < 100 || !(midZoom >= 1)) {
            System.err.println("bench timeline: need --events >= 1, --frames >= 1, --warmup >= 0, --width >= 400, --height >= 100, --mid-zoom >= 1");
            return 2;
        }
        long t0 = System.nanoTime();
        TimelineData d = FrameBench.repeated(network, events);
        System.out.printf("built %s in %.1f s%n", d.network(), (System.nanoTime() - t0) / 1e9);
        FrameBench.startHeadless(); // sets glass.platform=Monocle, monocle.platform=Headless, prism.order=sw first
        try {
            List<FrameBench.Result> r = FrameBench.run(d, width, height, frames, warmup, midZoom);
            FrameBench.print(System.out, d, r, width, height, frames);
        } finally {
            Platform.exit();
        }
        return 0;
    }
}
