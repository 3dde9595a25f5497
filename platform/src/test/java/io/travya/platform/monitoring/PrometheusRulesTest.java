package io.travya.platform.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.travya.platform.test.Promtool;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The alerting and recording rules shipped in infra/prometheus are ones Prometheus loads, and the
 * important alerts fire when, and only when, their unit tests (alerts.test.yml) say.
 */
class PrometheusRulesTest {

    private final Promtool promtool = new Promtool();

    @Test
    void everyRuleFileIsValidPrometheusConfiguration() {
        Promtool.Result check = promtool.run("check", "rules", "recording.yml", "alerts.yml");

        assertThat(check.succeeded()).as(check.output()).isTrue();
        assertThat(check.output()).contains("SUCCESS");
    }

    @Test
    void dockerComposesPrometheusConfigurationIsValidAndLoadsTheRules() {
        Promtool.Result check = promtool.run("check", "config", "compose.yml");

        assertThat(check.succeeded()).as(check.output()).isTrue();
        assertThat(check.output()).contains("2 rule files found");
    }

    @Test
    void theAlertsFireAsTheirUnitTestsSay() {
        Promtool.Result test = promtool.run("test", "rules", "alerts.test.yml");

        assertThat(test.succeeded()).as(test.output()).isTrue();
    }

    @Test
    void theUnitTestsNoticeAnAlertThatDoesNotFireAsExpected() throws Exception {
        // the same tests against an alert whose threshold was raised beyond what the tests feed it
        String alerts = Files.readString(promtool.home().resolve("alerts.yml"));
        String tests = Files.readString(promtool.home().resolve("alerts.test.yml"));
        var scratch = Files.createTempDirectory(promtool.home(), ".rules-test-");
        try {
            Files.writeString(
                    scratch.resolve("alerts.yml"),
                    alerts.replace("travya:dead_letters:increase15m > 0", "travya:dead_letters:increase15m > 5"));
            Files.copy(promtool.home().resolve("recording.yml"), scratch.resolve("recording.yml"));
            Files.writeString(scratch.resolve("alerts.test.yml"), tests);

            Promtool.Result test = promtool.run(
                    "test", "rules", scratch.resolve("alerts.test.yml").toString());

            assertThat(test.succeeded()).isFalse();
            assertThat(test.output()).contains("TravyaDeadLetters");
        } finally {
            try (var files = Files.list(scratch)) {
                for (var file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(scratch);
        }
    }
}
