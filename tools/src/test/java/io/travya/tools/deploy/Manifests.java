package io.travya.tools.deploy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Version;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rendered manifests loaded into typed models, refusing any field a model does not know.
 *
 * <p>Kubernetes' own kinds load into fabric8's model and Strimzi's into Strimzi's (built on it); both
 * keep an unknown field in an {@code additionalProperties} map instead of failing, so every loaded
 * object is walked and a non-empty map anywhere is an error naming the object and the field.
 * CloudNativePG publishes no Java model: {@link CloudNativePgCluster} declares the part of its
 * {@code Cluster} API (postgresql.cnpg.io/v1, from its API reference) that Travya uses, and loads
 * strictly, so a field outside that part fails too and is added here knowingly. A kind none of these
 * models knows is an error.
 */
final class Manifests {

    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper STRICT =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    private static final Map<String, Class<? extends HasMetadata>> CUSTOM_RESOURCES = Map.of(
            "kafka.strimzi.io/Kafka", Kafka.class,
            "kafka.strimzi.io/KafkaNodePool", KafkaNodePool.class,
            "kafka.strimzi.io/KafkaTopic", KafkaTopic.class,
            "kafka.strimzi.io/KafkaUser", KafkaUser.class);

    private Manifests() {}

    /** Every object of a multi-document YAML stream, typed. */
    static List<HasMetadata> load(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && !document.isEmpty()) {
                    objects.add(typed(document));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return objects;
    }

    private static HasMetadata typed(JsonNode document) {
        String apiVersion = document.path("apiVersion").asText();
        String kind = document.path("kind").asText();
        String name = kind + " " + document.path("metadata").path("name").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        Object loaded;
        try {
            if (group.equals("postgresql.cnpg.io") && kind.equals("Cluster")) {
                loaded = STRICT.convertValue(document, CloudNativePgCluster.class);
            } else if (CUSTOM_RESOURCES.containsKey(group + "/" + kind)) {
                loaded = KUBERNETES.unmarshal(document.toString(), CUSTOM_RESOURCES.get(group + "/" + kind));
            } else {
                // fabric8's deserializer picks the model class of the apiVersion and kind
                loaded = KUBERNETES.unmarshal(document.toString());
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
        if (!(loaded instanceof HasMetadata object) || loaded instanceof GenericKubernetesResource) {
            throw new IllegalArgumentException(name + " (" + apiVersion + "): no typed model knows this kind");
        }
        List<String> unknown = new ArrayList<>();
        collectUnknownFields(object, name, unknown, new IdentityHashMap<>());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(name + " has fields its model does not know: " + unknown);
        }
        return object;
    }

    /** Walks the model's getters depth-first; an object is visited once. */
    private static void collectUnknownFields(
            Object value, String path, List<String> unknown, IdentityHashMap<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collectUnknownFields(v, path + "." + k, unknown, seen));
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                collectUnknownFields(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        String type = value.getClass().getName();
        if (!type.startsWith("io.fabric8.") && !type.startsWith("io.strimzi.") && !type.startsWith("io.travya.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class
                    || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
                continue;
            }
            Object property;
            try {
                property = getter.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (property instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(field -> unknown.add(path + "." + field));
                }
            } else {
                collectUnknownFields(property, path + "." + getter.getName(), unknown, seen);
            }
        }
    }

    /** The part of CloudNativePG's Cluster (postgresql.cnpg.io/v1) that Travya's dev overlay uses. */
    @Group("postgresql.cnpg.io")
    @Version("v1")
    @Kind("Cluster")
    static final class CloudNativePgCluster extends CustomResource<CloudNativePgCluster.Spec, Void>
            implements Namespaced {

        record Spec(
                int instances,
                String imageName,
                boolean enableSuperuserAccess,
                Postgresql postgresql,
                Bootstrap bootstrap,
                Managed managed,
                Storage storage,
                Monitoring monitoring) {}

        record Postgresql(
                Map<String, String> parameters,
                @JsonProperty("pg_hba") List<String> pgHba) {}

        record Bootstrap(InitDb initdb) {}

        record InitDb(
                String database,
                String owner,
                LocalObjectReference secret,
                SqlRefs postInitSQLRefs,
                SqlRefs postInitApplicationSQLRefs) {}

        record SqlRefs(List<KeyReference> configMapRefs, List<KeyReference> secretRefs) {}

        record KeyReference(String name, String key) {}

        record LocalObjectReference(String name) {}

        record Managed(List<Role> roles) {}

        record Role(
                String name,
                Boolean login,
                Boolean createdb,
                Boolean replication,
                List<String> inRoles,
                LocalObjectReference passwordSecret) {}

        record Storage(String size, String storageClass) {}

        record Monitoring(Boolean enablePodMonitor) {}

        Spec spec() {
            return getSpec();
        }
    }
}
