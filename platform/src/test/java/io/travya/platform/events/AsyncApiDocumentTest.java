package io.travya.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.travya.events.EventTopic;
import io.travya.platform.test.Checkout;
import io.travya.platform.test.NodePackage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.support.ResourcePropertySource;
import org.springframework.kafka.core.KafkaAdmin;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code schemas/asyncapi.yaml} tells the truth: its channels are the topics the services create
 * (found by running this module's topic declaration with each service's own configuration), with
 * their partitions and retention; its messages are the event types of each topic's Avro schema, as
 * read from the {@code .avsc} files now; it says which fields each type sets, who writes and who
 * reads each topic; and the official AsyncAPI parser accepts it, Avro schemas included.
 */
class AsyncApiDocumentTest {

    private static final String UNKNOWN_EVENT_TYPE = "Unknown";
    private static final Set<String> EVENT_HEADERS = Set.of("event_id", "event_type");
    private static final Set<String> DEAD_LETTER_HEADERS = Set.of(
            "kafka_dlt-original-topic",
            "kafka_dlt-original-partition",
            "kafka_dlt-original-offset",
            "kafka_dlt-original-consumer-group",
            "kafka_dlt-exception-fqcn",
            "kafka_dlt-exception-message");

    private static Path root;
    private static Path documentFile;
    private static Map<String, Object> document;
    private static List<Service> services;
    private static Map<String, NewTopic> createdTopics;

    /** A service as its application.yml and the platform defaults configure it. */
    record Service(String name, EventsProperties events, TopicNames topics) {}

    /** A channel of the document with the topic it is about. */
    record Channel(String id, String address, EventTopic topic, boolean deadLetters, Map<String, Object> body) {}

    @BeforeAll
    static void readTheDocumentAndTheServicesConfiguration() throws IOException {
        root = Checkout.root();
        documentFile = root.resolve("schemas").resolve("asyncapi.yaml");
        try (InputStream in = Files.newInputStream(documentFile)) {
            document = new Yaml(new LoaderOptions()).load(in);
        }
        services = services();
        assertThat(services)
                .as("services with travya.events in src/main/resources/application.yml")
                .extracting(Service::name)
                .contains("trip-service", "booking-service", "conversation-service");
        createdTopics = new TreeMap<>();
        for (Service service : services) {
            for (NewTopic topic : topicsCreatedBy(service)) {
                NewTopic earlier = createdTopics.putIfAbsent(topic.name(), topic);
                assertThat(earlier == null || settings(earlier).equals(settings(topic)))
                        .as("every service creates %s alike: %s vs %s", topic.name(), earlier, topic)
                        .isTrue();
            }
        }
    }

    @Test
    void everyTopicTheServicesCreateHasAChannelWithItsPartitionsReplicasAndRetention() {
        Map<String, Channel> channels = channelsByAddress();
        assertThat(channels.keySet()).containsAll(createdTopics.keySet());
        for (NewTopic topic : createdTopics.values()) {
            Map<String, Object> kafka = map(path(channels.get(topic.name()).body(), "bindings", "kafka"));
            Map<String, Object> configuration = map(kafka.get("topicConfiguration"));
            assertThat(settings(topic))
                    .as("the Kafka binding of channel %s", topic.name())
                    .isEqualTo(Map.of(
                            "partitions",
                            String.valueOf(kafka.get("partitions")),
                            "replicas",
                            String.valueOf(kafka.get("replicas")),
                            TopicConfig.RETENTION_MS_CONFIG,
                            String.valueOf(configuration.get("retention.ms")),
                            TopicConfig.CLEANUP_POLICY_CONFIG,
                            String.join(",", strings(configuration.get("cleanup.policy")))));
        }
    }

    @Test
    void noChannelNamesATopicTheServicesDoNotCreate() {
        assertThat(channelsByAddress().keySet()).isSubsetOf(createdTopics.keySet());
        assertThat(channels())
                .as("channels of the document")
                .hasSize(map(document.get("channels")).size());
    }

