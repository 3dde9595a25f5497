package io.travya.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SchemaCompatibilityTest {

    @ParameterizedTest
    @EnumSource(EventTopic.class)
    void currentSchemaReadsEverythingWrittenWithTheLastReleasedOne(EventTopic topic) throws IOException {
        Schema released = released(topic);

        var result = SchemaCompatibility.checkReaderWriterCompatibility(topic.schema(), released);

        assertThat(result.getType())
                .as("%s: %s", topic, result.getDescription())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
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
    void noEventCanCarryACredential(EventTopic topic) {
        assertThat(fieldNames(topic.schema(), new HashSet<>()))
                .isNotEmpty()
                .noneMatch(name -> name.contains("password")
                        || name.contains("hash")
                        || name.contains("token")
                        || name.contains("secret"));
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

    private static Schema released(EventTopic topic) throws IOException {
        String file = "/released/" + topic.shortName().replaceAll("s$", "") + "_event.avsc";
        try (InputStream in = SchemaCompatibilityTest.class.getResourceAsStream(file)) {
            assertThat(in).as("released schema %s", file).isNotNull();
            return new Schema.Parser().parse(in);
        }
    }
}
