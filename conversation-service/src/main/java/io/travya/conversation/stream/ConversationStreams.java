package io.travya.conversation.stream;

import io.travya.conversation.conversation.MessageType;
import io.travya.conversation.conversation.MessageView;
import io.travya.conversation.conversation.MessagesSince;
import io.travya.conversation.conversation.SenderType;
import io.travya.events.ConversationEvent;
import io.travya.events.Message;
import io.travya.tripaccess.TripAccess;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The server-sent event streams open on this instance, by conversation. Every instance reads every
 * conversation event (MessageFanout) and pushes the messages to its own subscribers, so a client
 * connected to any replica sees every message, whichever replica wrote it — the assistant's replies
 * included.
 */
@Component
public class ConversationStreams implements SmartLifecycle {

    static final String MESSAGE = "message";
    static final String DELETED = "conversation_deleted";
    static final Duration RECONNECT = Duration.ofSeconds(3);

    private static final Logger log = LoggerFactory.getLogger(ConversationStreams.class);

    private final Map<UUID, Set<Subscriber>> byConversation = new ConcurrentHashMap<>();
    private final TripAccess access;
    private final Duration timeout;
    private volatile boolean running;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "conversation-stream-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    ConversationStreams(
            TripAccess access,
            @Value("${travya.stream.timeout:30m}") Duration timeout,
            @Value("${travya.stream.heartbeat:20s}") Duration heartbeat) {
        this.access = access;
        this.timeout = timeout;
        // a comment now and then keeps proxies from closing an idle stream, and finds clients that left
        heartbeats.scheduleAtFixedRate(
                this::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Opens a stream of the conversation's new messages for a user who may read it. Messages pushed
     * while {@link Subscriber#replay} has not run yet are held back, so a reconnecting client gets what
     * it missed first, then the new ones, in order and once each.
     */
    Subscriber subscribe(UUID conversationId, UUID tripId, UUID userId) {
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        Subscriber subscriber = new Subscriber(conversationId, tripId, userId, emitter);
        byConversation
                .computeIfAbsent(conversationId, id -> ConcurrentHashMap.newKeySet())
                .add(subscriber);
        emitter.onCompletion(() -> remove(subscriber));
        emitter.onTimeout(() -> remove(subscriber));
        emitter.onError(e -> remove(subscriber));
        // something to send at once: the response (and its headers) reaches the client now, not with
        // the first message; and a hint how soon to reconnect
        subscriber.send(SseEmitter.event().reconnectTime(RECONNECT.toMillis()).comment("connected"));
        return subscriber;
    }

    /** Pushes a new message to this instance's subscribers of its conversation; ends streams of a deleted one. */
    void deliver(ConversationEvent event) {
        Set<Subscriber> subscribers = byConversation.get(event.getAggregateId());
        if (subscribers == null || subscribers.isEmpty()) {
            return;
        }
        // a switch expression, so that a new conversation event type does not compile until it says
        // what streams do with it
        Runnable delivery = switch (event.getEventType()) {
            case MessagePosted -> () -> pushMessage(event, subscribers);
            case ConversationDeleted -> () -> endStreams(event, subscribers);
            // a new conversation, renames and archiving are not messages
            case ConversationStarted, ConversationUpdated, Unknown -> () -> {};
        };
        delivery.run();
    }

    private void pushMessage(ConversationEvent event, Set<Subscriber> subscribers) {
        MessageView message = view(event.getMessage());
        // the conversation's count after its new message is that message's position in it
        long at = event.getConversation().getMessageCount();
        for (Subscriber subscriber : subscribers) {
            // access is checked on every push: a collaborator removed from the trip hears no more
            if (access.roleOf(subscriber.tripId, subscriber.userId).isEmpty()) {
                subscriber.emitter.complete();
                remove(subscriber);
            } else {
                subscriber.push(at, message);
            }
        }
    }

    private void endStreams(ConversationEvent event, Set<Subscriber> subscribers) {
        for (Subscriber subscriber : subscribers) {
            subscriber.send(
                    SseEmitter.event().name(DELETED).data(event.getAggregateId().toString()));
            subscriber.emitter.complete();
            remove(subscriber);
        }
    }

    private void heartbeat() {
        byConversation
                .values()
                .forEach(set -> set.forEach(s -> s.send(SseEmitter.event().comment("keep-alive"))));
    }

    private void remove(Subscriber subscriber) {
        byConversation.computeIfPresent(subscriber.conversationId, (id, set) -> {
            set.remove(subscriber);
            return set.isEmpty() ? null : set;
        });
    }

    @Override
    public void start() {
        running = true;
    }

    /**
     * Ends every open stream before the web server's graceful shutdown begins (a later phase), which
     * would otherwise wait for these never-ending responses; clients reconnect to another replica
     * with Last-Event-ID and miss nothing.
     */
    @Override
    public void stop() {
        running = false;
        heartbeats.shutdownNow();
        byConversation.values().forEach(set -> set.forEach(s -> s.emitter.complete()));
        byConversation.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static MessageView view(Message message) {
        return new MessageView(
                message.getId(),
                message.getConversationId(),
                message.getContent(),
                MessageType.of(message.getMessageType()),
                SenderType.of(message.getSenderType()),
                message.getSenderId(),
                message.getReplyTo(),
                message.getCreatedAt());
    }

    /** One open stream. */
    final class Subscriber {

        private final UUID conversationId;
        private final UUID tripId;
        private final UUID userId;
        private final SseEmitter emitter;
        private List<Positioned> heldBack = new ArrayList<>();
        /** The client has every message up to this position of the conversation. */
        private long position;

        private Subscriber(UUID conversationId, UUID tripId, UUID userId, SseEmitter emitter) {
            this.conversationId = conversationId;
            this.tripId = tripId;
            this.userId = userId;
            this.emitter = emitter;
        }

        SseEmitter emitter() {
            return emitter;
        }

        /**
         * Sends what the client missed, then what was held back meanwhile; then goes live. The
         * database can be ahead of the topic, so a message the client has — replayed, or the one it
         * named in Last-Event-ID — may still come by live later: it is not sent again.
         */
        synchronized void replay(MessagesSince missed) {
            missed.messages().forEach(this::sendMessage);
            position = missed.position();
            List<Positioned> held = heldBack;
            heldBack = null;
            held.forEach(p -> push(p.position(), p.message()));
        }

        /**
         * A message from the topic, at its position in the conversation. A conversation's events
         * arrive in order (one partition per trip), so anything at or before the position reached
         * is a message the client has, delivered again.
         */
        synchronized void push(long at, MessageView message) {
            if (heldBack != null) {
                heldBack.add(new Positioned(at, message));
            } else if (at > position) {
                sendMessage(message);
                position = at;
            }
        }

        private void sendMessage(MessageView message) {
            send(SseEmitter.event()
                    .id(message.id().toString())
                    .name(MESSAGE)
                    .data(message, MediaType.APPLICATION_JSON));
        }

        synchronized void send(SseEmitter.SseEventBuilder event) {
            try {
                emitter.send(event);
            } catch (IOException | IllegalStateException e) {
                // the client has gone; its emitter is finished and forgotten
                log.debug("Stream of conversation {} closed: {}", conversationId, e.getMessage());
                emitter.completeWithError(e);
                remove(this);
            }
        }
    }

    private record Positioned(long position, MessageView message) {}
}
