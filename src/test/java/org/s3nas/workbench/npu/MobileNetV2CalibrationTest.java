package org.s3nas.workbench.npu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.model.NpuConfig;

/** SPEC §3.5: the simulator reproduces the public MobileNetV2 calibration, in total and layer by layer. */
class MobileNetV2CalibrationTest {
    record Ref(String name, long cycles, long stall) {}

    static List<Ref> reference;
    static SimulationResult result;

    @BeforeAll
    static void run() throws IOException {
        reference = new ArrayList<>();
        try (InputStream in = MobileNetV2CalibrationTest.class.getResourceAsStream("mobilenet-v2-reference.txt")) {
            assertNotNull(in, "reference table missing");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                line = line.trim();
                if (line.isEmpty() || line.startsWith("#")) continue;
                String[] p = line.split("\\s+");
                reference.add(new Ref(p[0], Long.parseLong(p[1]), Long.parseLong(p[2])));
            }
        }
        result = new MidapSimulator(NpuConfig.midap()).simulate(ReferenceNetworks.byName("mobilenet-v2"));
        printComparison();
    }

    static void printComparison() {
        System.out.printf("%-10s %9s %9s %7s | %7s %7s%n", "layer", "cycles", "ref", "err%", "stall", "ref");
        List<String[]> worst = new ArrayList<>();
        for (Ref ref : reference) {
            LayerResult l = result.layer(ref.name());
            long c = l == null ? -1 : l.cycles();
            double err = 100.0 * (c - ref.cycles()) / ref.cycles();
            System.out.printf("%-10s %9d %9d %7.2f | %7d %7d%n", ref.name(), c, ref.cycles(), err,
                    l == null ? -1 : l.stallCycles(), ref.stall());
        }
        long refTotal = reference.stream().mapToLong(Ref::cycles).sum();
        System.out.printf("TOTAL %d vs %d (%.3f %%), stalls %d, MACs %d, utilisation %.4f%n", result.totalCycles(), refTotal,
                100.0 * (result.totalCycles() - refTotal) / refTotal, result.stallCycles(), result.macs(), result.macUtilisation());
    }

    @Test
    void sameLayersInSameOrder() {
        assertEquals(reference.size(), result.layers().size(), "layer count");
        for (int i = 0; i < reference.size(); i++) assertEquals(reference.get(i).name(), result.layers().get(i).name(), "layer " + i);
    }

    @Test
    void totalWithinOnePercentOf990038() {
        double err = Math.abs(result.totalCycles() - 990_038) / 990_038.0;
        assertTrue(err < 0.01, "total " + result.totalCycles() + " is " + String.format("%.3f", 100 * err) + " % off 990,038");
    }

    @Test
    void ninetyPercentOfLayersWithinFivePercent() {
        List<String> bad = new ArrayList<>();
        List<double[]> errs = new ArrayList<>();
        for (int i = 0; i < reference.size(); i++) {
            Ref ref = reference.get(i);
            LayerResult l = result.layer(ref.name());
            double err = Math.abs(l.cycles() - ref.cycles()) / (double) ref.cycles();
            errs.add(new double[]{err, i});
            if (err > 0.05) bad.add(ref.name());
        }
        errs.sort(Comparator.comparingDouble((double[] e) -> -e[0]));
        System.out.println("worst layers:");
        for (int i = 0; i < Math.min(5, errs.size()); i++) {
            Ref ref = reference.get((int) errs.get(i)[1]);
            System.out.printf("  %-10s %.2f %% (%d vs %d)%n", ref.name(), 100 * errs.get(i)[0],
                    result.layer(ref.name()).cycles(), ref.cycles());
        }
        assertTrue(bad.size() <= reference.size() / 10, "layers more than 5 % off: " + bad);
    }

    @Test
    void stallsAndMacsAsPublished() {
        // SPEC §3.5: about 150,000 stall cycles and 300.8 M MACs (utilisation about 0.30)
        assertTrue(Math.abs(result.stallCycles() - 150_000) < 15_000, "stalls " + result.stallCycles());
        assertTrue(Math.abs(result.macs() - 300_800_000L) < 3_000_000L, "MACs " + result.macs());
        assertEquals(0.30, result.macUtilisation(), 0.01);
    }
}