    @Test
    void everyMessagePayloadIsTheAvroSchemaFileOfItsTopic() {
        for (Channel channel : channels()) {
            messages(channel).forEach((key, message) -> {
                Map<String, Object> payload = map(message.get("payload"));
                assertThat(String.valueOf(payload.get("schemaFormat")))
                        .as("%s %s schemaFormat", channel.address(), key)
                        .startsWith("application/vnd.apache.avro");
                Path file = schemaFile(payload);
                assertThat(file).as("%s %s payload", channel.address(), key).isRegularFile();
                assertThat(avsc(file).getFullName())
                        .as("%s %s: the record of %s", channel.address(), key, file.getFileName())
                        .isEqualTo(channel.topic().schema().getFullName());
            });
        }
    }

    @Test
    void aChannelHasOneMessagePerEventTypeOfItsTopic() {
        for (Channel channel : channels()) {
            Schema eventType = eventType(channel.topic());
            assertThat(eventType.getType())
                    .as("event_type of %s is an enum", sourceFile(channel.topic()))
                    .isEqualTo(Schema.Type.ENUM);
            Set<String> types = new TreeSet<>(eventType.getEnumSymbols());
            types.remove(UNKNOWN_EVENT_TYPE);
            Map<String, Map<String, Object>> messages = messages(channel);
            assertThat(new TreeSet<>(messages.keySet()))
                    .as("messages of channel %s", channel.address())
                    .isEqualTo(types);
            messages.forEach((key, message) -> assertThat(message.get("name"))
                    .as("name of message %s on %s", key, channel.address())
                    .isEqualTo(key));
        }
    }

    @Test
    void everyEventTypeSaysWhichFieldsOfItsSchemaItSets() {
        for (Channel channel : channels()) {
            if (channel.deadLetters()) {
                continue; // the same bytes as on the source topic, described there
            }
            Schema schema = avsc(sourceFile(channel.topic()));
            Set<String> fields = new LinkedHashSet<>();
            schema.getFields().forEach(field -> fields.add(field.name()));
            messages(channel).forEach((type, message) -> {
                Map<String, Object> sets = map(message.get("x-travya-sets"));
                List<String> always = strings(sets.get("always"));
                List<String> sometimes = strings(sets.get("sometimes"));
                List<String> never = strings(sets.get("never"));
                List<String> named = new ArrayList<>(always);
                named.addAll(sometimes);
                named.addAll(never);
                assertThat(named)
                        .as("%s: x-travya-sets names every field of %s once", type, schema.getName())
                        .doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(fields);
                for (String field : never) {
                    assertThat(nullable(schema.getField(field).schema()))
                            .as("%s never sets %s, so the schema must allow null there", type, field)
                            .isTrue();
                }
                for (String field : sometimes) {
                    assertThat(nullable(schema.getField(field).schema()))
                            .as("%s sometimes sets %s, so the schema must allow null there", type, field)
                            .isTrue();
                }
            });
        }
    }

    @Test
    void everyMessageHasTheKeyAndTheHeadersOfItsTopic() {
        for (Channel channel : channels()) {
            messages(channel).forEach((type, message) -> {
                Map<String, Object> headers = map(resolve(inherited(message, "headers")));
                Set<String> required = new HashSet<>(strings(headers.get("required")));
                assertThat(map(headers.get("properties")).keySet())
                        .as("headers of %s on %s", type, channel.address())
                        .containsAll(required);
                assertThat(required)
                        .as("required headers of %s on %s", type, channel.address())
                        .containsAll(EVENT_HEADERS);
                if (channel.deadLetters()) {
                    assertThat(required).containsAll(DEAD_LETTER_HEADERS);
                } else {
                    assertThat(required).doesNotContainAnyElementsOf(DEAD_LETTER_HEADERS);
                }
                Map<String, Object> key = map(path(map(resolve(inherited(message, "bindings"))), "kafka", "key"));
                assertThat(key)
                        .as("Kafka key of %s on %s", type, channel.address())
                        .containsEntry("type", "string")
                        .containsEntry("format", "uuid");
            });
        }
    }

