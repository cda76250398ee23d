package org.s3nas.workbench;

import org.s3nas.workbench.app.GuiCommand;
import org.s3nas.workbench.app.timeline.BenchTimelineCommand;
import org.s3nas.workbench.cli.S3nasCli;
import picocli.CommandLine;

/**
 * Entry point. Deliberately not a JavaFX {@code Application}: command-line modes must run without a display.
 * No argument, a project file as the only argument, or {@code gui [project]} opens the workbench; any other
 * subcommand runs headless.
 */
public final class Main {
    private Main() {}

    /** The headless commands, plus the two that need the window's code (cli itself never uses app). */
    public static CommandLine commandLine() {
        CommandLine cl = S3nasCli.commandLine();
        cl.addSubcommand("gui", new GuiCommand());
        cl.getSubcommands().get("bench").addSubcommand("timeline", new BenchTimelineCommand());
        return cl;
    }

    public static void main(String[] args) {
        CommandLine cl = commandLine();
        int code = cl.execute(S3nasCli.withDefaultCommand(cl, args));
        // once the workbench window is open, the JavaFX runtime owns the process
        if (!GuiCommand.launched()) System.exit(code);
    }
}
