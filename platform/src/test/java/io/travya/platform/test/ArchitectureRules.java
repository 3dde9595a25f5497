package io.travya.platform.test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.List;

/**
 * The boundaries every Travya service keeps, checked on its compiled classes: it never uses another
 * service's code, its features do not depend on each other in a cycle, and domain code stays out of
 * the platform.
 */
public final class ArchitectureRules {

    private static final List<String> SERVICES = List.of("trip", "booking", "conversation");

    private ArchitectureRules() {}

    public static void check(String service, JavaClasses classes) {
        for (String other : SERVICES) {
            if (!other.equals(service)) {
                noClasses()
                        .that()
                        .resideInAPackage("io.travya." + service + "..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAPackage("io.travya." + other + "..")
                        .because("services share only schemas and platform")
                        .check(classes);
            }
        }
        slices().matching("io.travya." + service + ".(*)..")
                .should()
                .beFreeOfCycles()
                .because("a feature may use another's public API, but not in a cycle")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("io.travya.platform..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        SERVICES.stream().map(s -> "io.travya." + s + "..").toArray(String[]::new))
                .because("the platform holds mechanisms, never domain code")
                .check(classes);
    }
}
