package io.travya.trip.readmodel;

import static java.util.Map.entry;

import io.micrometer.core.instrument.MeterRegistry;
import io.travya.events.BookingEvent;
import io.travya.events.BookingEventType;
import io.travya.events.Collaborator;
import io.travya.events.ConversationEvent;
import io.travya.events.ConversationEventType;
import io.travya.events.ItineraryItem;
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
        ItineraryItem item = event.getItineraryItem();
        List<String> acceptedCollaborators = new ArrayList<>();
        for (Collaborator collaborator : event.getCollaborators()) {
            if ("accepted".equals(collaborator.getStatus())) {
                acceptedCollaborators.add(collaborator.getUserId().toString());
            }
        }
        return run(
                TRIP,
                Map.ofEntries(
                        entry("prefix", prefix),
                        entry("trip_id", event.getAggregateId().toString()),
                        entry("version", Long.toString(event.getAggregateVersion())),
                        entry("live", event.getEventType() != TripEventType.TripDeleted),
                        entry("owner_id", trip.getUserId().toString()),
                        entry("status", trip.getStatus()),
                        entry("trip_type", trip.getTripType()),
                        entry("budget_cents", cents(trip.getBudget())),
                        entry(
                                "start_epoch_day",
                                Long.toString(trip.getStartDate().toEpochDay())),
                        entry("start_date", trip.getStartDate().toString()),
                        entry("end_date", trip.getEndDate().toString()),
                        entry("title", trip.getTitle()),
                        entry("destination", trip.getDestination()),
                        entry("state", state(event)),
                        entry("occurred_at_micros", Long.toString(micros(event.getOccurredAt()))),
                        entry("itinerary_operation", itineraryOperation(event.getEventType())),
                        entry(
                                "itinerary_item_id",
                                item == null ? "" : item.getId().toString()),
                        entry("itinerary_item_day", item == null ? "" : Integer.toString(item.getDay())),
                        entry("accepted_collaborators", acceptedCollaborators)));
    }

    private boolean apply(String prefix, BookingEvent event) {
        var booking = event.getBooking();
        return run(
                BOOKING,
                Map.ofEntries(
                        entry("prefix", prefix),
                        entry("booking_id", event.getAggregateId().toString()),
                        entry("version", Long.toString(event.getAggregateVersion())),
                        entry("live", event.getEventType() != BookingEventType.BookingDeleted),
                        entry("trip_id", event.getTripId().toString()),
                        entry("status", booking.getStatus()),
                        entry("currency", booking.getCurrency()),
                        entry("amount_cents", cents(booking.getAmount())),
                        entry("occurred_at_micros", Long.toString(micros(event.getOccurredAt())))));
    }

    private boolean apply(String prefix, ConversationEvent event) {
        return run(
                CONVERSATION,
                Map.ofEntries(
                        entry("prefix", prefix),
                        entry("conversation_id", event.getAggregateId().toString()),
                        entry("version", Long.toString(event.getAggregateVersion())),
                        entry("live", event.getEventType() != ConversationEventType.ConversationDeleted),
                        entry("trip_id", event.getTripId().toString()),
                        entry(
                                "message_count",
                                Long.toString(event.getConversation().getMessageCount())),
                        entry("occurred_at_micros", Long.toString(micros(event.getOccurredAt())))));
    }

    /**
     * Runs an apply script with its one argument: the event's fields by name, as a JSON object the
     * script decodes with cjson. Map.ofEntries refuses a null, so a field the script would choke on
     * halfway (Redis does not undo a script's earlier writes) fails here, before anything is written.
     */
    private boolean run(RedisScript<Long> script, Map<String, Object> fields) {
        return Long.valueOf(1).equals(redis.execute(script, List.of(), json.writeValueAsString(fields)));
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
