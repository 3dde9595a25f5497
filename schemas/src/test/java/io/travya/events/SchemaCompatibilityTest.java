package io.travya.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The build's copy of the registry's FULL_TRANSITIVE rule: the schemas in src/main/avro must be
 * compatible in both directions with every released version under {@code released/}, so a change
 * that would break a consumer fails the build rather than a deployment.
 */
class SchemaCompatibilityTest {

    static final Path RELEASED = Path.of(System.getProperty("basedir", "."), "released");

    static Stream<Arguments> everyTopicAgainstEveryRelease() throws IOException {
        List<Arguments> pairs = new ArrayList<>();
        for (Path release : releases()) {
            for (EventTopic topic : EventTopic.values()) {
                pairs.add(Arguments.of(release.getFileName().toString(), topic));
            }
        }
        return pairs.stream();
    }

    @Test
    void atLeastOneContractIsReleased() throws IOException {
        assertThat(releases()).isNotEmpty();
    }

    @ParameterizedTest(name = "{1} against release {0}")
    @MethodSource("everyTopicAgainstEveryRelease")
    void currentSchemaIsFullyCompatibleWithEveryReleasedOne(String release, EventTopic topic) throws IOException {
        Schema released = released(release, topic);

        assertThat(incompatibilities(topic.schema(), released))
                .as("%s against release %s", topic, release)
                .isEmpty();
    }

    /**
     * What makes adding a type safe: a consumer of an earlier release reads a type it does not know as
     * the enum's default, Unknown, which it skips, instead of failing on the record.
     */
    @ParameterizedTest(name = "{1} against release {0}")
    @MethodSource("everyTopicAgainstEveryRelease")
    void aConsumerOfAReleaseReadsEveryEventTypeAddedSinceAsUnknown(String release, EventTopic topic)
            throws IOException {
        Schema current = topic.schema().getField("event_type").schema();
        Schema released = released(release, topic).getField("event_type").schema();

        for (String symbol : current.getEnumSymbols()) {
            String read = readAs(released, current, symbol);
            assertThat(read)
                    .as("%s read by release %s", symbol, release)
                    .isEqualTo(released.getEnumSymbols().contains(symbol) ? symbol : "Unknown");
        }
    }

    @Test
    void removingARequiredFieldIsRefused() {
        Schema released = parse("""
                {"type": "record", "name": "E", "fields": [
                  {"name": "id", "type": "string"},
                  {"name": "title", "type": "string"}]}""");
        Schema current = parse("""
                {"type": "record", "name": "E", "fields": [
                  {"name": "id", "type": "string"}]}""");

        // a consumer still on the released schema cannot read a record without its title
        assertThat(incompatibilities(current, released))
                .anySatisfy(issue ->
                        assertThat(issue).contains("released reads current").contains("title"));
    }

    @Test
    void addingARequiredFieldIsRefused() {
        Schema released = parse("""
                {"type": "record", "name": "E", "fields": [
                  {"name": "id", "type": "string"}]}""");
        Schema current = parse("""
                {"type": "record", "name": "E", "fields": [
                  {"name": "id", "type": "string"},
                  {"name": "title", "type": "string"}]}""");

        // the current schema cannot read what was written before title existed
        assertThat(incompatibilities(current, released))
                .anySatisfy(issue ->
                        assertThat(issue).contains("current reads released").contains("title"));
    }

    @Test
    void removingAnEventTypeIsRefused() {
        Schema released = parse(eventTypes("\"Unknown\", \"TripCreated\", \"TripDeleted\""));
        Schema current = parse(eventTypes("\"Unknown\", \"TripCreated\""));

        // Avro would read TripDeleted as Unknown, and consumers would skip every deletion
        assertThat(incompatibilities(current, released))
                .anySatisfy(issue -> assertThat(issue).contains("TripDeleted"));
    }

    @Test
    void addingAnEventTypeAtTheEndIsAllowed() {
        Schema released = parse(eventTypes("\"Unknown\", \"TripCreated\""));
        Schema current = parse(eventTypes("\"Unknown\", \"TripCreated\", \"TripArchived\""));

        assertThat(incompatibilities(current, released)).isEmpty();
    }

