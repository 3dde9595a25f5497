package io.travya.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class TlsDefaultsTest {

    private final StandardEnvironment environment = new StandardEnvironment();

    TlsDefaultsTest() {
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        ConfigurationPropertySources.attach(environment);
        new PlatformDefaults().postProcessEnvironment(environment, new SpringApplication());
        new TlsDefaults().postProcessEnvironment(environment, new SpringApplication());
    }

    @Test
    void withoutACaEveryClientStaysAsItWas() {
        assertThat(environment.getProperty("spring.datasource.url")).doesNotContain("sslmode");
        assertThat(environment.getProperty("spring.data.redis.ssl.enabled")).isNull();
        assertThat(environment.getProperty("spring.kafka.properties.ssl.truststore.location"))
                .isNull();
        assertThat(Binder.get(environment)
                        .bind("spring.ssl.bundle.pem", Map.class)
                        .isBound())
                .isFalse();
    }

    @Test
    void aCaGivenAfterTheEnvironmentWasPreparedTurnsTlsOnForEveryClient() {
        environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of("travya.tls.ca", "/x/ca.crt")));

        assertThat(environment.getProperty("spring.datasource.url"))
                .endsWith("/travya?sslmode=verify-full&sslrootcert=/x/ca.crt");
        assertThat(environment.getProperty("spring.data.redis.ssl.enabled")).isEqualTo("true");
        assertThat(environment.getProperty("spring.data.redis.ssl.bundle")).isEqualTo("travya");
        assertThat(Binder.get(environment)
                        .bind("spring.ssl.bundle.pem.travya.truststore.certificate", String.class)
                        .get())
                .isEqualTo("file:/x/ca.crt");
        assertThat(environment.getProperty("spring.kafka.properties.ssl.truststore.location"))
                .isEqualTo("/x/ca.crt");
        assertThat(environment.getProperty("travya.relay.producer.ssl.truststore.type"))
                .isEqualTo("PEM");
        assertThat(environment.getProperty("spring.kafka.properties.security.protocol"))
                .isEqualTo("SASL_SSL");
        assertThat(environment.getProperty("travya.registry.trusted-ca")).isEqualTo("/x/ca.crt");
    }

    @Test
    void aServicesOwnSettingOverridesTheDefault() {
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "service", Map.of("travya.tls.ca", "/x/ca.crt", "spring.data.redis.ssl.enabled", "false")));

        assertThat(environment.getProperty("spring.data.redis.ssl.enabled")).isEqualTo("false");
    }
}
