package io.travya.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.travya.events.DateRange;
import io.travya.events.Trip;
import io.travya.events.TripEvent;
import io.travya.events.TripEventType;
import io.travya.platform.events.AvroEventSerializer;
import io.travya.platform.events.TopicNames;
import io.travya.platform.test.TestEvents.TripHistory;
import io.travya.platform.test.TestTracing;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** What the outbox refuses to write, whatever a service hands it. No database: nothing may be touched. */
class OutboxWriterTest {

    private final JdbcClient jdbc = mock(JdbcClient.class);
    private final AvroEventSerializer serializer = mock(AvroEventSerializer.class);
    private final OutboxWriter outbox =
            new OutboxWriter(jdbc, serializer, new TopicNames("test"), "trips", Tracer.NOOP, Propagator.NOOP);

    @BeforeEach
    void inATransaction() {
        TransactionSynchronizationManager.setActualTransactionActive(true);
    }

    @AfterEach
    void noTransaction() {
        TransactionSynchronizationManager.setActualTransactionActive(false);
    }

    @Test
    void anEventWrittenWithinATraceCarriesThatTracesContextForTheRelay() {
        TestTracing tracing = new TestTracing();
        JdbcClient database = mock(JdbcClient.class, RETURNS_DEEP_STUBS);
        OutboxWriter traced = new OutboxWriter(
                database, serializer, new TopicNames("test"), "trips", tracing.tracer(), tracing.propagator());
        TripHistory history = new TripHistory(UUID.randomUUID());
        Span request = tracing.tracer().nextSpan().name("POST /api/v1/trips").start();

        try (Tracer.SpanInScope scope = tracing.tracer().withSpan(request)) {
            traced.append(history.tripId(), history.created());
        } finally {
            request.end();
        }

        assertThat(insertedColumns(database))
                .last()
                .isEqualTo("00-" + request.context().traceId() + "-"
                        + request.context().spanId() + "-01");
    }

    @Test
    void anEventWrittenOutsideAnyTraceCarriesNoTraceContext() {
        TestTracing tracing = new TestTracing();
        JdbcClient database = mock(JdbcClient.class, RETURNS_DEEP_STUBS);
        OutboxWriter traced = new OutboxWriter(
                database, serializer, new TopicNames("test"), "trips", tracing.tracer(), tracing.propagator());
        TripHistory history = new TripHistory(UUID.randomUUID());

        traced.append(history.tripId(), history.created());

        assertThat(insertedColumns(database)).hasSize(7).last().isNull();
    }

    /** The values of the outbox INSERT, in column order. */
    private static List<Object> insertedColumns(JdbcClient database) {
        ArgumentCaptor<String> statements = ArgumentCaptor.forClass(String.class);
        verify(database, atLeastOnce()).sql(statements.capture());
        String insert = statements.getAllValues().get(0);
        assertThat(insert).startsWith("INSERT INTO trips.outbox");
        return mockingDetails(database.sql(insert)).getInvocations().stream()
                .filter(invocation -> invocation.getMethod().getName().equals("params"))
                .map(invocation -> Arrays.asList(invocation.getArguments()))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void anEventWithADateOutsideTheRangeIsRefusedBeforeAnythingIsWritten() {
        TripHistory history = new TripHistory(UUID.randomUUID());
        history.created();
        TripEvent updated = history.updated(Trip.newBuilder(history.trip())
                .setStartDate(LocalDate.of(0, 1, 1))
                .build());

        assertThatThrownBy(() -> outbox.append(history.tripId(), updated))
                .isInstanceOf(DateRange.OutOfRange.class)
                .hasMessageContaining("trip.start_date");
        verifyNoInteractions(jdbc, serializer);
    }

    @Test
    void anEventOfTheUnknownTypeIsRefused() {
        TripHistory history = new TripHistory(UUID.randomUUID());
        TripEvent created = history.created();
        TripEvent unknown = TripEvent.newBuilder()
                .setEventId(UUID.randomUUID())
                .setEventType(TripEventType.Unknown)
                .setOccurredAt(created.getOccurredAt())
                .setAggregateId(history.tripId())
                .setAggregateVersion(1)
                .setActorId(history.ownerId())
                .setTrip(history.trip())
                .setCollaborators(List.of())
                .build();

        assertThatThrownBy(() -> outbox.append(history.tripId(), unknown))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown");
        verifyNoInteractions(jdbc, serializer);
    }
}
