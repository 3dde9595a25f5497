package io.travya.platform.openapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An object-valued property that may be null, documented as {@code nullable: true, allOf: [$ref]}.
 * swagger-core would write {@code @Schema(nullable = true)} (or {@code @Nullable}) on such a property
 * into the referenced schema itself, making the object nullable everywhere it is used.
 */
@Documented
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface NullableObject {

    /** The property's description. */
    String value() default "";
}
