package io.braid.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
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
 *     <li>{@code runs}, {@code secrets}: records and sealed parameters</li>
 *     <li>{@code gate}, {@code tasks}, {@code fanout}: the batch artifacts at run time</li>
 *     <li>{@code views}, {@code report}: runs as JSON and HTML</li>
 *     <li>{@code api}, {@code web}, {@code health}, {@code embedded}, {@code samples}, {@code testkit}: the edges</li>
 * </ol>
 */
class ArchitectureTest {
    static final List<List<String>> LAYERS = List.of(
            List.of("model", "spi", "log", "json"),
            List.of("graph", "job", "config", "types"),
            List.of("parse"),
            List.of("compile", "catalog"),
            List.of("runs", "secrets"),
            List.of("gate", "tasks", "fanout"),
            List.of("views", "report"),
            List.of("api", "web", "health", "embedded", "samples", "testkit"));

    private static JavaClasses braid;

    @BeforeAll
    static void importBraid() {
        braid = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.braid");
    }

    /** Every layer's packages, and each rule: no class of a layer uses a class of a layer above it. */
    static List<ArchRule> layerRules(String root) {
        ArrayList<ArchRule> rules = new ArrayList<>();
        for (int i = 0; i < LAYERS.size() - 1; i++) {
            List<String> above = LAYERS.subList(i + 1, LAYERS.size()).stream().flatMap(List::stream)
                    .map(p -> root + "." + p + "..").toList();
            String[] here = LAYERS.get(i).stream().map(p -> root + "." + p + "..").toArray(String[]::new);
            rules.add(noClasses().that().resideInAnyPackage(here)
                    .should().dependOnClassesThat().resideInAnyPackage(above.toArray(String[]::new))
                    .because("layer " + LAYERS.get(i) + " lies below " + LAYERS.subList(i + 1, LAYERS.size())));
        }
        return rules;
    }

    static ArchRule noCycles(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    @Test
    void noPackageUsesALayerAboveIt() {
        layerRules("io.braid").forEach(r -> r.check(braid));
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
    void theRulesFindACycleAndAnUpwardDependency() {
        // fixture.lower uses fixture.upper and the other way round: both rules must object
        JavaClasses fixture = new ClassFileImporter().importPackages("io.braid.architecture.fixture");
        EvaluationResult cycles = noCycles("io.braid.architecture.fixture").evaluate(fixture);
        assertTrue(cycles.hasViolation(), "a cycle between fixture.lower and fixture.upper is reported");
        EvaluationResult upward = noClasses().that().resideInAPackage("..fixture.lower..")
                .should().dependOnClassesThat().resideInAPackage("..fixture.upper..").evaluate(fixture);
        assertTrue(upward.hasViolation(), "lower using upper is reported");
        assertFalse(noClasses().that().resideInAPackage("..fixture.upper..")
                .should().dependOnClassesThat().resideInAPackage("..fixture.nowhere..").evaluate(fixture).hasViolation());
    }
}
