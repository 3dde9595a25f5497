package io.travya.platform.events;

import java.util.HashMap;
import java.util.Map;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * The Apicurio serde settings that make it read and write the Confluent wire format (magic byte 0,
 * a 4-byte schema id, Avro binary) with the id that the registry's Confluent API serves, so that
 * any standard Confluent consumer can decode Travya's topics.
 */
public final class AvroSerdeSettings {

    static {
        // Avro 1.12 loads only classes it trusts when it maps a schema to generated code: add ours
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                ClassSecurityValidator.getGlobal(), type -> type.getName().startsWith("io.travya.events.")));
    }

    private AvroSerdeSettings() {}

    public static Map<String, Object> forSerializer(RegistryProperties registry) {
        Map<String, Object> config = common(registry);
        // the registry is read-only to the services (registering is an administrative step, see
        // SchemaRegistrar): look our own schema's version up by its content, never "latest", so
        // that an older replica does not label its bytes with a newer schema's id during an upgrade
        config.put("apicurio.registry.auto-register", false);
        config.put("apicurio.registry.find-latest", false);
        return config;
    }

    public static Map<String, Object> forDeserializer(RegistryProperties registry) {
        Map<String, Object> config = common(registry);
        config.put("apicurio.registry.use-specific-avro-reader", true);
        return config;
    }

    private static Map<String, Object> common(RegistryProperties registry) {
        Map<String, Object> config = new HashMap<>();
        config.put("apicurio.registry.url", registry.apicurioApi());
        // the registry client over the JDK's HttpClient (kiota-http-jdk) rather than Vert.x, which it
        // picks when it finds Vert.x: Vert.x starts an event-loop runtime of its own (a dozen threads,
        // its classes, about a second of a service's start) for the few schema lookups a serde makes
        config.put("apicurio.registry.http.adapter", "JDK");
        // the schema id travels in the payload (Confluent framing), not in Apicurio headers
        config.put("apicurio.registry.headers.enabled", false);
        // the id the Confluent API serves is the content id
        config.put("apicurio.registry.use-id", "contentId");
        // one self-contained schema per subject, nested records inline: what a plain Confluent or
        // Avro consumer expects (Apicurio would otherwise register each nested record separately)
        config.put("apicurio.registry.dereference-schema", true);
        config.put("apicurio.registry.avro-datum-provider", CachingAvroDatumProvider.class.getName());
        if (registry.trustedCa() != null) {
            // HTTPS to the registry, its certificate checked against Travya's CA (and its host name)
            config.put("apicurio.registry.tls.truststore.type", "PEM");
            config.put("apicurio.registry.tls.truststore.location", registry.trustedCa());
        }
        return config;
    }
}
