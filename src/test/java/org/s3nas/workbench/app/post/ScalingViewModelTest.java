package org.s3nas.workbench.app.post;

import org.s3nas.workbench.app.DirectTaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.prefs.Preferences;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.app.post.ScalingViewModel.CandidateRow;
import org.s3nas.workbench.io.CsvTables;
import org.s3nas.workbench.io.PyTorchExporter;
import org.s3nas.workbench.model.Architecture;
import org.s3nas.workbench.model.Block;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.SavedArchitecture;
import org.s3nas.workbench.npu.MidapSimulator;
import org.s3nas.workbench.post.CompoundScaling;
import org.s3nas.workbench.post.SeTransforms;

import static org.junit.jupiter.api.Assertions.*;

/** The compound scaling panel's model on the fashion-mnist sample, every latency from the MIDAP simulator. Plain JUnit. */
class ScalingViewModelTest {
    private Preferences prefs;
    private DirectTaskExecutor executor;
    private WorkbenchModel model;
    private PostViewModel post;
    private ScalingViewModel vm;
    private ToDoubleFunction<Architecture> simulator;

    @BeforeEach
    void setUp() {
        prefs = PostFixtures.preferences();
        executor = new DirectTaskExecutor();
        Project p = PostFixtures.sample("fashion-mnist.json");
        model = PostFixtures.model(p, executor, prefs);
        post = new PostViewModel(model);
        vm = post.scaling();
        simulator = new MidapSimulator(p.npu())::latencyMs;
    }


    private Architecture largest() { return model.getProject().supernet().largest().withoutSkips(); }

    /** Runs the panel on the supernet's largest network to 1.6 x its own latency. */
    private double runLargest() {
        double target = 1.6 * simulator.applyAsDouble(largest());
        assertTrue(vm.select(ArchitectureChoice.LARGEST));
        vm.targetProperty().set(Double.toString(target));
        assertTrue(vm.run(), vm.errorProperty().get());
        return target;
    }

    @Test
    void offersTheSavedArchitecturesAndTheSupernetsExtremes() {
        assertEquals(List.of(ArchitectureChoice.LARGEST, ArchitectureChoice.SMALLEST),
                vm.architectures().stream().map(ArchitectureChoice::label).toList());
        assertEquals(largest(), vm.architectures().get(0).architecture());
        assertEquals(ArchitectureChoice.LARGEST, vm.architectureProperty().get().label(), "the first choice is selected");
        CompoundScaling.Options d = CompoundScaling.Options.defaults();
        assertEquals(d.alpha(), Double.parseDouble(vm.alphaProperty().get()));
        assertEquals(d.gamma(), Double.parseDouble(vm.gammaProperty().get()));
        assertEquals(d.resolutionMultiple(), Integer.parseInt(vm.resolutionMultipleProperty().get()));
        assertEquals(model.getProject().search().targetLatencyMs(), Double.parseDouble(vm.targetProperty().get()));
    }

    @Test
    void candidatesEqualCompoundScalingsOwnResult() {
        double target = runLargest();
        CompoundScaling.Result expected = new CompoundScaling().search(largest(), target, simulator);
        CompoundScaling.Result shown = vm.getResult();
        assertNotNull(shown);
        assertEquals(expected.candidates(), shown.candidates());
        assertEquals(expected.chosen(), shown.chosen());
        assertEquals(expected.note(), vm.noteProperty().get());
        assertTrue(expected.candidates().size() >= 3, "a grid step, a crossing and a bisection at least: " + expected.candidates().size());

        assertEquals(expected.candidates(), vm.candidates().stream().map(CandidateRow::candidate).toList(), "one row per candidate, in order");
        List<CandidateRow> chosen = vm.candidates().stream().filter(CandidateRow::chosen).toList();
        assertEquals(1, chosen.size());
        CandidateRow c = chosen.get(0);
        assertSame(c, vm.chosenRow());
        assertEquals(expected.chosen(), c.candidate());
        assertTrue(c.meetsTarget());
        assertEquals(expected.chosen().latencyMs() / target, c.ofTarget(), 1e-12);
        assertEquals(expected.chosen().stageDepths().stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElseThrow(), c.stageDepths());
        assertTrue(vm.candidates().stream().anyMatch(r -> !r.meetsTarget()), "the search crossed the target");
        assertEquals(1, executor.titles.size());
        assertTrue(executor.messages.stream().anyMatch(m -> m.startsWith("candidate 1: φ 0.000")), executor.messages.toString());
        assertEquals(expected.candidates().size(), executor.messages.stream().filter(m -> m.startsWith("candidate ")).count(),
                "one progress message per candidate");
        assertFalse(vm.runningProperty().get());
        assertEquals("", vm.errorProperty().get());
    }

