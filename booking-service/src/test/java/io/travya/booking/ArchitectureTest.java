package io.travya.booking;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.travya.platform.test.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void featuresStayInsideTheirBoundaries() {
        ArchitectureRules.check(
                "booking",
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.travya.booking", "io.travya.platform"));
    }
}
