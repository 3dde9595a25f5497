package io.travya.conversation.conversation;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Who wrote a message: a user of the trip, the assistant answering one, or the system telling the
 * conversation that the assistant could not answer.
 */
public enum SenderType {
    USER("user"),
    ASSISTANT("assistant"),
    SYSTEM("system");

    private final String value;

    SenderType(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    public static SenderType of(String value) {
        for (SenderType type : values()) {
            if (type.value.equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown sender type " + value);
    }

    @Override
    public String toString() {
        return value;
    }
}
