package io.travya.tripaccess;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.travya.platform.test.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void tripAccessBuildsOnSchemasAndPlatformOnly() {
        ArchitectureRules.checkTripAccess(new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.travya.tripaccess"));
    }
}
