package io.travya.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.travya.platform.test.HttpApi;
import java.sql.SQLException;
import java.util.Collection;

/** What the system tests that put a service under a fault check of the read models afterwards. */
final class ReadModelChecks {

    private ReadModelChecks() {}

    /**
     * Each trip on Kafka is counted once in its owner's statistics (the totals of the users whose
     * tokens are given add up to {@code tripsOnKafka}), and {@code verify-read-models} finds no
     * difference between the read models and the databases.
     */
    static void countedOnceAndVerified(HttpApi api, Collection<String> tokens, long tripsOnKafka, Settings operator)
            throws SQLException {
        long counted = 0;
        for (String token : tokens) {
            counted += api.get("/api/v1/trips/stats", token)
                    .json()
                    .get("total_trips")
                    .asLong();
        }
        assertThat(counted)
                .as("each trip on Kafka is counted once in its owner's statistics")
                .isEqualTo(tripsOnKafka);
        ReadModelVerifier.Report report = new ReadModelVerifier(operator).verify();
        assertThat(report.differences()).as("verify-read-models").isEmpty();
    }
}
