package io.travya.trip.trip;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Trip enums are stored as the seed's lower-case strings. */
final class TripEnumConverters {

    private TripEnumConverters() {}

    @Converter(autoApply = true)
    static class Status implements AttributeConverter<TripStatus, String> {
        @Override
        public String convertToDatabaseColumn(TripStatus status) {
            return status == null ? null : status.value();
        }

        @Override
        public TripStatus convertToEntityAttribute(String value) {
            return value == null ? null : TripStatus.of(value);
        }
    }

    @Converter(autoApply = true)
    static class Type implements AttributeConverter<TripType, String> {
        @Override
        public String convertToDatabaseColumn(TripType type) {
            return type == null ? null : type.value();
        }

        @Override
        public TripType convertToEntityAttribute(String value) {
            return value == null ? null : TripType.of(value);
        }
    }
}
