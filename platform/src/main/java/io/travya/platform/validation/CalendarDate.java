package io.travya.platform.validation;

import io.travya.events.DateRange;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.LocalDate;

/**
 * A date in Travya's one range, 1900-01-01 to 9999-12-31 ({@link DateRange}), on every date an API
 * takes: request bodies and query parameters alike. JSON and ISO 8601 can write any year
 * (+10000-01-01, 0000-01-01); an event carrying such a date could not be decoded by every consumer,
 * so it is refused here, with 422 naming the field, before anything is written.
 */
@Documented
@Constraint(validatedBy = CalendarDate.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface CalendarDate {

    String message() default DateRange.RULE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<CalendarDate, LocalDate> {

        @Override
        public boolean isValid(LocalDate value, ConstraintValidatorContext context) {
            return value == null || DateRange.contains(value);
        }
    }
}