    @Test
    void eachTopicIsWrittenByTheServicesThatPublishItAndReadByThoseThatConsumeIt() {
        for (Channel channel : channels()) {
            Set<String> writers = new TreeSet<>();
            Set<String> readers = new TreeSet<>();
            for (Service service : services) {
                boolean produces = service.events().produces().contains(channel.topic());
                boolean consumes = service.events().consumes().contains(channel.topic());
                if (channel.deadLetters() ? consumes : produces) {
                    writers.add(service.name());
                }
                if (!channel.deadLetters() && consumes) {
                    readers.add(service.name());
                }
            }
            assertThat(operationServices(channel, "send"))
                    .as("services that send to %s", channel.address())
                    .isEqualTo(writers);
            assertThat(operationServices(channel, "receive"))
                    .as("services that receive from %s", channel.address())
                    .isEqualTo(readers);
        }
    }

    @Test
    void theOfficialAsyncApiParserAcceptsTheDocumentWithEveryAvroSchemaResolved() {
        NodePackage validator = NodePackage.install(root.resolve("schemas/src/test/asyncapi"));

        NodePackage.Result result =
                validator.run("validate.js", List.of("--strict", documentFile.toString()), Duration.ofMinutes(3));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        String summary = result.stdout().lines().reduce((first, last) -> last).orElse("");
        int messages = 0;
        for (Channel channel : channels()) {
            messages += messages(channel).size();
        }
        assertThat(summary)
                .as("the parser's summary")
                .contains("\"errors\":0")
                .contains("\"channels\":" + channels().size());
        // every message came back with the fields of its Avro record: the $ref was followed and parsed
        assertThat(summary.split("\"payloadFields\":\\[\"event_id\",", -1)).hasSize(messages + 1);
    }

    // --- the services and their topics

