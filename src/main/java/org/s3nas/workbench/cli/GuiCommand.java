package org.s3nas.workbench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gui [project]}: opens the workbench (the default with no arguments). */
@Command(name = "gui", mixinStandardHelpOptions = true,
        description = "Open the workbench window, on the given project or on the bundled sample.")
final class GuiCommand implements Callable<Integer> {
    private static volatile boolean launched;

    @Parameters(arity = "0..1", paramLabel = "PROJECT", description = "Project file to open (default: the bundled fashion-mnist sample).")
    Path project;

    static boolean launched() { return launched; }

    @Override
    public Integer call() {
        launched = true;
        org.s3nas.workbench.app.WorkbenchLauncher.launch(project);
        return 0;
    }
}
