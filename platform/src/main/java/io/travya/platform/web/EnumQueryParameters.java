package io.travya.platform.web;

import org.springframework.core.convert.converter.Converter;
import org.springframework.core.convert.converter.ConverterFactory;

/**
 * Query parameters name enum values the way the JSON does ({@code in_progress}), not by their Java
 * names. A value that names none is a type mismatch, answered 400 with the allowed values.
 */
class EnumQueryParameters implements ConverterFactory<String, Enum<?>> {

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <T extends Enum<?>> Converter<String, T> getConverter(Class<T> targetType) {
        return source -> {
            String value = source.trim();
            if (value.isEmpty()) {
                return null;
            }
            for (T constant : targetType.getEnumConstants()) {
                if (constant.toString().equals(value) || constant.name().equalsIgnoreCase(value)) {
                    return constant;
                }
            }
            throw new IllegalArgumentException("No " + targetType.getSimpleName() + " named " + value);
        };
    }
}
