package io.travya.conversation.conversation;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Message enums are stored as the seed's lower-case strings. */
final class ConversationEnumConverters {

    private ConversationEnumConverters() {}

    @Converter(autoApply = true)
    static class Type implements AttributeConverter<MessageType, String> {
        @Override
        public String convertToDatabaseColumn(MessageType type) {
            return type == null ? null : type.value();
        }

        @Override
        public MessageType convertToEntityAttribute(String value) {
            return value == null ? null : MessageType.of(value);
        }
    }

    @Converter(autoApply = true)
    static class Sender implements AttributeConverter<SenderType, String> {
        @Override
        public String convertToDatabaseColumn(SenderType sender) {
            return sender == null ? null : sender.value();
        }

        @Override
        public SenderType convertToEntityAttribute(String value) {
            return value == null ? null : SenderType.of(value);
        }
    }
}
