package org.s3nas.workbench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bench <what>}: speed figures of the engines (speed targets are checked here, never by timed unit tests). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the speed of an engine and print figures.")
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Registers {@code bench <name>}, creating the {@code bench} command the first time (one line per benchmark). */
    static void add(CommandLine root, String name, Object command) {
        CommandLine bench = root.getSubcommands().get("bench");
        if (bench == null) {
            root.addSubcommand("bench", new BenchCommand());
            bench = root.getSubcommands().get("bench");
        }
        bench.addSubcommand(name, command);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
