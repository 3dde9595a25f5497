package io.travya.trip.trip;

import com.fasterxml.jackson.annotation.JsonValue;

/** The seed's TripType. */
public enum TripType {
    LEISURE("leisure"),
    BUSINESS("business"),
    ADVENTURE("adventure"),
    FAMILY("family"),
    SOLO("solo");

    private final String value;

    TripType(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    public static TripType of(String value) {
        for (TripType type : values()) {
            if (type.value.equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown trip type " + value);
    }

    @Override
    public String toString() {
        return value;
    }
}
