package org.s3nas.workbench.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code s3nas} command: the engines without a window, for batch runs and scripts. */
@Command(name = "s3nas", mixinStandardHelpOptions = true, versionProvider = S3nasCli.Version.class,
        description = "S3NAS Workbench: NPU-aware neural architecture search on a simulated MIDAP NPU.",
        subcommands = {CommandLine.HelpCommand.class})
public final class S3nasCli implements Runnable {

    /** Builds the command line with every subcommand (one line each, so parallel additions merge cleanly). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new S3nasCli());
        cl.addSubcommand("validate", new ValidateCommand());
        cl.addSubcommand("scale", new ScaleCommand());
        cl.addSubcommand("se-rank", new SeRankCommand());
        cl.addSubcommand("profile", new ProfileCommand());
        cl.addSubcommand("estimate", new EstimateCommand());
        cl.addSubcommand("search", new SearchCommand());
        cl.addSubcommand("bench", new BenchCommand());
        cl.addSubcommand("simulate", new SimulateCommand());
        cl.addSubcommand("train", new TrainCommand());
        cl.addSubcommand("random-search", new RandomSearchCommand());
        cl.addSubcommand("report", new ReportCommand());
        cl.addSubcommand("export-search", new ExportSearchCommand());
        cl.getSubcommands().get("bench").addSubcommand("simulator", new BenchSimulatorCommand());
        cl.getSubcommands().get("bench").addSubcommand("costs", new BenchCostsCommand());
        return cl;
    }

    /** Runs the headless command line; returns the exit code. Main adds the window's commands (gui, bench timeline). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = S3nasCli.class.getPackage().getImplementationVersion();
            return new String[]{"s3nas " + (v == null ? "development build" : v)};
        }
    }
}
