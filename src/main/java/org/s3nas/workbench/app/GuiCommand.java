package org.s3nas.workbench.app;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gui [project]}: opens the workbench (the default with no arguments, or with a project file as the only argument); Main adds it to the command line. */
@Command(name = "gui", mixinStandardHelpOptions = true,
        description = "Open the workbench window, on the given project or on the bundled sample.")
public final class GuiCommand implements Callable<Integer> {
    /** Exit code when the window cannot open on this machine (no display, or the desktop libraries are missing). */
    public static final int NO_DESKTOP = 3;
    private static volatile boolean launched;

    @Parameters(arity = "0..1", paramLabel = "PROJECT", description = "Project file to open (default: the bundled fashion-mnist sample).")
    Path project;

    @Spec
    CommandSpec spec;

    private final Supplier<Optional<String>> desktopProblem;

    public GuiCommand() {
        this(() -> DesktopLibraries.ofThisMachine().problem());
    }

    /** With the desktop check given (tests stub the library lookup). */
    public GuiCommand(Supplier<Optional<String>> desktopProblem) {
        this.desktopProblem = desktopProblem;
    }

    /** True once the window was launched: the JavaFX runtime then owns the process. */
    public static boolean launched() { return launched; }

    @Override
    public Integer call() {
        Optional<String> problem = desktopProblem.get();
        if (problem.isPresent()) {
            spec.commandLine().getErr().println(problem.get());
            return NO_DESKTOP;
        }
        launched = true;
        WorkbenchLauncher.launch(project);
        return 0;
    }
}
