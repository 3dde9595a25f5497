package io.travya.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The schemas are the documentation other teams build on: nothing in them goes without a doc. */
class SchemaDocumentationTest {

    @ParameterizedTest
    @EnumSource(EventTopic.class)
    void everyRecordEnumAndFieldHasADoc(EventTopic topic) {
        List<String> undocumented = new ArrayList<>();
        walk(topic.schema(), "", new HashSet<>(), (path, doc, schema) -> {
            if (doc.isBlank()) {
                undocumented.add(path);
            }
        });

        assertThat(undocumented).as("without a doc").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventTopic.class)
    void everyDateAndTimestampSaysItsUnitAndRange(EventTopic topic) {
        List<String> unclear = new ArrayList<>();
        walk(topic.schema(), "", new HashSet<>(), (path, doc, schema) -> {
            String logicalType = logicalType(schema);
            if (logicalType.equals("date")
                    && !(doc.contains("days since 1970-01-01")
                            && doc.contains("1900-01-01")
                            && doc.contains("9999-12-31"))) {
                unclear.add(path);
            }
            if (logicalType.startsWith("timestamp")
                    && !(doc.contains("microseconds since 1970-01-01T00:00:00Z")
                            && doc.contains("1900-01-01")
                            && doc.contains("9999-12-31"))) {
                unclear.add(path);
            }
        });

        assertThat(unclear)
                .as("date or timestamp whose doc lacks its unit or range")
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventTopic.class)
    void theEventTypeDocSaysWhenEachTypeIsWritten(EventTopic topic) {
        Schema type = topic.schema().getField("event_type").schema();

        assertThat(type.getEnumSymbols())
                .allSatisfy(symbol -> assertThat(type.getDoc()).contains(symbol + ":"));
    }

    @ParameterizedTest
    @EnumSource(EventTopic.class)
    void everyEnumLikeStringListsItsValues(EventTopic topic) {
        Set<String> enumLike = Set.of("status", "trip_type", "role", "message_type", "sender_type");
        List<String> unlisted = new ArrayList<>();
        walk(topic.schema(), "", new HashSet<>(), (path, doc, schema) -> {
            String name = path.substring(path.lastIndexOf('.') + 1);
            if (enumLike.contains(name) && !doc.startsWith("One of ")) {
                unlisted.add(path);
            }
        });

        assertThat(unlisted).isEmpty();
    }

    private static String docOf(String doc) {
        return doc == null ? "" : doc;
    }

    private static String logicalType(Schema schema) {
        if (schema.getType() == Schema.Type.UNION) {
            return schema.getTypes().stream()
                    .map(SchemaDocumentationTest::logicalType)
                    .filter(type -> !type.isEmpty())
                    .findFirst()
                    .orElse("");
        }
        return schema.getLogicalType() == null ? "" : schema.getLogicalType().getName();
    }

    private interface Visitor {
        /** {@code doc} is empty where the schema has none. */
        void visit(String path, String doc, Schema schema);
    }

    /** Visits every named type (records, enums) and every field, each once. */
    private static void walk(Schema schema, String path, Set<String> seen, Visitor visitor) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!seen.add(schema.getFullName())) {
                    return;
                }
                visitor.visit("record " + schema.getFullName(), docOf(schema.getDoc()), schema);
                for (Schema.Field field : schema.getFields()) {
                    String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
                    visitor.visit(fieldPath, docOf(field.doc()), field.schema());
                    walk(field.schema(), fieldPath, seen, visitor);
                }
            }
            case ENUM -> {
                if (seen.add(schema.getFullName())) {
                    visitor.visit("enum " + schema.getFullName(), docOf(schema.getDoc()), schema);
                }
            }
            case UNION -> schema.getTypes().forEach(type -> walk(type, path, seen, visitor));
            case ARRAY -> walk(schema.getElementType(), path, seen, visitor);
            case MAP -> walk(schema.getValueType(), path, seen, visitor);
            default -> {}
        }
    }
}
