package org.s3nas.workbench;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Data flows one way (STYLE.md): model -> engines -> views. These rules keep the layers honest. */
class LayeringTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.s3nas.workbench");

    @Test
    void modelKnowsNoFxNoNd4jNoIo() {
        noClasses().that().resideInAPackage("..workbench.model..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.nd4j..", "com.fasterxml..",
                        "..workbench.npu..", "..workbench.search..", "..workbench.io..", "..workbench.app..", "..workbench.post..")
                .check(CLASSES);
    }

    @Test
    void enginesKnowNoViews() {
        noClasses().that().resideInAnyPackage("..workbench.npu..", "..workbench.search..", "..workbench.post..", "..workbench.io..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "io.fair_acc..", "..workbench.app..")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void simulatorKnowsNoNd4j() {
        noClasses().that().resideInAPackage("..workbench.npu..")
                .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "..workbench.search..")
                .allowEmptyShould(true)
                .check(CLASSES);
    }
}
