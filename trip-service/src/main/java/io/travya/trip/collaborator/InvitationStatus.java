package io.travya.trip.collaborator;

import com.fasterxml.jackson.annotation.JsonValue;

public enum InvitationStatus {
    PENDING("pending"),
    ACCEPTED("accepted"),
    DECLINED("declined");

    private final String value;

    InvitationStatus(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    static InvitationStatus of(String value) {
        for (InvitationStatus status : values()) {
            if (status.value.equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("Unknown invitation status " + value);
    }

    @Override
    public String toString() {
        return value;
    }
}
