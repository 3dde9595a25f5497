package io.travya.events;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The topics of Travya and the one schema each carries. A topic's full name is its prefix (normally
 * {@code travya}) and its name joined by a dot, so {@code travya.trips}.
 */
public enum EventTopic {
    USERS("users", UserEvent.class, UserEvent.getClassSchema()),
    TRIPS("trips", TripEvent.class, TripEvent.getClassSchema()),
    BOOKINGS("bookings", BookingEvent.class, BookingEvent.getClassSchema()),
    CONVERSATIONS("conversations", ConversationEvent.class, ConversationEvent.getClassSchema());

    private final String shortName;
    private final Class<? extends SpecificRecord> recordClass;
    private final Schema schema;

    EventTopic(String shortName, Class<? extends SpecificRecord> recordClass, Schema schema) {
        this.shortName = shortName;
        this.recordClass = recordClass;
        this.schema = schema;
    }

    public String shortName() {
        return shortName;
    }

    public Class<? extends SpecificRecord> recordClass() {
        return recordClass;
    }

    public Schema schema() {
        return schema;
    }

    public String nameWithPrefix(String prefix) {
        return prefix + "." + shortName;
    }

    public static EventTopic forRecord(SpecificRecord record) {
        for (EventTopic topic : values()) {
            if (topic.recordClass.isInstance(record)) {
                return topic;
            }
        }
        throw new IllegalArgumentException(
                "No topic carries " + record.getClass().getName());
    }
}
