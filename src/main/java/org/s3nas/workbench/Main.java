package org.s3nas.workbench;

import org.s3nas.workbench.app.GuiCommand;
import org.s3nas.workbench.app.timeline.BenchTimelineCommand;
import org.s3nas.workbench.cli.S3nasCli;
import picocli.CommandLine;

/**
 * Entry point. Deliberately not a JavaFX {@code Application}: command-line modes must run without a display.
 * No argument, or {@code gui [project]}, opens the workbench; any other subcommand runs headless.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length == 0) args = new String[]{"gui"};
        // the headless commands, plus the two that need the window's code (cli itself never uses app)
        CommandLine cl = S3nasCli.commandLine();
        cl.addSubcommand("gui", new GuiCommand());
        cl.getSubcommands().get("bench").addSubcommand("timeline", new BenchTimelineCommand());
        int code = cl.execute(args);
        // once the workbench window is open, the JavaFX runtime owns the process
        if (!GuiCommand.launched()) System.exit(code);
    }
}