    @Test
    void savingTheChosenCandidateAddsItToTheProjectAndIsUndoable() {
        runLargest();
        CompoundScaling.Candidate chosen = vm.getResult().chosen();
        String name = vm.saveNameProperty().get();
        assertTrue(name.contains("scaled to"), name);
        Project before = model.getProject();

        assertTrue(vm.save());
        SavedArchitecture saved = model.getProject().architectures().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
        assertEquals(chosen.architecture().withName(name), saved.architecture());
        assertEquals("scaled", saved.source());
        assertTrue(Double.isNaN(saved.accuracy()), "no accuracy was measured");
        assertTrue(model.isDirty());
        assertTrue(model.canUndoProperty().get());
        assertEquals(name, post.architectures().get(0).label(), "the saved one is offered at once");
        assertNotNull(vm.getResult(), "saving keeps the result on screen");

        model.undo();
        assertEquals(before, model.getProject());
        assertTrue(post.architectures().stream().noneMatch(a -> a.label().equals(name)));
        model.redo();
        assertEquals(saved, model.getProject().architectures().get(0));
    }

    @Test
    void aSelectedRowIsSavedInsteadOfTheChosenOne() {
        runLargest();
        CandidateRow other = vm.candidates().stream().filter(r -> !r.chosen()).findFirst().orElseThrow();
        vm.selectedProperty().set(other);
        vm.saveNameProperty().set("  my pick ");
        assertTrue(vm.save());
        SavedArchitecture saved = model.getProject().architectures().get(0);
        assertEquals("my pick", saved.name());
        assertEquals(other.candidate().architecture().withName("my pick"), saved.architecture());
    }

    @Test
    void badInputIsRefusedWithAMessageNamingTheField() {
        vm.targetProperty().set("fast");
        assertFalse(vm.run());
        assertEquals("Target latency: 'fast' is not a number.", vm.errorProperty().get());
        vm.targetProperty().set("-2");
        assertFalse(vm.run());
        assertTrue(vm.errorProperty().get().startsWith("Target latency: must be more than 0"), vm.errorProperty().get());
        vm.targetProperty().set("0.2");
        vm.alphaProperty().set("1.3");
        assertFalse(vm.run());
        assertTrue(vm.errorProperty().get().startsWith("Scaling options: gamma (resolution base) must be > alpha"), vm.errorProperty().get());
        vm.alphaProperty().set("1.1");
        vm.resolutionMultipleProperty().set("0");
        assertFalse(vm.run());
        assertEquals("Resolution multiple: must be at least 1, was 0.", vm.errorProperty().get());
        vm.resolutionMultipleProperty().set("1");
        vm.architectureProperty().set(null);
        assertFalse(vm.run());
        assertEquals("Architecture: choose one to scale.", vm.errorProperty().get());
        assertTrue(executor.titles.isEmpty(), "nothing was started");
        assertFalse(vm.save(), "nothing to save yet");
        assertEquals("Nothing to save: run the scaling first.", vm.errorProperty().get());
    }

