package org.s3nas.workbench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.GeneralCodingRules;
import org.junit.jupiter.api.Test;

/**
 * Data flows one way: model -> npu -> engine -> search, train -> post, experiments -> io -> workspace -> app, cli (each
 * package's package-info says what it may use). These rules keep the plan honest.
 */
class LayeringTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.s3nas.workbench");

    private static final String[] VIEWS = {"javafx..", "org.controlsfx..", "io.fair_acc..", "..workbench.app.."};

    @Test
    void noPackageCycles() {
        slices().matching("org.s3nas.workbench.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void modelKnowsNoFxNoNd4jNoIo() {
        noClasses().that().resideInAPackage("..workbench.model..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.nd4j..", "com.fasterxml..",
                        "..workbench.npu..", "..workbench.engine..", "..workbench.search..", "..workbench.train..",
                        "..workbench.post..", "..workbench.experiments..", "..workbench.io..", "..workbench.workspace..",
                        "..workbench.app..", "..workbench.cli..")
                .check(CLASSES);
    }

    @Test
    void enginesNeverSeeJavaFx() {
        noClasses().that().resideInAnyPackage("..workbench.model..", "..workbench.npu..", "..workbench.engine..",
                        "..workbench.search..", "..workbench.train..", "..workbench.post..", "..workbench.experiments..",
                        "..workbench.io..", "..workbench.workspace..")
                .should().dependOnClassesThat().resideInAnyPackage(VIEWS)
                .check(CLASSES);
    }

    @Test
    void postUsesOnlyModel() {
        noClasses().that().resideInAPackage("..workbench.post..")
                .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "com.fasterxml..", "..workbench.npu..",
                        "..workbench.engine..", "..workbench.search..", "..workbench.train..", "..workbench.experiments..",
                        "..workbench.io..", "..workbench.app..", "..workbench.cli..")
                .check(CLASSES);
    }

    @Test
    void theSimulatorKnowsNoNd4j() {
        noClasses().that().resideInAPackage("..workbench.npu..")
                .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "..workbench.engine..", "..workbench.search..",
                        "..workbench.train..")
                .check(CLASSES);
    }

    @Test
    void theEngineKnowsNoNetworkOfItsOwn() {
        noClasses().that().resideInAPackage("..workbench.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("..workbench.npu..", "..workbench.search..",
                        "..workbench.train..", "..workbench.post..", "..workbench.experiments..", "..workbench.io..")
                .check(CLASSES);
    }

    @Test
    void cliNeverUsesApp() {
        noClasses().that().resideInAPackage("..workbench.cli..")
                .should().dependOnClassesThat().resideInAPackage("..workbench.app..")
                .check(CLASSES);
    }

    @Test
    void theRunDashboardKnowsNoKindOfRun() {
        // app.run is shared by the Search and Training views: it charts any RunEvent and never converts one kind of run
        // into the other, so it may see neither view's package nor the search's or the training's engine
        noClasses().that().resideInAPackage("..workbench.app.run..")
                .should().dependOnClassesThat().resideInAnyPackage("..workbench.app.search..", "..workbench.app.train..",
                        "..workbench.search..", "..workbench.train..")
                .check(CLASSES);
    }

    @Test
    void onlyCliWritesToStandardStreams() {
        noClasses().that().resideOutsideOfPackage("..workbench.cli..")
                .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
                .check(CLASSES);
    }
}
