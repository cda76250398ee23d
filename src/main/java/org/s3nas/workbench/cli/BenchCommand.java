package org.s3nas.workbench.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code bench ...}: speed figures printed by commands, never by timed unit tests. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure speeds.",
        subcommands = {BenchEngineCommand.class, BenchEstimatorCommand.class})
final class BenchCommand implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
