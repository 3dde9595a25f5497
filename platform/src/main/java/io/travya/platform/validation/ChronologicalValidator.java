package io.travya.platform.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Locale;
import org.springframework.beans.BeanWrapperImpl;

class ChronologicalValidator implements ConstraintValidator<Chronological, Object> {

    private String before;
    private String after;

    @Override
    public void initialize(Chronological annotation) {
        this.before = annotation.before();
        this.after = annotation.after();
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public boolean isValid(Object value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        Object first = unwrap(property(value, before));
        Object second = unwrap(property(value, after));
        if (!(first instanceof Comparable earlier) || !(second instanceof Comparable later)) {
            return true;
        }
        if (later.compareTo(earlier) > 0) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate("must be after " + snake(before))
                .addPropertyNode(after)
                .addConstraintViolation();
        return false;
    }

    private static Object property(Object bean, String name) {
        if (bean.getClass().isRecord()) {
            for (RecordComponent component : bean.getClass().getRecordComponents()) {
                if (component.getName().equals(name)) {
                    try {
                        Method accessor = component.getAccessor();
                        accessor.setAccessible(true);
                        return accessor.invoke(bean);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException("Cannot read " + name + " of " + bean.getClass(), e);
                    }
                }
            }
            throw new IllegalArgumentException(bean.getClass() + " has no component " + name);
        }
        return new BeanWrapperImpl(bean).getPropertyValue(name);
    }

    private static Object unwrap(Object value) {
        return value instanceof java.util.Optional<?> optional ? optional.orElse(null) : value;
    }

    private static String snake(String javaName) {
        return javaName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