    @Test
    void addingAFieldWithADefaultIsAllowed() {
        Schema released = parse("""
                {"type": "record", "name": "E", "fields": [
                  {"name": "id", "type": "string"}]}""");
        Schema current = parse("""
                {"type": "record", "name": "E", "fields": [
                  {"name": "id", "type": "string"},
                  {"name": "note", "type": ["null", "string"], "default": null}]}""");

        assertThat(incompatibilities(current, released)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventTopic.class)
    void everyEventCarriesTheEnvelope(EventTopic topic) {
        assertThat(topic.schema().getFields())
                .extracting(Schema.Field::name)
                .startsWith("event_id", "event_type", "occurred_at", "aggregate_id", "aggregate_version", "actor_id");
    }

    @ParameterizedTest
    @EnumSource(EventTopic.class)
    void theEventTypeIsAnEnumWhoseDefaultIsUnknown(EventTopic topic) {
        Schema type = topic.schema().getField("event_type").schema();

        assertThat(type.getType()).isEqualTo(Schema.Type.ENUM);
        assertThat(type.getEnumDefault()).isEqualTo("Unknown");
        assertThat(type.getEnumSymbols()).first().isEqualTo("Unknown");
    }

    @ParameterizedTest
    @EnumSource(EventTopic.class)
    void noEventCanCarryACredential(EventTopic topic) {
        assertThat(fieldNames(topic.schema(), new HashSet<>()))
                .isNotEmpty()
                .noneMatch(name -> name.contains("password")
                        || name.contains("hash")
                        || name.contains("token")
                        || name.contains("secret"));
    }

    @Test
    void userEventsCarryNoPersonalData() {
        assertThat(fieldNames(EventTopic.USERS.schema(), new HashSet<>()))
                .noneMatch(name -> name.contains("email")
                        || name.contains("name")
                        || name.contains("phone")
                        || name.contains("address"));
    }

    /**
     * FULL compatibility, both directions: the current schema reads what the released one wrote
     * (BACKWARD), the released one reads what the current one writes (FORWARD); and no event type
     * of the released schema has gone.
     */
    static List<String> incompatibilities(Schema current, Schema released) {
        List<String> issues = new ArrayList<>();
        var backward = SchemaCompatibility.checkReaderWriterCompatibility(current, released);
        if (backward.getType() != SchemaCompatibilityType.COMPATIBLE) {
            issues.add("current reads released: " + backward.getResult().getIncompatibilities());
        }
        var forward = SchemaCompatibility.checkReaderWriterCompatibility(released, current);
        if (forward.getType() != SchemaCompatibilityType.COMPATIBLE) {
            issues.add("released reads current: " + forward.getResult().getIncompatibilities());
        }
        for (Schema releasedEnum : enums(released, new ArrayList<>(), new HashSet<>())) {
            Set<String> removed = new HashSet<>(releasedEnum.getEnumSymbols());
            enums(current, new ArrayList<>(), new HashSet<>()).stream()
                    .filter(e -> e.getFullName().equals(releasedEnum.getFullName()))
                    .forEach(e -> removed.removeAll(e.getEnumSymbols()));
            if (!removed.isEmpty()) {
                issues.add(releasedEnum.getFullName() + " lost the symbols " + removed
                        + " (consumers would read them as its default)");
            }
        }
        return issues;
    }

    private static List<Schema> enums(Schema schema, List<Schema> found, Set<String> seen) {
        switch (schema.getType()) {
            case ENUM -> found.add(schema);
            case RECORD -> {
                if (seen.add(schema.getFullName())) {
                    schema.getFields().forEach(field -> enums(field.schema(), found, seen));
                }
            }
            case UNION -> schema.getTypes().forEach(type -> enums(type, found, seen));
            case ARRAY -> enums(schema.getElementType(), found, seen);
            case MAP -> enums(schema.getValueType(), found, seen);
            default -> {}
        }
        return found;
    }

    private static Set<String> fieldNames(Schema schema, Set<String> names) {
        switch (schema.getType()) {
            case RECORD -> {
                if (names.add("record:" + schema.getFullName())) {
                    for (Schema.Field field : schema.getFields()) {
                        names.add(field.name());
                        fieldNames(field.schema(), names);
                    }
                }
            }
            case UNION -> schema.getTypes().forEach(type -> fieldNames(type, names));
            case ARRAY -> fieldNames(schema.getElementType(), names);
            case MAP -> fieldNames(schema.getValueType(), names);
            default -> {}
        }
        return names;
    }

    /** Writes {@code symbol} with the enum {@code writer} and reads it back with {@code reader}. */
    private static String readAs(Schema reader, Schema writer, String symbol) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericEnumSymbol<?>>(writer).write(new GenericData.EnumSymbol(writer, symbol), encoder);
        encoder.flush();
        Object read = new GenericDatumReader<>(writer, reader)
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        return read.toString();
    }

    private static String eventTypes(String symbols) {
        return """
                {"type": "record", "name": "E", "fields": [
                  {"name": "event_type", "type": {"type": "enum", "name": "EType",
                    "symbols": [%s], "default": "Unknown"}}]}""".formatted(symbols);
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }

    static List<Path> releases() throws IOException {
        try (Stream<Path> dirs = Files.list(RELEASED)) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        }
    }

    private static Schema released(String release, EventTopic topic) throws IOException {
        Path file = RELEASED.resolve(release).resolve(topic.shortName().replaceAll("s$", "") + "_event.avsc");
        assertThat(file).as("released schema").exists();
        return new Schema.Parser().parse(file.toFile());
    }
}
