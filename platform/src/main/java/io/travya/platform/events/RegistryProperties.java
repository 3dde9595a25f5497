package io.travya.platform.events;

import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the schema registry is. Any registry with a Confluent-compatible API under
 * {@code /apis/ccompat/v7} and Apicurio's own under {@code /apis/registry/v3} will do.
 *
 * @param url the registry's base URL, e.g. {@code https://127.0.0.1:8081}
 * @param startupTimeout how long start-up waits for the registry before it gives up
 * @param trustedCa the PEM file of the CA that signed the registry's certificate ({@code
 *     travya.tls.ca}); none: the JDK's trusted authorities
 */
@ConfigurationProperties("travya.registry")
public record RegistryProperties(
        @DefaultValue("https://127.0.0.1:8081") String url,
        @DefaultValue("60s") Duration startupTimeout,
        String trustedCa) {

    @ConstructorBinding
    public RegistryProperties {
        trustedCa = trustedCa == null || trustedCa.isBlank() ? null : trustedCa.strip();
    }

    /** A registry whose certificate the JDK's trusted authorities vouch for (or plain HTTP). */
    public RegistryProperties(String url, Duration startupTimeout) {
        this(url, startupTimeout, null);
    }

    /** An SSL context that trusts {@link #trustedCa()} only; null without one. */
    public SSLContext sslContext() {
        return trustedCa == null ? null : TrustedCa.sslContext(trustedCa);
    }

    public String apicurioApi() {
        return trimmed() + "/apis/registry/v3";
    }

    public String confluentApi() {
        return trimmed() + "/apis/ccompat/v7";
    }

    private String trimmed() {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