    private static List<Service> services() throws IOException {
        List<Service> found = new ArrayList<>();
        try (Stream<Path> folders = Files.list(root)) {
            for (Path folder : folders.sorted().toList()) {
                Path yml = folder.resolve("src/main/resources/application.yml");
                if (!Files.isRegularFile(yml)) {
                    continue;
                }
                List<PropertySource<?>> sources = new ArrayList<>(
                        new YamlPropertySourceLoader().load(yml.toString(), new FileSystemResource(yml)));
                sources.add(new ResourcePropertySource(new ClassPathResource("travya-platform-defaults.properties")));
                Binder binder = new Binder(
                        ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources));
                if (binder.bind("travya.events", EventsProperties.class).isBound()) {
                    EventsProperties events = binder.bindOrCreate("travya.events", EventsProperties.class);
                    String name = binder.bind("spring.application.name", String.class)
                            .orElse(folder.getFileName().toString());
                    found.add(new Service(name, events, new TopicNames(events.topicPrefix())));
                }
            }
        }
        return found;
    }

    /**
     * The topics a service creates at start-up: its topic declaration, collected the way Spring
     * Kafka's KafkaAdmin collects them before creating them.
     */
    private static Collection<NewTopic> topicsCreatedBy(Service service) {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.registerBean(
                    KafkaAdmin.NewTopics.class,
                    () -> new EventsAutoConfiguration().travyaTopics(service.events(), service.topics()));
            context.refresh();
            TopicCollector collector = new TopicCollector();
            collector.setApplicationContext(context);
            return collector.newTopics();
        }
    }

    private static final class TopicCollector extends KafkaAdmin {

        TopicCollector() {
            super(Map.of());
        }

        @Override
        protected Collection<NewTopic> newTopics() {
            return super.newTopics();
        }
    }

    /** What the document states of a topic: partitions, replicas, retention and cleanup policy. */
    private static Map<String, String> settings(NewTopic topic) {
        Map<String, String> configs = topic.configs() == null ? Map.of() : topic.configs();
        return Map.of(
                "partitions",
                String.valueOf(topic.numPartitions()),
                "replicas",
                String.valueOf(topic.replicationFactor()),
                TopicConfig.RETENTION_MS_CONFIG,
                configs.getOrDefault(TopicConfig.RETENTION_MS_CONFIG, "(broker default)"),
                // the broker's default (log.cleanup.policy), which ./travya and docker-compose keep
                TopicConfig.CLEANUP_POLICY_CONFIG,
                configs.getOrDefault(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE));
    }

    // --- the document

    private static List<Channel> channels() {
        List<Channel> channels = new ArrayList<>();
        map(document.get("channels")).forEach((id, body) -> {
            String address = String.valueOf(map(body).get("address"));
            EventTopic topic = null;
            boolean deadLetters = false;
            for (EventTopic candidate : EventTopic.values()) {
                for (Service service : services) {
                    if (service.topics().of(candidate).equals(address)) {
                        topic = candidate;
                    } else if (service.topics().deadLetterOf(candidate).equals(address)) {
                        topic = candidate;
                        deadLetters = true;
                    }
                }
            }
            if (topic != null) {
                channels.add(new Channel(id, address, topic, deadLetters, map(body)));
            }
        });
        return channels;
    }

    private static Map<String, Channel> channelsByAddress() {
        Map<String, Channel> byAddress = new TreeMap<>();
        channels().forEach(channel -> byAddress.put(channel.address(), channel));
        return byAddress;
    }

    private static Map<String, Map<String, Object>> messages(Channel channel) {
        Map<String, Map<String, Object>> messages = new LinkedHashMap<>();
        map(channel.body().get("messages")).forEach((key, message) -> messages.put(key, map(resolve(message))));
        return messages;
    }

    /** A message's own value for the key, else the one of the first of its traits that has it. */
    private static Object inherited(Map<String, Object> message, String key) {
        if (message.containsKey(key)) {
            return message.get(key);
        }
        for (Object trait : list(message.get("traits"))) {
            Map<String, Object> resolved = map(resolve(trait));
            if (resolved.containsKey(key)) {
                return resolved.get(key);
            }
        }
        return null;
    }

    private static Set<String> operationServices(Channel channel, String action) {
        Set<String> names = new TreeSet<>();
        map(document.get("operations")).forEach((id, body) -> {
            Map<String, Object> operation = map(body);
            if (action.equals(operation.get("action"))
                    && ("#/channels/" + channel.id())
                            .equals(map(operation.get("channel")).get("$ref"))) {
                List<Object> tags = list(operation.get("tags"));
                assertThat(tags)
                        .as("operation %s names the one service that performs it", id)
                        .hasSize(1);
                names.add(String.valueOf(map(tags.get(0)).get("name")));
            }
        });
        return names;
    }

    /** Follows a reference inside the document ({@code #/components/...}). */
    private static Object resolve(Object node) {
        if (node instanceof Map<?, ?> reference
                && reference.get("$ref") instanceof String ref
                && ref.startsWith("#/")) {
            Object target = document;
            for (String part : ref.substring(2).split("/")) {
                target = map(target).get(part.replace("~1", "/").replace("~0", "~"));
            }
            assertThat(target).as("target of %s", ref).isNotNull();
            return resolve(target);
        }
        return node;
    }

    // --- the Avro schemas, as the files say now

    private static Path schemaFile(Map<String, Object> payload) {
        String ref = String.valueOf(map(payload.get("schema")).get("$ref"));
        return documentFile.getParent().resolve(ref).normalize();
    }

    /** The .avsc file whose record the topic carries. */
    private static Path sourceFile(EventTopic topic) {
        Path folder = root.resolve("schemas/src/main/avro");
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> matching = files.filter(file -> file.toString().endsWith(".avsc"))
                    .filter(file ->
                            avsc(file).getFullName().equals(topic.schema().getFullName()))
                    .toList();
            assertThat(matching).as("the .avsc of %s in %s", topic, folder).hasSize(1);
            return matching.get(0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Schema avsc(Path file) {
        try {
            return new Schema.Parser().parse(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file, e);
        }
    }

    private static Schema eventType(EventTopic topic) {
        return avsc(sourceFile(topic)).getField("event_type").schema();
    }

    private static boolean nullable(Schema schema) {
        return schema.getType() == Schema.Type.NULL
                || (schema.getType() == Schema.Type.UNION
                        && schema.getTypes().stream().anyMatch(type -> type.getType() == Schema.Type.NULL));
    }

    // --- YAML as maps and lists

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        assertThat(node).as("a mapping in %s", documentFile).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object node) {
        return node == null ? List.of() : (List<Object>) node;
    }

    private static List<String> strings(Object node) {
        return node instanceof Collection<?> values
                ? values.stream().map(String::valueOf).toList()
                : List.of();
    }

    private static Object path(Map<String, Object> node, String... keys) {
        Object current = node;
        for (String key : keys) {
            current = map(current).get(key);
        }
        return current;
    }
}
