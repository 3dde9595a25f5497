package io.travya.conversation.conversation;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a message is about, so that a client can render it: plain text or a trip-shaped suggestion. */
public enum MessageType {
    TEXT("text"),
    ITINERARY("itinerary"),
    BOOKING("booking"),
    SUGGESTION("suggestion");

    private final String value;

    MessageType(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    public static MessageType of(String value) {
        for (MessageType type : values()) {
            if (type.value.equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown message type " + value);
    }

    @Override
    public String toString() {
        return value;
    }
}
