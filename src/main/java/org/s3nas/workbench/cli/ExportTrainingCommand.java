package org.s3nas.workbench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.s3nas.workbench.workspace.Workspace;
import org.s3nas.workbench.io.export.TrainingPackageExporter;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code export-training <project> --architecture NAME --out DIR}: the final training of one architecture (the recipe
 * {@code train} uses, with the same options) as a Python package for PyTorch (one process, or DDP under torchrun on one
 * or several machines) that writes the workbench's training run-folder format.
 */
@Command(name = "export-training", mixinStandardHelpOptions = true,
        description = {"Write the final training of an architecture (the network as the workbench trains it, the recipe of 'train' with "
                + "the same options, a PyTorch implementation with DDP) as a self-contained Python package.",
                "Its run folder is a training run folder of the workbench (Training view, se-rank)."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:written", "2:bad project, architecture, options or folder"})
final class ExportTrainingCommand extends ProjectCommand {
    @Mixin
    ArchitectureOptions architecture;

    @Mixin
    TrainRecipeOptions recipe;

    @Mixin
    PythonPackageOptions pkg;

    @Mixin
    SeOptions se;

    @Option(names = "--initial-state", description = "Also write the ND4J network's initial weights (initial-state/), "
            + "which train.py --initial-state starts from.")
    boolean initialState;

    @Override
    int run(Project p, PrintWriter o, PrintWriter err) {
        Architecture a;
        TrainConfig c;
        double simulated;
        try {
            a = architecture.resolve(p);
            a = se.applyTo(a);
            c = recipe.config(p);
        } catch (IllegalArgumentException e) {
            return fail(err, 2, "export-training: " + e.getMessage());
        }
        try {
            simulated = new MidapSimulator(p.npu()).latencyMs(a);
        } catch (RuntimeException e) {
            return fail(err, 2, "export-training: architecture '" + a.name() + "' cannot be simulated on the project's NPU: " + e.getMessage());
        }
        try {
            Path runFolder = Workspace.of(project).trainingDirectory(a.name());
            List<Path> files = TrainingPackageExporter.export(p.name(), a, c, simulated, projectFolder(), runFolder, pkg.out,
                    initialState);
            o.println(String.format(Locale.ROOT, "exported the training of '%s' (%d blocks, simulated %.4f ms; %d epochs, batch %d) to %s (%d files)",
                    a.name(), a.blocks().size(), simulated, c.epochs(), c.batchSize(), pkg.out, files.size()));
            pkg.printRunLine(o, "train.py");
            o.println("its run folder (default " + runFolder
                    + ") is listed by the Training view; se-rank reads its model");
            o.flush();
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            return fail(err, 2, "export-training: " + e.getMessage());
        }
    }
}
