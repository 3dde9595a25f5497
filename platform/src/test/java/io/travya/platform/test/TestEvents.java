package io.travya.platform.test;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.travya.events.Booking;
import io.travya.events.BookingEvent;
import io.travya.events.BookingEventType;
import io.travya.events.Collaborator;
import io.travya.events.ConversationEvent;
import io.travya.events.ConversationEventType;
import io.travya.events.EventTopic;
import io.travya.events.ItineraryItem;
import io.travya.events.Trip;
import io.travya.events.TripEvent;
import io.travya.events.TripEventType;
import io.travya.events.UserEventType;
import io.travya.platform.events.AvroSerdeSettings;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes events onto a test corner's topics as their producing service would (Avro, Confluent wire
 * format, keyed by trip id), and builds trip events for tests of the services that consume them.
 */
public final class TestEvents implements AutoCloseable {

    private final TestCorner corner;
    private final KafkaProducer<String, SpecificRecord> producer;

    public TestEvents(TestCorner corner) {
        this.corner = corner;
        Map<String, Object> config =
                new HashMap<>(AvroSerdeSettings.forSerializer(corner.endpoints().registry(Duration.ofSeconds(10))));
        // as the super user: a test plays the service that publishes the topic
        config.putAll(corner.endpoints().kafkaAdmin());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class);
        this.producer = new KafkaProducer<>(config);
        createTopics(corner);
    }

    /** The corner's topics exist even when the service under test only reads them. */
    private static void createTopics(TestCorner corner) {
        try (Admin admin = Admin.create(corner.endpoints().kafkaAdmin())) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (EventTopic topic : EventTopic.values()) {
                if (!existing.contains(corner.topic(topic.shortName()))) {
                    missing.add(new NewTopic(corner.topic(topic.shortName()), 6, (short) 1));
                }
            }
            admin.createTopics(missing).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create the corner's topics", e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Publishes the event on its topic in the corner, keyed by {@code key}, and waits for the ack. */
    public void publish(Object key, SpecificRecord event) {
        String topic = corner.topic(EventTopic.forRecord(event).shortName());
        try {
            producer.send(new ProducerRecord<>(topic, key.toString(), event)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not publish to " + topic, e.getCause());
        }
    }

    /** Publishes without waiting for the acknowledgement; {@link #flush()} waits for all of them. */
    public void publishAsync(Object key, SpecificRecord event) {
        producer.send(
                new ProducerRecord<>(corner.topic(EventTopic.forRecord(event).shortName()), key.toString(), event));
    }

    public void flush() {
        producer.flush();
    }

    /**
     * Publishes bytes that are not an event of ours (a foreign producer, a corrupted record) on
     * the corner's {@code topic}, keyed by {@code key}, and waits for the ack.
     */
    public void publishUnreadable(EventTopic topic, Object key, byte[] value) {
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(corner.endpoints()
                .kafkaAdminWith(Map.of(
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                        StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                        ByteArraySerializer.class)))) {
            raw.send(new ProducerRecord<>(corner.topic(topic.shortName()), key.toString(), value))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not publish to " + topic, e.getCause());
        }
    }

    /** A user's state as trip-service publishes it: {@code active} false for UserDeactivated. */
    public static io.travya.events.UserEvent userEvent(UUID userId, long version, boolean active) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return io.travya.events.UserEvent.newBuilder()
                .setEventId(UUID.randomUUID())
                .setEventType(active ? UserEventType.UserActivated : UserEventType.UserDeactivated)
                .setOccurredAt(now)
                .setAggregateId(userId)
                .setAggregateVersion(version)
                .setActorId(userId)
                .setUser(io.travya.events.User.newBuilder()
                        .setId(userId)
                        .setIsActive(active)
                        .setIsSuperuser(false)
                        .setCreatedAt(now)
                        .setUpdatedAt(now)
                        .build())
                .build();
    }

    /** The user logged out of {@code session}, as trip-service publishes it. */
    public static io.travya.events.UserEvent sessionEnded(UUID userId, long version, UUID session) {
        return userEvent(UserEventType.SessionEnded, userId, version, session, null);
    }

    /** The user changed their password: every token issued before {@code before} is refused. */
    public static io.travya.events.UserEvent sessionsRevoked(UUID userId, long version, Instant before) {
        return userEvent(UserEventType.SessionsRevoked, userId, version, null, before);
    }

    private static io.travya.events.UserEvent userEvent(
            UserEventType type, UUID userId, long version, UUID session, Instant sessionsRevokedBefore) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return io.travya.events.UserEvent.newBuilder()
                .setEventId(UUID.randomUUID())
                .setEventType(type)
                .setOccurredAt(now)
                .setAggregateId(userId)
                .setAggregateVersion(version)
                .setActorId(userId)
                .setUser(io.travya.events.User.newBuilder()
                        .setId(userId)
                        .setIsActive(true)
                        .setIsSuperuser(false)
                        .setCreatedAt(now)
                        .setUpdatedAt(now)
                        .setSessionsRevokedBefore(sessionsRevokedBefore)
                        .build())
                .setSessionId(session)
                .build();
    }

    /** A trip as trip-service would describe it, evolving one version at a time. */
    public static final class TripHistory {

        private final UUID tripId = UUID.randomUUID();
        private final UUID ownerId;
        private final List<Collaborator> collaborators = new ArrayList<>();
        private final Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        private long version = -1;
        private Trip trip;

        public TripHistory(UUID ownerId) {
            this.ownerId = ownerId;
            this.trip = Trip.newBuilder()
                    .setId(tripId)
                    .setUserId(ownerId)
                    .setTitle("Trip to Lisbon")
                    .setDestination("Lisbon, Portugal")
                    .setStartDate(LocalDate.of(2027, 5, 1))
                    .setEndDate(LocalDate.of(2027, 5, 8))
                    .setBudget(new BigDecimal("2500.00"))
                    .setDescription(null)
                    .setStatus("planned")
                    .setTripType("leisure")
                    .setCreatedAt(createdAt)
                    .setUpdatedAt(createdAt)
                    .build();
        }

        public UUID tripId() {
            return tripId;
        }

        public UUID ownerId() {
            return ownerId;
        }

        public TripEvent created() {
            return next(TripEventType.TripCreated, null);
        }

        /** The user accepted an invitation with this role ("viewer" or "editor"). */
        public TripEvent accepted(UUID userId, String role) {
            collaborators.removeIf(c -> c.getUserId().equals(userId));
            Collaborator collaborator = collaborator(userId, role, "accepted");
            collaborators.add(collaborator);
            return next(TripEventType.CollaboratorAccepted, collaborator);
        }

        /** The user was invited and has not answered yet. */
        public TripEvent invited(UUID userId, String role) {
            collaborators.removeIf(c -> c.getUserId().equals(userId));
            Collaborator collaborator = collaborator(userId, role, "pending");
            collaborators.add(collaborator);
            return next(TripEventType.CollaboratorInvited, collaborator);
        }

        public TripEvent removed(UUID userId) {
            Collaborator gone = collaborators.stream()
                    .filter(c -> c.getUserId().equals(userId))
                    .findFirst()
                    .orElseThrow();
            collaborators.remove(gone);
            return next(TripEventType.CollaboratorRemoved, gone);
        }

        public TripEvent updated(Trip changed) {
            this.trip = changed;
            return next(TripEventType.TripUpdated, null);
        }

        public Trip trip() {
            return trip;
        }

        public TripEvent deleted() {
            return next(TripEventType.TripDeleted, null);
        }

        private Collaborator collaborator(UUID userId, String role, String status) {
            return Collaborator.newBuilder()
                    .setId(UUID.randomUUID())
                    .setTripId(tripId)
                    .setUserId(userId)
                    .setInviterId(ownerId)
                    .setRole(role)
                    .setStatus(status)
                    .setInvitedAt(createdAt)
                    .setAcceptedAt("accepted".equals(status) ? createdAt : null)
                    .build();
        }

        private TripEvent next(TripEventType type, Collaborator changed) {
            version++;
            return TripEvent.newBuilder()
                    .setEventId(UUID.randomUUID())
                    .setEventType(type)
                    .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
                    .setAggregateId(tripId)
                    .setAggregateVersion(version)
                    .setActorId(ownerId)
                    .setTrip(trip)
                    .setCollaborators(List.copyOf(collaborators))
                    .setItineraryItem(null)
                    .setCollaborator(changed)
                    .build();
        }
    }

    public static ItineraryItem item(
            UUID tripId,
            int day,
            String title,
            LocalTime start,
            LocalTime end,
            String location,
            List<String> activities) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return ItineraryItem.newBuilder()
                .setId(UUID.randomUUID())
                .setTripId(tripId)
                .setDay(day)
                .setTitle(title)
                .setDescription(null)
                .setActivities(List.copyOf(activities))
                .setStartTime(start)
                .setEndTime(end)
                .setLocation(location)
                .setCreatedAt(now)
                .setUpdatedAt(now)
                .build();
    }

    /** The next version of the trip, about one of its itinerary items (added, updated or removed). */
    public static TripEvent itinerary(TripHistory trip, TripEventType type, ItineraryItem item) {
        return TripEvent.newBuilder(trip.updated(trip.trip()))
                .setEventType(type)
                .setItineraryItem(item)
                .build();
    }

    /** A booking, one version at a time, as booking-service would publish it. */
    public static final class BookingHistory {

        private final UUID id = UUID.randomUUID();
        private final UUID tripId;
        private Booking booking;
        private long version = -1;

        public BookingHistory(
                UUID tripId, String type, String provider, String amount, String currency, LocalDate travelDate) {
            this.tripId = tripId;
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            this.booking = Booking.newBuilder()
                    .setId(id)
                    .setTripId(tripId)
                    .setBookingType(type)
                    .setProvider(provider)
                    .setConfirmationNumber("C-" + id.toString().substring(0, 8))
                    .setAmount(new BigDecimal(amount))
                    .setCurrency(currency)
                    .setBookingDate(travelDate.minusMonths(2))
                    .setTravelDate(travelDate)
                    .setStatus("pending")
                    .setCreatedAt(now)
                    .setUpdatedAt(now)
                    .build();
        }

        public BookingEvent created() {
            return next(BookingEventType.BookingCreated);
        }

        public BookingEvent confirmed() {
            booking = Booking.newBuilder(booking).setStatus("confirmed").build();
            return next(BookingEventType.BookingConfirmed);
        }

        public BookingEvent cancelled() {
            booking = Booking.newBuilder(booking).setStatus("cancelled").build();
            return next(BookingEventType.BookingCancelled);
        }

        public BookingEvent repriced(String amount) {
            booking = Booking.newBuilder(booking)
                    .setAmount(new BigDecimal(amount))
                    .build();
            return next(BookingEventType.BookingUpdated);
        }

        public BookingEvent deleted() {
            return next(BookingEventType.BookingDeleted);
        }

        private BookingEvent next(BookingEventType type) {
            version++;
            return BookingEvent.newBuilder()
                    .setEventId(UUID.randomUUID())
                    .setEventType(type)
                    .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
                    .setAggregateId(id)
                    .setAggregateVersion(version)
                    .setActorId(null)
                    .setTripId(tripId)
                    .setBooking(booking)
                    .build();
        }
    }

    /** A conversation, one version at a time, as conversation-service would publish it. */
    public static final class ConversationHistory {

        private final UUID id = UUID.randomUUID();
        private final UUID tripId;
        private io.travya.events.Conversation conversation;
        private long version = -1;

        public ConversationHistory(UUID tripId, String title) {
            this.tripId = tripId;
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            this.conversation = io.travya.events.Conversation.newBuilder()
                    .setId(id)
                    .setTripId(tripId)
                    .setTitle(title)
                    .setIsActive(true)
                    .setMessageCount(0)
                    .setCreatedBy(null)
                    .setCreatedAt(now)
                    .setUpdatedAt(now)
                    .build();
        }

        public UUID id() {
            return id;
        }

        public ConversationEvent started() {
            return next(ConversationEventType.ConversationStarted, null);
        }

        /** A new user message in the conversation. */
        public ConversationEvent messagePosted(String content) {
            conversation = io.travya.events.Conversation.newBuilder(conversation)
                    .setMessageCount(conversation.getMessageCount() + 1)
                    .build();
            io.travya.events.Message message = io.travya.events.Message.newBuilder()
                    .setId(UUID.randomUUID())
                    .setConversationId(id)
                    .setContent(content)
                    .setMessageType("text")
                    .setSenderType("user")
                    .setSenderId(null)
                    .setReplyTo(null)
                    .setCreatedAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
                    .build();
            return next(ConversationEventType.MessagePosted, message);
        }

        public ConversationEvent deleted() {
            return next(ConversationEventType.ConversationDeleted, null);
        }

        private ConversationEvent next(ConversationEventType type, io.travya.events.Message message) {
            version++;
            return ConversationEvent.newBuilder()
                    .setEventId(UUID.randomUUID())
                    .setEventType(type)
                    .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
                    .setAggregateId(id)
                    .setAggregateVersion(version)
                    .setActorId(null)
                    .setTripId(tripId)
                    .setConversation(conversation)
                    .setMessage(message)
                    .build();
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
