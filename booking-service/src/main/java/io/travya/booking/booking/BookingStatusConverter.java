package io.travya.booking.booking;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** A booking status is stored as the seed's lower-case string. */
@Converter(autoApply = true)
class BookingStatusConverter implements AttributeConverter<BookingStatus, String> {

    @Override
    public String convertToDatabaseColumn(BookingStatus status) {
        return status == null ? null : status.value();
    }

    @Override
    public BookingStatus convertToEntityAttribute(String value) {
        return value == null ? null : BookingStatus.of(value);
    }
}
