package org.s3nas.workbench.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code s3nas} command: the engines without a window, for batch runs and scripts. */
@Command(name = "s3nas", mixinStandardHelpOptions = true, versionProvider = S3nasCli.Version.class,
        description = "S3NAS Workbench: NPU-aware neural architecture search on a simulated MIDAP NPU.",
        subcommands = {CommandLine.HelpCommand.class, ValidateCommand.class, ScaleCommand.class, SeRankCommand.class,
                ProfileCommand.class, EstimateCommand.class, SearchCommand.class, BenchCommand.class, SimulateCommand.class,
                TrainCommand.class, RandomSearchCommand.class, ReportCommand.class, ExportSearchCommand.class,
                ExportTrainingCommand.class})
public final class S3nasCli implements Runnable {

    /**
     * Builds the command line with every subcommand: those in the {@code subcommands} of this class's and
     * {@link BenchCommand}'s annotations, each named by its own {@code @Command(name)}.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new S3nasCli());
        cl.setExecutionExceptionHandler(S3nasCli::failed);
        return cl;
    }

    /** Runs the headless command line; returns the exit code. Main adds the window's commands (gui, bench timeline). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /**
     * What a command did not handle itself: one line on stderr naming the command and what went wrong (never a stack
     * trace). Exit 2 for bad input (the engines throw IllegalArgument/IllegalState for inputs they cannot handle, I/O
     * errors name their file), 1 for anything else.
     */
    static int failed(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        java.io.PrintWriter err = cl.getErr();
        err.println(cl.getCommandName() + ": " + org.s3nas.workbench.model.EngineFailure.describe(e));
        err.flush();
        return e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException ? 2 : 1;
    }

    /**
     * The arguments picocli parses: no argument means {@code gui}, and so does a project file given as the only
     * argument ({@code s3nas project.json}, as the README shows); anything else is left as it is.
     */
    public static String[] withDefaultCommand(CommandLine cl, String... args) {
        if (args.length == 0) return new String[]{"gui"};
        if (args.length == 1 && !args[0].startsWith("-") && !cl.getSubcommands().containsKey(args[0])
                && (args[0].toLowerCase(Locale.ROOT).endsWith(".json") || isFile(args[0])))
            return new String[]{"gui", args[0]};
        return args;
    }

    private static boolean isFile(String arg) {
        try {
            return Files.isRegularFile(Path.of(arg));
        } catch (InvalidPathException e) {
            return false;
        }
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
