package io.travya.platform.test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import io.travya.events.EventTopic;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.specific.AvroGenerated;

/**
 * The boundaries Travya's modules keep, checked on their compiled classes: a service never uses
 * another service's code and its features do not depend on each other in a cycle; the platform holds
 * mechanisms and knows no domain; trip-access, the trip domain's published contract, builds on
 * schemas and platform only.
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
                        .because("services share only schemas, platform and trip-access")
                        .check(classes);
            }
        }
        slices().matching("io.travya." + service + ".(*)..")
                .should()
                .beFreeOfCycles()
                .because("a feature may use another's public API, but not in a cycle")
                .check(classes);
        checkPlatform(classes);
    }

    /**
     * The platform depends on no service, on no domain module, and on no generated event class: it
     * moves events as the generic {@link EventTopic} → schema map and Avro's generic API describe
     * them, so that what a trip, a booking or a user is stays with the modules that own it.
     */
    public static void checkPlatform(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAPackage("io.travya.platform..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(servicePackagesAnd("io.travya.tripaccess.."))
                .because("the platform holds mechanisms, never domain code")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("io.travya.platform..")
                // the test support (this package, shipped as platform's test-jar) and platform's own tests
                // build real events for tests
                .and()
                .resideOutsideOfPackage("io.travya.platform.test..")
                .and()
                .haveSimpleNameNotEndingWith("Test")
                .should()
                .dependOnClassesThat(generatedEventClasses())
                .because("the platform knows topics and schemas, not what the events of a domain say")
                .check(classes);
    }

    /** trip-access is trip-service's contract for the other services: it may use schemas and platform, never a service. */
    public static void checkTripAccess(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAPackage("io.travya.tripaccess..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(servicePackagesAnd("io.travya.tools.."))
                .because("a service depends on trip-access, so trip-access cannot depend on a service")
                .check(classes);
    }

    private static String[] servicePackagesAnd(String more) {
        return Stream.concat(SERVICES.stream().map(s -> "io.travya." + s + ".."), Stream.of(more))
                .toArray(String[]::new);
    }

    /**
     * The classes generated from the .avsc files (Avro marks each with {@code @AvroGenerated}, nested
     * builders included), as opposed to the contract's hand-written, domain-free helpers such as
     * {@link EventTopic} and the date range every event keeps to.
     */
    private static DescribedPredicate<JavaClass> generatedEventClasses() {
        return DescribedPredicate.describe(
                "are generated from the event schemas (io.travya.events, @AvroGenerated)",
                type -> type.getPackageName().equals(EventTopic.class.getPackageName())
                        && (type.isAnnotatedWith(AvroGenerated.class)
                                || type.getEnclosingClass()
                                        .map(outer -> outer.isAnnotatedWith(AvroGenerated.class))
                                        .orElse(false)));
    }
}
