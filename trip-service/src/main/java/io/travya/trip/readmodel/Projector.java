package io.travya.trip.readmodel;

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
import io.travya.platform.consumer.ConsumedRecords;
import io.travya.platform.events.SinceCommit;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies a poll's events to one generation of the read models. Each event is first applied to its
 * trip's keys by one Lua function per topic ({@link ReadModelFunctions}): atomic per event (a crash
 * cannot leave half an update) and exactly once (the script compares the event's aggregate version
 * with the one it remembers, so an event applied again changes nothing). A trip or booking event's script then returns what the trip
 * now contributes to each user's statistics (its owner's, its collaborators'), and a second script
 * hands the contributions on to that user's keys, exactly once per trip by the trip's sequence
 * number: one call per user for the whole poll ({@link HandOns}), as a call costs Redis more than
 * the work of one contribution in it. Each
 * script call touches one hash slot (a trip's or a user's, see {@link ReadModelKeys}), as Redis
 * Cluster requires. The calls of a whole poll go to Redis in two round trips ({@link
 * ScriptPipeline}: the events', then the hand-ons'), each in the poll's order, a partition's calls
 * through one connection, which keeps each partition's (each key's) order; and an event's call takes
 * effect only if the poll's call before it about the same aggregate did ({@link #ordered}).
 */
@Component
class Projector {

    private static final LogAccessor LOG = new LogAccessor(Projector.class);
    private static final ReadModelFunctions FUNCTIONS = ReadModelFunctions.LIBRARY_OF_THIS_VERSION;

    private final ScriptPipeline pipeline;
    private final JsonMapper json;
    private final ConsumedRecords consumed;
    private final Map<String, SinceCommit> commitToRedis = new LinkedHashMap<>();

    Projector(ScriptPipeline pipeline, JsonMapper json, ConsumedRecords consumed, MeterRegistry meters) {
        this.pipeline = pipeline;
        this.json = json;
        this.consumed = consumed;
        for (String topic : List.of("trips", "bookings", "conversations")) {
            commitToRedis.put(
                    topic,
                    new SinceCommit(
                            meters,
                            "travya.projection.commit.to.redis",
                            "From the commit of an event's transaction to its effect in Redis",
                            "topic",
                            topic));
        }
    }

    /**
     * Applies a poll's records, in their order, to the generation whose keys start with {@code
     * prefix}. If one cannot be applied (its event, or the hand-on of a contribution it returned), the
     * records before it are (their offsets are committed) and the exception names it: the error
     * handler retries it and the records after it, then dead-letters it. The records after a failed
     * call may have taken effect already; applied again, they change nothing, and they return the
     * trip's contributions again, so that the hand-ons a failure cut short are made.
     */
    void applyAll(String prefix, List<ConsumerRecord<Object, Object>> records) {
        TripStep step = applyToTrips(prefix, records);
        // the first record that did not take effect in full, and why
        int failedAt = step.failedAt();
        Exception failure = step.failure();
        List<HandOns.UserCall> sent = step.handOns().calls();
        List<Object> handed =
                run(sent.stream().map(userCall -> userCall.call(prefix)).toList(), records);
        for (int k = 0; k < handed.size(); k++) {
            if (handed.get(k) instanceof Exception failed && sent.get(k).record() < failedAt) {
                failedAt = sent.get(k).record();
                failure = failed;
            }
        }
        // every event that took effect now, those after a failure included: retried, they take none
        // again (their version is held), so each event's latency is recorded exactly once
        for (int i = 0; i < step.results().size(); i++) {
            if (applied(step.results().get(i))) {
                measured(records.get(i));
            }
        }
        // each applied record in its own trace (the request that caused it), as record listeners are
        consumed.handled(records.subList(0, failedAt));
        if (failure != null) {
            throw new BatchListenerFailedException(
                    "Could not apply the event at " + where(records.get(failedAt)), failure, failedAt);
        }
    }

    /**
     * The first step of a poll: each event applied to its trip's keys. {@code failedAt} is the first
     * record that did not take effect ({@code failure} why), or the poll's size; {@code handOns} are
     * the contributions the records before it returned, still to be handed on.
     */
    record TripStep(List<Object> results, int failedAt, Exception failure, HandOns handOns) {}

