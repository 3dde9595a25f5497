package io.travya.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;

class DateRangeTest {

    private static final Instant NOW = Instant.parse("2026-05-01T10:15:30.123456Z");

    @Test
    void acceptsAnEventWhoseDatesAreInTheRangeUpToBothEnds() {
        TripEvent event = tripEvent(LocalDate.of(1900, 1, 1), LocalDate.of(9999, 12, 31), NOW);

        assertThatCode(() -> DateRange.requireWithin(event)).doesNotThrowAnyException();
    }

    @Test
    void refusesATripStartingInTheYearZeroNamingTheField() {
        TripEvent event = tripEvent(LocalDate.of(0, 1, 1), LocalDate.of(2026, 1, 2), NOW);

        assertThatThrownBy(() -> DateRange.requireWithin(event))
                .isInstanceOfSatisfying(
                        DateRange.OutOfRange.class, e -> assertThat(e.field()).isEqualTo("trip.start_date"))
                .hasMessageContaining("0000-01-01");
    }

    @Test
    void refusesATripEndingInTheYearTenThousand() {
        TripEvent event = tripEvent(LocalDate.of(2026, 1, 1), LocalDate.of(10000, 1, 1), NOW);

        assertThatThrownBy(() -> DateRange.requireWithin(event))
                .isInstanceOfSatisfying(
                        DateRange.OutOfRange.class, e -> assertThat(e.field()).isEqualTo("trip.end_date"));
    }

    @Test
    void refusesATimestampBefore1900InAnOptionalFieldOfAnArrayElement() {
        Collaborator accepted = collaborator(Instant.parse("1899-12-31T23:59:59.999999Z"));
        TripEvent event = tripEvent(
                LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 2), NOW, List.of(collaborator(NOW), accepted));

        assertThatThrownBy(() -> DateRange.requireWithin(event))
                .isInstanceOfSatisfying(
                        DateRange.OutOfRange.class,
                        e -> assertThat(e.field()).isEqualTo("collaborators[1].accepted_at"));
    }

    @Test
    void refusesAnOccurredAtAfter9999() {
        TripEvent event =
                tripEvent(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 2), Instant.parse("+10000-01-01T00:00:00Z"));

        assertThatThrownBy(() -> DateRange.requireWithin(event))
                .isInstanceOfSatisfying(
                        DateRange.OutOfRange.class, e -> assertThat(e.field()).isEqualTo("occurred_at"));
    }

    @Test
    void findsTheDatesOfAGenericRecordByTheSchemasLogicalTypes() {
        Schema schema = new Schema.Parser().parse("""
                {"type": "record", "name": "G", "fields": [
                  {"name": "day", "type": {"type": "int", "logicalType": "date"}},
                  {"name": "count", "type": "int"},
                  {"name": "at", "type": ["null", {"type": "long", "logicalType": "timestamp-millis"}]}]}""");
        GenericData.Record record = new GenericData.Record(schema);
        record.put("day", (int) LocalDate.of(2026, 1, 1).toEpochDay());
        // a plain int that would be year 0 as a date: not a date, so not checked
        record.put("count", (int) LocalDate.of(0, 1, 1).toEpochDay());
        record.put(
                "at",
                LocalDate.of(0, 1, 1)
                        .atStartOfDay()
                        .toInstant(java.time.ZoneOffset.UTC)
                        .toEpochMilli());

        assertThatThrownBy(() -> DateRange.requireWithin(record))
                .isInstanceOfSatisfying(
                        DateRange.OutOfRange.class, e -> assertThat(e.field()).isEqualTo("at"));
    }

    @Test
    void theRangeIncludesEveryInstantOfItsLastDay() {
        assertThat(DateRange.contains(Instant.parse("9999-12-31T23:59:59.999999Z")))
                .isTrue();
        assertThat(DateRange.contains(Instant.parse("1900-01-01T00:00:00Z"))).isTrue();
        assertThat(DateRange.contains(Instant.parse("1899-12-31T23:59:59.999999Z")))
                .isFalse();
        assertThat(DateRange.contains(LocalDate.of(1899, 12, 31))).isFalse();
        assertThat(DateRange.RULE).contains(DateRange.FIRST_DAY.toString(), DateRange.LAST_DAY.toString());
    }

    private static TripEvent tripEvent(LocalDate start, LocalDate end, Instant occurredAt) {
        return tripEvent(start, end, occurredAt, List.of());
    }

    private static TripEvent tripEvent(
            LocalDate start, LocalDate end, Instant occurredAt, List<Collaborator> collaborators) {
        UUID tripId = UUID.randomUUID();
        UUID owner = UUID.randomUUID();
        return TripEvent.newBuilder()
                .setEventId(UUID.randomUUID())
                .setEventType(TripEventType.TripCreated)
                .setOccurredAt(occurredAt)
                .setAggregateId(tripId)
                .setAggregateVersion(0)
                .setActorId(owner)
                .setTrip(Trip.newBuilder()
                        .setId(tripId)
                        .setUserId(owner)
                        .setTitle("Lisbon")
                        .setDestination("Lisbon, Portugal")
                        .setStartDate(start)
                        .setEndDate(end)
                        .setStatus("planned")
                        .setTripType("leisure")
                        .setCreatedAt(NOW)
                        .setUpdatedAt(NOW)
                        .build())
                .setCollaborators(collaborators)
                .setItineraryItem(ItineraryItem.newBuilder()
                        .setId(UUID.randomUUID())
                        .setTripId(tripId)
                        .setDay(1)
                        .setTitle("Belém")
                        .setStartTime(LocalTime.of(9, 0))
                        .setCreatedAt(NOW)
                        .setUpdatedAt(NOW)
                        .build())
                .build();
    }

    private static Collaborator collaborator(Instant acceptedAt) {
        return Collaborator.newBuilder()
                .setId(UUID.randomUUID())
                .setTripId(UUID.randomUUID())
                .setUserId(UUID.randomUUID())
                .setInviterId(UUID.randomUUID())
                .setRole("editor")
                .setStatus("accepted")
                .setInvitedAt(NOW)
                .setAcceptedAt(acceptedAt)
                .build();
    }
}
