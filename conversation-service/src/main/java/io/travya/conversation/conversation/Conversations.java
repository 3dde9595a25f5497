package io.travya.conversation.conversation;

import io.travya.conversation.Times;
import io.travya.events.ConversationEventType;
import io.travya.platform.security.Caller;
import io.travya.platform.web.ApiException;
import io.travya.platform.web.Page;
import io.travya.platform.web.PageQuery;
import io.travya.tripaccess.TripAccess;
import io.travya.tripaccess.TripRole;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Conversations about a trip. Anyone who may read the trip reads its conversations and writes in
 * them; only whoever started one, or the trip's owner, renames, archives or deletes it (403 for the
 * others). Everyone else is told they do not exist, so their ids cannot be probed.
 */
@Service
public class Conversations {

    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final ConversationEvents events;
    private final TripAccess access;
    private final EntityManager entityManager;
    private final Clock clock;

    Conversations(
            ConversationRepository conversations,
            MessageRepository messages,
            ConversationEvents events,
            TripAccess access,
            EntityManager entityManager,
            Clock clock) {
        this.conversations = conversations;
        this.messages = messages;
        this.events = events;
        this.access = access;
        this.entityManager = entityManager;
        this.clock = clock;
    }

    @Transactional
    public Conversation start(Caller caller, UUID tripId, String title) {
        access.requireRead(tripId, caller);
        var started = Conversation.start(UUID.randomUUID(), tripId, title.trim(), caller.id(), Times.now(clock));
        Conversation conversation = conversations.saveAndFlush(started.aggregate());
        events.publish(started.event(), conversation, caller.id());
        return conversation;
    }

    /** The conversation, if the caller may read its trip; 404 otherwise. */
    @Transactional(readOnly = true)
    public Conversation get(Caller caller, UUID id) {
        return readable(caller, conversations.findById(id).orElse(null));
    }

    @Transactional(readOnly = true)
    public ConversationView view(Caller caller, UUID id) {
        return viewOf(get(caller, id));
    }

    /** A trip's conversations, most recently active first, each with its last message. */
    @Transactional(readOnly = true)
    public Page<ConversationView> list(Caller caller, UUID tripId, PageQuery page) {
        access.requireRead(tripId, caller);
        List<Conversation> found = entityManager
                .createQuery(
                        "select c from Conversation c where c.tripId = :trip order by c.updatedAt desc, c.id desc",
                        Conversation.class)
                .setParameter("trip", tripId)
                .setFirstResult(page.offset())
                .setMaxResults(page.size())
                .getResultList();
        Map<UUID, Message> last = lastMessages(found);
        return new Page<>(
                found.stream()
                        .map(c -> ConversationView.of(c, last.get(c.getId())))
                        .toList(),
                conversations.countByTripId(tripId));
    }

    /** Renames, archives or restores it; a change that changes nothing publishes nothing. */
    @Transactional
    public ConversationView change(Caller caller, UUID id, ConversationChange change, Long expectedVersion) {
        Conversation conversation = lockChangeable(caller, id);
        requireVersion(conversation, expectedVersion);
        Optional<ConversationEventType> changed =
                conversation.change(change.trimmedTitle(), change.isActive(), Times.now(clock));
        if (changed.isPresent()) {
            conversations.flush();
            events.publish(changed.get(), conversation, caller.id());
        }
        return viewOf(conversation);
    }

    @Transactional
    public void delete(Caller caller, UUID id, Long expectedVersion) {
        Conversation conversation = lockChangeable(caller, id);
        requireVersion(conversation, expectedVersion);
        events.deleted(conversation.delete(), conversation, caller.id());
        // its messages go with it (ON DELETE CASCADE)
        conversations.delete(conversation);
    }

    /**
     * Removes every conversation of a deleted trip, with its messages, and publishes each deletion.
     * Runs in the transaction in which the replica applies TripDeleted, which happens once per trip
     * version: a TripDeleted delivered again never gets here.
     */
    @Transactional
    public int removeAllOfTrip(UUID tripId, UUID actor) {
        List<Conversation> found = conversations.findByTripId(tripId);
        found.forEach(conversation -> events.deleted(conversation.delete(), conversation, actor));
        conversations.deleteAllInBatch(found);
        return found.size();
    }

    Conversation lockReadable(Caller caller, UUID id) {
        return readable(caller, conversations.lockForChange(id).orElse(null));
    }

    private Conversation readable(Caller caller, Conversation conversation) {
        roleOn(caller, conversation);
        return conversation;
    }

    private Conversation lockChangeable(Caller caller, UUID id) {
        Conversation conversation = conversations.lockForChange(id).orElse(null);
        TripRole role = roleOn(caller, conversation);
        if (!conversation.mayBeChangedBy(caller.id(), role)) {
            throw ApiException.forbidden(
                    "Only whoever started this conversation, or the trip's owner, may rename, archive or delete it");
        }
        return conversation;
    }

    /** The caller's role on the conversation's trip; 404 if there is no such conversation for them. */
    private TripRole roleOn(Caller caller, Conversation conversation) {
        if (conversation == null) {
            throw ApiException.notFound("Conversation");
        }
        return access.roleOf(conversation.getTripId(), caller.id())
                .orElseThrow(() -> ApiException.notFound("Conversation"));
    }

    private static void requireVersion(Conversation conversation, Long expected) {
        if (expected != null && expected != conversation.getVersion()) {
            throw ApiException.preconditionFailed(
                    "The conversation has changed since version " + expected + "; read it again");
        }
    }

    private ConversationView viewOf(Conversation conversation) {
        return ConversationView.of(
                conversation, lastMessages(List.of(conversation)).get(conversation.getId()));
    }

    private Map<UUID, Message> lastMessages(List<Conversation> of) {
        List<UUID> withMessages = of.stream()
                .filter(c -> c.getMessageCount() > 0)
                .map(Conversation::getId)
                .toList();
        if (withMessages.isEmpty()) {
            return Map.of();
        }
        return messages.findLastOf(withMessages).stream()
                .collect(Collectors.toMap(Message::getConversationId, Function.identity()));
    }
}
