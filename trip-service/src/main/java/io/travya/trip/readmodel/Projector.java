package io.travya.trip.readmodel;

import io.micrometer.core.instrument.MeterRegistry;
import io.travya.events.BookingEvent;
import io.travya.events.BookingEventType;
import io.travya.events.Collaborator;
import io.travya.events.ConversationEvent;
import io.travya.events.ConversationEventType;
import io.travya.events.Trip;
import io.travya.events.TripEvent;
import io.travya.events.TripEventType;
import io.travya.platform.events.SinceCommit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies one event to one generation of the read models, with one Lua script per topic: atomic (a
 * crash cannot leave half an update) and exactly once (the script compares the event's aggregate
 * version with the one it remembers).
 */
@Component
class Projector {

    private static final RedisScript<Long> TRIP = applying("apply-trip-event.lua");
    private static final RedisScript<Long> BOOKING = applying("apply-booking-event.lua");
    private static final RedisScript<Long> CONVERSATION = applying("apply-conversation-event.lua");

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final Map<String, SinceCommit> commitToRedis = new LinkedHashMap<>();

    /** The script with the helpers it shares with the others (figures.lua) in front of it. */
    private static RedisScript<Long> applying(String script) {
        return RedisScript.of(text("figures.lua") + "\n" + text(script), Long.class);
    }

    private static String text(String script) {
        try {
            return new ClassPathResource("readmodel/" + script).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("The read-model script " + script + " is missing", e);
        }
    }

    Projector(StringRedisTemplate redis, JsonMapper json, MeterRegistry meters) {
        this.redis = redis;
        this.json = json;
        for (String topic : List.of("trips", "bookings", "conversations")) {
            commitToRedis.put(
                    topic,
                    new SinceCommit(
                            meters,
                            "travya.projection.commit.to.redis",
                            "From an event's occurred_at (in its transaction) to its effect in Redis",
                            "topic",
                            topic));
        }
    }

    /** Applies the event to the generation whose keys start with {@code prefix}; true if it changed anything. */
    boolean apply(String prefix, Object event) {
        if (event instanceof TripEvent trip) {
            return measured("trips", trip.getOccurredAt(), apply(prefix, trip));
        }
        if (event instanceof BookingEvent booking) {
            return measured("bookings", booking.getOccurredAt(), apply(prefix, booking));
        }
        if (event instanceof ConversationEvent conversation) {
            return measured("conversations", conversation.getOccurredAt(), apply(prefix, conversation));
        }
        throw new IllegalArgumentException("Not an event the read models know: " + event);
    }

    private boolean apply(String prefix, TripEvent event) {
        Trip trip = event.getTrip();
        List<String> args = new ArrayList<>(List.of(
                prefix,
                event.getAggregateId().toString(),
                Long.toString(event.getAggregateVersion()),
                event.getEventType() == TripEventType.TripDeleted ? "0" : "1",
                trip.getUserId().toString(),
                trip.getStatus(),
                trip.getTripType(),
                cents(trip.getBudget()),
                Long.toString(trip.getStartDate().toEpochDay()),
                trip.getStartDate().toString(),
                trip.getEndDate().toString(),
                trip.getTitle(),
                trip.getDestination(),
                state(event),
                Long.toString(micros(event.getOccurredAt())),
                itineraryOperation(event.getEventType()),
                event.getItineraryItem() == null
                        ? ""
                        : event.getItineraryItem().getId().toString(),
                event.getItineraryItem() == null
                        ? ""
                        : Integer.toString(event.getItineraryItem().getDay())));
        for (Collaborator collaborator : event.getCollaborators()) {
            if ("accepted".equals(collaborator.getStatus())) {
                args.add(collaborator.getUserId().toString());
            }
        }
        return Long.valueOf(1).equals(redis.execute(TRIP, List.of(), args.toArray()));
    }

    private boolean apply(String prefix, BookingEvent event) {
        var booking = event.getBooking();
        return Long.valueOf(1)
                .equals(redis.execute(
                        BOOKING,
                        List.of(),
                        prefix,
                        event.getAggregateId().toString(),
                        Long.toString(event.getAggregateVersion()),
                        event.getEventType() == BookingEventType.BookingDeleted ? "0" : "1",
                        event.getTripId().toString(),
                        booking.getStatus(),
                        booking.getCurrency(),
                        cents(booking.getAmount()),
                        Long.toString(micros(event.getOccurredAt()))));
    }

    private boolean apply(String prefix, ConversationEvent event) {
        return Long.valueOf(1)
                .equals(redis.execute(
                        CONVERSATION,
                        List.of(),
                        prefix,
                        event.getAggregateId().toString(),
                        Long.toString(event.getAggregateVersion()),
                        event.getEventType() == ConversationEventType.ConversationDeleted ? "0" : "1",
                        event.getTripId().toString(),
                        Long.toString(event.getConversation().getMessageCount()),
                        Long.toString(micros(event.getOccurredAt()))));
    }

    /** The trip and who is on it, as the overview shows them. */
    private String state(TripEvent event) {
        Trip trip = event.getTrip();
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", trip.getId());
        state.put("title", trip.getTitle());
        state.put("destination", trip.getDestination());
        state.put("start_date", trip.getStartDate().toString());
        state.put("end_date", trip.getEndDate().toString());
        state.put("budget", trip.getBudget());
        state.put("description", trip.getDescription());
        state.put("status", trip.getStatus());
        state.put("trip_type", trip.getTripType());
        state.put("user_id", trip.getUserId());
        state.put("created_at", trip.getCreatedAt().toString());
        state.put("updated_at", trip.getUpdatedAt().toString());
        state.put("version", event.getAggregateVersion());
        List<Map<String, Object>> collaborators = new ArrayList<>();
        for (Collaborator collaborator : event.getCollaborators()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("user_id", collaborator.getUserId());
            entry.put("role", collaborator.getRole());
            entry.put("status", collaborator.getStatus());
            collaborators.add(entry);
        }
        state.put("collaborators", collaborators);
        return json.writeValueAsString(state);
    }

    private boolean measured(String topic, Instant occurredAt, boolean applied) {
        if (applied) {
            commitToRedis.get(topic).record(occurredAt);
        }
        return applied;
    }

    /** Exhaustive: a new trip event type does not compile until it says what it does to the itinerary. */
    private static String itineraryOperation(TripEventType eventType) {
        return switch (eventType) {
            case ItineraryItemAdded -> "add";
            case ItineraryItemUpdated -> "update";
            case ItineraryItemRemoved -> "remove";
            case TripCreated,
                    TripUpdated,
                    TripStatusChanged,
                    TripDeleted,
                    CollaboratorInvited,
                    CollaboratorAccepted,
                    CollaboratorDeclined,
                    CollaboratorRoleChanged,
                    CollaboratorRemoved,
                    Unknown -> "none";
        };
    }

    static String cents(BigDecimal amount) {
        return amount == null
                ? ""
                : amount.movePointRight(2).toBigIntegerExact().toString();
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }
}
