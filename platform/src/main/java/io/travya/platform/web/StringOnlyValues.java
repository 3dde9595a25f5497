package io.travya.platform.web;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.type.LogicalType;

/**
 * Enums and dates and times are read only from JSON strings, as the API documents them. Jackson's
 * coercion settings refuse numbers for them ({@code "trip_type": 1}, {@code "start_date": 12345}),
 * but its date and time readers also take arrays ({@code [2027, 4, 10]}), which no setting turns off;
 * this refuses every token but a string (and null) before the usual reader sees it.
 */
final class StringOnlyValues extends ValueDeserializerModifier {

    @Override
    public ValueDeserializer<?> modifyEnumDeserializer(
            DeserializationConfig config,
            JavaType type,
            BeanDescription.Supplier beanDescRef,
            ValueDeserializer<?> deserializer) {
        return new FromStringOnly(deserializer);
    }

    @Override
    public ValueDeserializer<?> modifyDeserializer(
            DeserializationConfig config, BeanDescription.Supplier beanDescRef, ValueDeserializer<?> deserializer) {
        return deserializer.logicalType() == LogicalType.DateTime ? new FromStringOnly(deserializer) : deserializer;
    }

    private static final class FromStringOnly extends DelegatingDeserializer {

        FromStringOnly(ValueDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> newDelegatee) {
            return new FromStringOnly(newDelegatee);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
            if (!p.hasToken(JsonToken.VALUE_STRING) && !p.hasToken(JsonToken.VALUE_NULL)) {
                return ctxt.handleUnexpectedToken(_delegatee.handledType(), p);
            }
            return super.deserialize(p, ctxt);
        }
    }
}