    @Test
    void seAndHswishAreAddedBeforeScalingWhenAsked() {
        vm.addSeProperty().set(true);
        double target = runLargest();
        Architecture base = SeTransforms.withSeAndHswish(largest());
        assertEquals(base, vm.getResult().base());
        assertEquals(new CompoundScaling().search(base, target, simulator).candidates(), vm.getResult().candidates());
        for (Block b : vm.getResult().chosen().architecture().blocks()) assertTrue(b.seChannels() > 0, "SE on " + b);
    }

    @Test
    void exportsTheTableAsCsvAndTheCandidateAsPyTorch(@TempDir Path dir) throws Exception {
        runLargest();
        Path csv = dir.resolve("out/candidates.csv");
        assertTrue(vm.exportCsv(csv), vm.errorProperty().get());
        assertEquals(CsvTables.scalingCandidates(vm.getResult()).toCsv(), Files.readString(csv));
        vm.saveNameProperty().set("scaled-net");
        Path py = dir.resolve("scaled.py");
        assertTrue(vm.exportPyTorch(py), vm.errorProperty().get());
        assertEquals(PyTorchExporter.source(vm.getResult().chosen().architecture().withName("scaled-net"), 0.4), Files.readString(py));
        assertEquals("scaled-net-candidates.csv", vm.suggestedFileName(".csv"));
        assertEquals("scaled-net.py", vm.suggestedFileName(".py"));
    }

    @Test
    void aSimulatorFailureNamesTheCandidateAndKeepsTheOnesBefore() {
        ToDoubleFunction<Architecture> failingAboveTwoMs = a -> {
            double ms = simulator.applyAsDouble(a);
            if (ms > 2 * simulator.applyAsDouble(largest())) throw new IllegalStateException("layer DWConv1: FMEM planning does not end");
            return ms;
        };
        ScalingViewModel failing = new PostViewModel(model, npu -> failingAboveTwoMs, ExcitationSources.none()).scaling();
        failing.targetProperty().set(Double.toString(10 * simulator.applyAsDouble(largest())));
        assertTrue(failing.run());
        String error = failing.errorProperty().get();
        assertTrue(error.startsWith("Compound scaling failed: the simulation of '" + largest().name() + " (c="), error);
        assertTrue(error.endsWith("failed: layer DWConv1: FMEM planning does not end"), error);
        assertNull(failing.getResult());
        assertFalse(failing.runningProperty().get());
        assertTrue(failing.progressProperty().get().startsWith("Stopped after "), failing.progressProperty().get());
    }

    @Test
    void aProjectWithAnotherNpuClearsTheResultsButSavingDoesNot() {
        runLargest();
        assertFalse(vm.candidates().isEmpty());
        model.edit("Rename", p -> p.withName("renamed"));
        assertFalse(vm.candidates().isEmpty(), "the NPU and supernet are the same");
        model.edit("Half the clock", p -> p.withNpu(halfClock(p.npu())));
        assertTrue(vm.candidates().isEmpty(), "latencies of another NPU are no longer true");
        assertNull(vm.getResult());
    }

    static org.s3nas.workbench.model.NpuConfig halfClock(org.s3nas.workbench.model.NpuConfig n) {
        return new org.s3nas.workbench.model.NpuConfig(n.clockGHz() / 2, n.bytesPerValue(), n.cims(), n.lanes(), n.fmemBanks(),
                n.fmemBankBytes(), n.wmemBankBytes(), n.wmemDoubleBuffered(), n.ewmemBytes(), n.biasEntries(), n.reductionEntries(),
                n.dramBytesPerCycle(), n.dramLatencyBase(), n.dramLatencyPerPage(), n.dramPageBytes(), n.dramLatencyPerBurst(),
                n.dramBurstBytes(), n.timeDramWrites(), n.pipelineFillCycles(), n.bankPolicy(), n.reverseWrite());
    }
}
