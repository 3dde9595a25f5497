package io.travya.trip.collaborator;

import com.fasterxml.jackson.annotation.JsonValue;

public enum CollaboratorRole {
    VIEWER("viewer"),
    EDITOR("editor");

    private final String value;

    CollaboratorRole(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    static CollaboratorRole of(String value) {
        for (CollaboratorRole role : values()) {
            if (role.value.equals(value)) {
                return role;
            }
        }
        throw new IllegalArgumentException("Unknown collaborator role " + value);
    }

    @Override
    public String toString() {
        return value;
    }
}
