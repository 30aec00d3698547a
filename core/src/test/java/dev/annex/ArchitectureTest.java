package dev.annex;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The package order of the design notes, enforced: a package of core uses only the packages
 * listed before it; only {@code vector.panama} touches the incubating Vector API; core never
 * touches the peers the bench measures against.
 */
class ArchitectureTest {

    /** Bottom up, as in DESIGN.md. */
    static final List<String> ORDER = List.of(
            "dev.annex.util", "dev.annex.vector", "dev.annex.vector.panama", "dev.annex.score", "dev.annex.api",
            "dev.annex.quant", "dev.annex.format", "dev.annex.internal", "dev.annex.hnsw", "dev.annex.ivf",
            "dev.annex.exact", "dev.annex");

    static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.annex");

    @Test
    void noPackageUsesOneListedAfterIt() {
        for (int i = 0; i < ORDER.size() - 1; i++) {
            String[] later = ORDER.subList(i + 1, ORDER.size()).toArray(String[]::new);
            noClasses().that().resideInAPackage(ORDER.get(i))
                    .should().dependOnClassesThat().resideInAnyPackage(later)
                    .because(ORDER.get(i) + " sits below " + Arrays.toString(later) + " in DESIGN.md's package order")
                    .check(CORE);
        }
    }

    @Test
    void everyCorePackageIsInTheOrder() {
        org.junit.jupiter.api.Assertions.assertTrue(CORE.size() > 50, "imported only " + CORE.size() + " classes");
        noClasses().should().resideOutsideOfPackages(ORDER.toArray(String[]::new)).check(CORE);
    }

    @Test
    void onlyThePanamaPackageUsesTheVectorApi() {
        noClasses().that().resideOutsideOfPackage("dev.annex.vector.panama")
                .should().dependOnClassesThat().resideInAPackage("jdk.incubator.vector..")
                .check(CORE);
    }

    @Test
    void coreNeverUsesThePeersTheBenchMeasures() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.github.jbellis..", "org.apache.lucene..")
                .check(CORE);
    }
}
