package io.braid.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Braid's packages form layers, each using only the ones below it, and no cycle between packages. The layers, from
 * the bottom (docs/architecture.md, "Packages"):
 * <ol>
 *     <li>{@code model}, {@code spi}: the workflow's records and the task-type SPI; nothing of Braid below them</li>
 *     <li>{@code graph}, {@code job}, {@code config}, {@code types}: DAG algorithms, the job-property contract,
 *     settings, the built-in task types (on the SPI only)</li>
 *     <li>{@code parse}</li>
 *     <li>{@code compile}, {@code catalog}</li>
 *     <li>{@code runs}, {@code secrets}, {@code db}: records, sealed parameters, Braid's database</li>
 *     <li>{@code gate}, {@code tasks}, {@code fanout}, {@code forecast}: the batch artifacts at run time, forecasts</li>
 *     <li>{@code views}, {@code report}: runs as JSON and HTML</li>
 *     <li>{@code api}, {@code web}, {@code health}, {@code embedded}, {@code samples}, {@code testkit}: the edges</li>
 * </ol>
 */
@Tag("unit")
class ArchitectureTest {
    static final List<List<String>> LAYERS = List.of(
            List.of("model", "spi", "log", "json"),
            List.of("graph", "job", "config", "types"),
            List.of("parse"),
            List.of("compile", "catalog"),
            List.of("runs", "secrets", "db"),
            List.of("gate", "tasks", "fanout", "forecast"),
            List.of("views", "report"),
            List.of("api", "web", "health", "embedded", "samples", "testkit"));

    private static JavaClasses braid;

    @BeforeAll
    static void importBraid() {
        braid = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.braid");
    }

    /** Every layer's packages, and each rule: no class of a layer uses a class of a layer above it. */
    static List<ArchRule> layerRules(String root, List<List<String>> layers) {
        ArrayList<ArchRule> rules = new ArrayList<>();
        for (int i = 0; i < layers.size() - 1; i++) {
            List<String> above = layers.subList(i + 1, layers.size()).stream().flatMap(List::stream)
                    .map(p -> root + "." + p + "..").toList();
            String[] here = layers.get(i).stream().map(p -> root + "." + p + "..").toArray(String[]::new);
            rules.add(noClasses().that().resideInAnyPackage(here)
                    .should().dependOnClassesThat().resideInAnyPackage(above.toArray(String[]::new))
                    .because("layer " + layers.get(i) + " lies below " + layers.subList(i + 1, layers.size())));
        }
        return rules;
    }

    /**
     * What docs/architecture.md promises about libraries outside Braid: the SPI a team implements needs only the JDK;
     * parsing and compiling (which run inside the Maven build) use no container or batch runtime API; JBeret and Weld
     * appear only in the embedded runtime, JUnit and Awaitility only in the test kit.
     */
    static List<ArchRule> outsideDependencyRules(String root) {
        String[] containers = {"jakarta..", "javax.batch..", "javax.enterprise..", "org.eclipse.microprofile..",
                "com.ibm..", "org.jberet..", "org.jboss.weld.."};
        return List.of(
                classes().that().resideInAPackage(root + ".spi..").should().onlyDependOnClassesThat()
                        .resideInAnyPackage("java..", "javax.sql..", root + ".spi..")
                        .because("a task type needs only the JDK and the SPI"),
                noClasses().that().resideInAnyPackage(root + ".parse..", root + ".compile..").should()
                        .dependOnClassesThat().resideInAnyPackage(containers)
                        .because("parsing and compiling run inside the Maven build"),
                noClasses().that().resideOutsideOfPackage(root + ".embedded..").should()
                        .dependOnClassesThat().resideInAnyPackage("org.jberet..", "org.jboss.weld..")
                        .because("JBeret SE and Weld are the embedded runtime's"),
                noClasses().that().resideOutsideOfPackage(root + ".testkit..").should()
                        .dependOnClassesThat().resideInAnyPackage("org.junit..", "org.awaitility..")
                        .because("test libraries are the test kit's"));
    }

    static ArchRule noCycles(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    @Test
    void noPackageUsesALayerAboveIt() {
        layerRules("io.braid", LAYERS).forEach(r -> r.check(braid));
    }

    @Test
    void outsideLibrariesStayWhereTheDocsSay() {
        outsideDependencyRules("io.braid").forEach(r -> r.check(braid));
    }

    @Test
    void packagesHaveNoCycles() {
        noCycles("io.braid").check(braid);
    }

    @Test
    void everyPackageIsInALayer() {
        Set<String> known = new HashSet<>();
        LAYERS.forEach(known::addAll);
        Set<String> unplaced = new TreeSet<>();
        braid.forEach(c -> {
            String rest = c.getPackageName().substring("io.braid".length());
            if (!rest.isEmpty()) {
                String top = rest.substring(1).split("\\.")[0];
                if (!known.contains(top)) {
                    unplaced.add(top);
                }
            }
        });
        assertTrue(unplaced.isEmpty(), "packages in no layer of ArchitectureTest.LAYERS: " + unplaced);
    }

    @Test
    void theRulesFindACycleAnUpwardDependencyAndAnOutsideLibrary() {
        // fixture.lower uses fixture.upper and the other way round; fixture.spi uses JDBC's driver manager only, and
        // fixture.compile uses a jakarta annotation: the very rules the tests above check must object
        JavaClasses fixture = new ClassFileImporter().importPackages("io.braid.architecture.fixture");
        String root = "io.braid.architecture.fixture";
        assertTrue(noCycles(root).evaluate(fixture).hasViolation(), "a cycle between fixture.lower and fixture.upper is reported");
        assertTrue(layerRules(root, List.of(List.of("lower"), List.of("upper"))).stream()
                .anyMatch(r -> r.evaluate(fixture).hasViolation()), "lower using upper is reported");
        assertFalse(layerRules(root, List.of(List.of("lower", "upper"), List.of("nowhere"))).stream()
                .anyMatch(r -> r.evaluate(fixture).hasViolation()), "packages of one layer may use each other");
        List<String> broken = outsideDependencyRules(root).stream().filter(r -> r.evaluate(fixture).hasViolation())
                .map(ArchRule::getDescription).toList();
        assertEquals(1, broken.size(), "only the compile rule objects: " + broken);
        assertTrue(broken.get(0).contains("Maven build"), broken.toString());
    }
}
