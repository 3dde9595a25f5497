package io.travya.conversation;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.travya.platform.test.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void featuresStayInsideTheirBoundaries() {
        ArchitectureRules.check(
                "conversation",
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.travya.conversation", "io.travya.platform"));
    }
}
