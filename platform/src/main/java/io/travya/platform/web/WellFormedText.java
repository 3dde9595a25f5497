package io.travya.platform.web;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;

/**
 * Text from JSON is refused if it holds a NUL character or a lone surrogate ({@code "\u0000"},
 * {@code "\ud800"}): JSON can write both as escapes, but neither is text. PostgreSQL cannot store a
 * NUL, and a lone surrogate has no UTF-8 encoding, so it was stored as "?" — the client's value
 * silently changed. Jackson has no setting for either; this checks every string it reads into a
 * String (in collections too, which then use this reader instead of their built-in one).
 */
final class WellFormedText extends ValueDeserializerModifier {

    static final String REASON = "must be text without NUL characters or lone surrogates";

    @Override
    public ValueDeserializer<?> modifyDeserializer(
            DeserializationConfig config, BeanDescription.Supplier beanDescRef, ValueDeserializer<?> deserializer) {
        return deserializer.handledType() == String.class ? new Checked(deserializer) : deserializer;
    }

    static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static final class Checked extends DelegatingDeserializer {

        Checked(ValueDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> newDelegatee) {
            return new Checked(newDelegatee);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
            Object value = super.deserialize(p, ctxt);
            if (value instanceof String text && !wellFormed(text)) {
                return ctxt.handleWeirdStringValue(String.class, text, REASON);
            }
            return value;
        }
    }
}
