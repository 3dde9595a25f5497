package io.travya.platform.validation;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Two properties of a request that must come in order, {@code after} strictly later than
 * {@code before} when both are present. The violation is reported on {@code after}, in the field's
 * JSON name: {@code end_date must be after start_date}.
 */
@Documented
@Constraint(validatedBy = ChronologicalValidator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Repeatable(Chronological.List.class)
public @interface Chronological {

    String before();

    String after();

    String message() default "must be after {before}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    @Documented
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @interface List {
        Chronological[] value();
    }
}
