package org.s3nas.workbench.cli;

import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code bench ...}: speed figures printed by commands, never by timed unit tests; what its subcommands share. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure speeds.",
        subcommands = {BenchEngineCommand.class, BenchEstimatorCommand.class, BenchSimulatorCommand.class,
                BenchCostsCommand.class})
final class BenchCommand implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** The median of timed runs (the mean of the middle two for an even count). */
    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
