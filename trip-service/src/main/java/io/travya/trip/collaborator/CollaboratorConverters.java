package io.travya.trip.collaborator;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

final class CollaboratorConverters {

    private CollaboratorConverters() {}

    @Converter(autoApply = true)
    static class Role implements AttributeConverter<CollaboratorRole, String> {
        @Override
        public String convertToDatabaseColumn(CollaboratorRole role) {
            return role == null ? null : role.value();
        }

        @Override
        public CollaboratorRole convertToEntityAttribute(String value) {
            return value == null ? null : CollaboratorRole.of(value);
        }
    }

    @Converter(autoApply = true)
    static class Status implements AttributeConverter<InvitationStatus, String> {
        @Override
        public String convertToDatabaseColumn(InvitationStatus status) {
            return status == null ? null : status.value();
        }

        @Override
        public InvitationStatus convertToEntityAttribute(String value) {
            return value == null ? null : InvitationStatus.of(value);
        }
    }
}