    /** Applies the first step only; {@link #applyAll} goes on with the second (a test stops here, as a crash would). */
    TripStep applyToTrips(String prefix, List<ConsumerRecord<Object, Object>> records) {
        List<ScriptPipeline.Call> calls = new ArrayList<>(records.size());
        // each aggregate's version in the poll's last call about it so far (keyed by its hash)
        Map<String, String> versions = new HashMap<>();
        RuntimeException unprepared = null;
        for (ConsumerRecord<Object, Object> record : records) {
            try {
                calls.add(ordered(call(prefix, record), versions));
            } catch (RuntimeException e) {
                // nothing of it nor after it is sent: the error handler starts again from this record
                unprepared = e;
                break;
            }
        }
        List<Object> results = run(calls, records);
        int failedAt = calls.size();
        Exception failure = unprepared;
        HandOns handOns = new HandOns();
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) instanceof Exception failed) {
                failedAt = i;
                failure = failed;
                break;
            }
            if (results.get(i) instanceof List<?> settled) {
                handOns.add(i, tripOf(records.get(i).value()), settled);
            }
        }
        return new TripStep(results, failedAt, failure, handOns);
    }

    /**
     * The results of the calls; if Redis could not be reached at all, the first record fails, as it
     * did alone, so that only it could end up on the DLT, never the whole poll.
     */
    private List<Object> run(List<ScriptPipeline.Call> calls, List<ConsumerRecord<Object, Object>> records) {
        try {
            return calls.isEmpty() ? List.of() : pipeline.run(calls);
        } catch (RuntimeException unreachable) {
            throw new BatchListenerFailedException(
                    "Could not apply the event at " + where(records.get(0)), unreachable, 0);
        }
    }

    /** The trip a trip or booking event is about. */
    private static String tripOf(Object event) {
        return switch (event) {
            case TripEvent trip -> trip.getAggregateId().toString();
            case BookingEvent booking -> booking.getTripId().toString();
            default -> throw new IllegalArgumentException("Not an event about a trip's contributions: " + event);
        };
    }

    /** Whether a script changed the read models (1, or a list that starts with 1). */
    private static boolean applied(Object result) {
        Object flag = result instanceof List<?> list && !list.isEmpty() ? list.get(0) : result;
        return Long.valueOf(1).equals(flag);
    }

    /**
     * The call with the version of the poll's call before it about the same aggregate (its first key)
     * in front of its arguments, '' if none: the function refuses it unless that one took effect
     * (library.lua's {@code ordered}), so that no later event of an aggregate takes effect before an
     * earlier one of the poll, whatever Redis refused.
     */
    private static ScriptPipeline.Call ordered(ScriptPipeline.Call call, Map<String, String> versions) {
        String[] args = new String[call.args().length + 1];
        String before = versions.put(call.keys()[0], call.args()[0]);
        args[0] = before == null ? "" : before;
        System.arraycopy(call.args(), 0, args, 1, call.args().length);
        return new ScriptPipeline.Call(call.function(), call.lane(), call.keys(), args);
    }

    /** An apply function's call; its lane is its partition, whose records are in order. */
    private ScriptPipeline.Call call(String prefix, ConsumerRecord<Object, Object> record) {
        Object event = record.value();
        if (event instanceof TripEvent trip) {
            return call(prefix, record.partition(), trip);
        }
        if (event instanceof BookingEvent booking) {
            return call(prefix, record.partition(), booking);
        }
        if (event instanceof ConversationEvent conversation) {
            return call(prefix, record.partition(), conversation);
        }
        throw new IllegalArgumentException("Not an event the read models know: " + event, whyUnreadable(record));
    }

    /**
     * An apply script's call: its keys, and the event's fields as its arguments, one each, in the
     * order the script's header lists them; plain strings, no JSON to build here, to send (TLS) and to
     * decode in Redis for every event. List.of refuses a null, so a field the script would choke on
     * halfway (Redis does not undo a script's earlier writes) fails here, before anything is written.
     */
    private ScriptPipeline.Call call(String prefix, int lane, TripEvent event) {
        Trip trip = event.getTrip();
        ItineraryItem item = event.getItineraryItem();
        String id = event.getAggregateId().toString();
        List<String> args = new ArrayList<>(List.of(
                Long.toString(event.getAggregateVersion()),
                event.getEventType() != TripEventType.TripDeleted ? "1" : "0",
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
                item == null ? "" : item.getId().toString(),
                item == null ? "" : Integer.toString(item.getDay())));
        for (Collaborator collaborator : event.getCollaborators()) {
            if ("accepted".equals(collaborator.getStatus())) {
                args.add(collaborator.getUserId().toString());
            }
        }
        return new ScriptPipeline.Call(
                FUNCTIONS.trip,
                lane,
                new String[] {
                    ReadModelKeys.ofTrip(prefix, "trip", id),
                    ReadModelKeys.ofTrip(prefix, "tb", id),
                    ReadModelKeys.ofTrip(prefix, "members", id),
                    ReadModelKeys.ofTrip(prefix, "itin", id),
                    ReadModelKeys.ofTrip(prefix, "itindays", id),
                    ReadModelKeys.ofTrip(prefix, "act", id),
                    ReadModelKeys.ofTrip(prefix, "users", id)
                },
                args.toArray(String[]::new));
    }

    private ScriptPipeline.Call call(String prefix, int lane, BookingEvent event) {
        var booking = event.getBooking();
        String trip = event.getTripId().toString();
        return new ScriptPipeline.Call(
                FUNCTIONS.booking,
                lane,
                new String[] {
                    ReadModelKeys.ofTrip(prefix, "booking", trip, event.getAggregateId()),
                    ReadModelKeys.ofTrip(prefix, "tb", trip),
                    ReadModelKeys.ofTrip(prefix, "trip", trip),
                    ReadModelKeys.ofTrip(prefix, "act", trip),
                    ReadModelKeys.ofTrip(prefix, "members", trip),
                    ReadModelKeys.ofTrip(prefix, "users", trip)
                },
                List.of(
                                Long.toString(event.getAggregateVersion()),
                                event.getEventType() != BookingEventType.BookingDeleted ? "1" : "0",
                                trip,
                                booking.getStatus(),
                                booking.getCurrency(),
                                cents(booking.getAmount()),
                                Long.toString(micros(event.getOccurredAt())))
                        .toArray(String[]::new));
    }

    private ScriptPipeline.Call call(String prefix, int lane, ConversationEvent event) {
        String trip = event.getTripId().toString();
        return new ScriptPipeline.Call(
                FUNCTIONS.conversation,
                lane,
                new String[] {
                    ReadModelKeys.ofTrip(prefix, "conv", trip, event.getAggregateId()),
                    ReadModelKeys.ofTrip(prefix, "tc", trip),
                    ReadModelKeys.ofTrip(prefix, "act", trip)
                },
                List.of(
                                Long.toString(event.getAggregateVersion()),
                                event.getEventType() != ConversationEventType.ConversationDeleted ? "1" : "0",
                                trip,
                                Long.toString(event.getConversation().getMessageCount()),
                                Long.toString(micros(event.getOccurredAt())))
                        .toArray(String[]::new));
    }

    /**
     * The trip and who is on it, as the overview shows them (ReadModels reads it back): written
     * field by field, with no map built per event to serialise.
     */
    private String state(TripEvent event) {
        Trip trip = event.getTrip();
        StringWriter out = new StringWriter(512);
        try (JsonGenerator state = json.createGenerator(out)) {
            state.writeStartObject();
            state.writeStringProperty("id", trip.getId().toString());
            state.writeStringProperty("title", trip.getTitle());
            state.writeStringProperty("destination", trip.getDestination());
            state.writeStringProperty("start_date", trip.getStartDate().toString());
            state.writeStringProperty("end_date", trip.getEndDate().toString());
            state.writeNumberProperty("budget", trip.getBudget()); // null without a budget
            state.writeStringProperty("description", trip.getDescription()); // null without one
            state.writeStringProperty("status", trip.getStatus());
            state.writeStringProperty("trip_type", trip.getTripType());
            state.writeStringProperty("user_id", trip.getUserId().toString());
            state.writeStringProperty("created_at", trip.getCreatedAt().toString());
            state.writeStringProperty("updated_at", trip.getUpdatedAt().toString());
            state.writeNumberProperty("version", event.getAggregateVersion());
            state.writeArrayPropertyStart("collaborators");
            for (Collaborator collaborator : event.getCollaborators()) {
                state.writeStartObject();
                state.writeStringProperty("user_id", collaborator.getUserId().toString());
                state.writeStringProperty("role", collaborator.getRole());
                state.writeStringProperty("status", collaborator.getStatus());
                state.writeEndObject();
            }
            state.writeEndArray();
            state.writeEndObject();
        }
        return out.toString();
    }

    /** The commit-to-Redis latency of an event that changed the read models. */
    private void measured(ConsumerRecord<?, ?> record) {
        String topic = switch (record.value()) {
            case TripEvent trip -> "trips";
            case BookingEvent booking -> "bookings";
            case ConversationEvent conversation -> "conversations";
            default -> throw new IllegalArgumentException("Not an event the read models know: " + record.value());
        };
        commitToRedis.get(topic).record(record);
    }

    private static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    /** The decoding failure, if that is why the record holds no event (it is dead-lettered, not retried). */
    private static Throwable whyUnreadable(ConsumerRecord<Object, Object> record) {
        return SerializationUtils.getExceptionFromHeader(
                record, SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
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
