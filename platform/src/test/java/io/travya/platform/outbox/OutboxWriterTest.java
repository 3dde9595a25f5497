package io.travya.platform.outbox;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.travya.events.DateRange;
import io.travya.events.Trip;
import io.travya.events.TripEvent;
import io.travya.events.TripEventType;
import io.travya.platform.events.AvroEventSerializer;
import io.travya.platform.events.TopicNames;
import io.travya.platform.test.TestEvents.TripHistory;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
