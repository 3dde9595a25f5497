package io.travya.events;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * The one range of dates and times Travya accepts, at its APIs and in its events: 1900-01-01 to
 * 9999-12-31. Every Avro reader can decode a date in it (Python's {@code datetime.date} stops at
 * years 1..9999, and a record it cannot decode stops its consumer for good on a topic that keeps
 * every record), people read four-digit years, and PostgreSQL stores all of it.
 */
public final class DateRange {

    public static final LocalDate FIRST_DAY = LocalDate.of(1900, 1, 1);
    public static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);

    private static final Instant FIRST_INSTANT = FIRST_DAY.atStartOfDay().toInstant(ZoneOffset.UTC);
    private static final Instant END_INSTANT =
            LAST_DAY.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);

    /** The rule in words, as an API says it (a constant, so that annotations can use it). */
    public static final String RULE = "must be between 1900-01-01 and 9999-12-31";

    private DateRange() {}

    public static boolean contains(LocalDate day) {
        return !day.isBefore(FIRST_DAY) && !day.isAfter(LAST_DAY);
    }

    /** Any instant of the days from 1900-01-01 to 9999-12-31, in UTC. */
    public static boolean contains(Instant instant) {
        return !instant.isBefore(FIRST_INSTANT) && instant.isBefore(END_INSTANT);
    }

    /**
     * Refuses a record that holds a date or a timestamp outside the range anywhere, nested records,
     * arrays, maps and unions included. Which fields to check is read from the schema's logical
     * types (date, timestamp-*, local-timestamp-*), so a field added later is checked without a
     * change here; generated records (LocalDate, Instant) and generic ones (days, micros) alike.
     *
     * @throws OutOfRange naming the first field found outside the range
     */
    public static void requireWithin(IndexedRecord record) {
        checkRecord(record, "");
    }

    /** A date or timestamp outside 1900-01-01..9999-12-31; {@link #field()} is its path in the record. */
    public static final class OutOfRange extends IllegalArgumentException {

        private final String field;

        OutOfRange(String field, Object value) {
            super(field + " is " + value + ", outside " + FIRST_DAY + ".." + LAST_DAY
                    + ": no event may carry a date or time that some consumers cannot decode");
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    private static void checkRecord(IndexedRecord record, String path) {
        for (Schema.Field field : record.getSchema().getFields()) {
            check(field.schema(), record.get(field.pos()), path.isEmpty() ? field.name() : path + "." + field.name());
        }
    }

    private static void check(Schema schema, Object value, String path) {
        if (value == null) {
            return;
        }
        switch (schema.getType()) {
            case RECORD -> checkRecord((IndexedRecord) value, path);
            case UNION -> {
                for (Schema branch : schema.getTypes()) {
                    if (holds(branch, value)) {
                        check(branch, value, path);
                        return;
                    }
                }
            }
            case ARRAY -> {
                int i = 0;
                for (Object element : (Collection<?>) value) {
                    check(schema.getElementType(), element, path + "[" + i++ + "]");
                }
            }
            case MAP -> {
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    check(schema.getValueType(), entry.getValue(), path + "[" + entry.getKey() + "]");
                }
            }
            case INT, LONG -> checkTime(schema.getLogicalType(), value, path);
            default -> {
                // strings, numbers, booleans, bytes, enums and fixed hold no date
            }
        }
    }

    private static void checkTime(LogicalType type, Object value, String path) {
        if (type == null) {
            return;
        }
        switch (type.getName()) {
            case "date" -> {
                LocalDate day = value instanceof LocalDate d ? d : LocalDate.ofEpochDay(((Number) value).longValue());
                if (!contains(day)) {
                    throw new OutOfRange(path, day);
                }
            }
            case "timestamp-millis", "timestamp-micros", "timestamp-nanos" ->
                requireWithin(
                        value instanceof Instant instant
                                ? instant
                                : instant(type.getName(), ((Number) value).longValue()),
                        path);
            case "local-timestamp-millis", "local-timestamp-micros", "local-timestamp-nanos" ->
                requireWithin(
                        value instanceof LocalDateTime local
                                ? local.toInstant(ZoneOffset.UTC)
                                : instant(type.getName(), ((Number) value).longValue()),
                        path);
            default -> {
                // time-millis, time-micros: a time of day, always in range
            }
        }
    }

    private static void requireWithin(Instant instant, String path) {
        if (!contains(instant)) {
            throw new OutOfRange(path, instant);
        }
    }

    private static Instant instant(String logicalType, long value) {
        long perSecond =
                logicalType.endsWith("millis") ? 1_000L : logicalType.endsWith("micros") ? 1_000_000L : 1_000_000_000L;
        long nanosPerUnit = 1_000_000_000L / perSecond;
        return Instant.ofEpochSecond(Math.floorDiv(value, perSecond), Math.floorMod(value, perSecond) * nanosPerUnit);
    }

    /** Whether a union's branch is the one {@code value} was written as. */
    private static boolean holds(Schema branch, Object value) {
        return switch (branch.getType()) {
            case RECORD ->
                value instanceof IndexedRecord record
                        && record.getSchema().getFullName().equals(branch.getFullName());
            case ARRAY -> value instanceof Collection<?>;
            case MAP -> value instanceof Map<?, ?>;
            case INT -> value instanceof Integer || value instanceof LocalDate;
            case LONG -> value instanceof Long || value instanceof Instant || value instanceof LocalDateTime;
            default -> false;
        };
    }
}
