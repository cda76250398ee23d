package org.s3nas.workbench.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gui [project]}: opens the workbench (the default with no arguments); Main adds it to the command line. */
@Command(name = "gui", mixinStandardHelpOptions = true,
        description = "Open the workbench window, on the given project or on the bundled sample.")
public final class GuiCommand implements Callable<Integer> {
    private static volatile boolean launched;

    @Parameters(arity = "0..1", paramLabel = "PROJECT", description = "Project file to open (default: the bundled fashion-mnist sample).")
    Path project;

    /** True once the window was launched: the JavaFX runtime then owns the process. */
    public static boolean launched() { return launched; }

    @Override
    public Integer call() {
        launched = true;
        WorkbenchLauncher.launch(project);
        return 0;
    }
}
