package io.travya.conversation.conversation;

import io.travya.conversation.Times;
import io.travya.platform.security.Caller;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The messages of a conversation. Every message is written under the conversation's row lock, which
 * gives it the next position and the conversation its next version, and is published as
 * MessagePosted in the same transaction.
 */
@Service
public class Messages {

    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final Conversations conversationAccess;
    private final ConversationEvents events;
    private final Clock clock;

    Messages(
            ConversationRepository conversations,
            MessageRepository messages,
            Conversations conversationAccess,
            ConversationEvents events,
            Clock clock) {
        this.conversations = conversations;
        this.messages = messages;
        this.conversationAccess = conversationAccess;
        this.events = events;
        this.clock = clock;
    }

    /** A user's message: stored and published; the assistant answers it when its event arrives. */
    @Transactional
    public Message post(Caller caller, UUID conversationId, String content, MessageType type) {
        Conversation conversation = conversationAccess.lockReadable(caller, conversationId);
        var posted = conversation.post(content, type, caller.id(), Times.now(clock));
        Message message = posted.aggregate();
        messages.save(message);
        conversations.flush();
        events.messagePosted(posted.event(), conversation, message, caller.id());
        return message;
    }

    /** A page of the conversation, oldest first, after the cursor. */
    @Transactional(readOnly = true)
    public MessagePage page(Caller caller, UUID conversationId, String cursor, int limit) {
        conversationAccess.get(caller, conversationId);
        // one more than asked says whether another page follows, without counting
        List<Message> found = messages.findByConversationIdAndSeqGreaterThanOrderBySeqAsc(
                conversationId, MessageCursor.position(cursor), Limit.of(limit + 1));
        boolean more = found.size() > limit;
        List<Message> page = more ? found.subList(0, limit) : found;
        return new MessagePage(
                page.stream().map(MessageView::of).toList(),
                more ? MessageCursor.after(page.get(page.size() - 1).getSeq()) : null);
    }

    /**
     * The messages written after the given one, oldest first: what a stream that reconnects with
     * Last-Event-ID missed. Nothing if that message is not one of this conversation's.
     */
    @Transactional(readOnly = true)
    public MessagesSince after(UUID conversationId, UUID messageId, int limit) {
        return messages.findById(messageId)
                .filter(m -> m.getConversationId().equals(conversationId))
                .map(m -> {
                    List<Message> later = messages.findByConversationIdAndSeqGreaterThanOrderBySeqAsc(
                            conversationId, m.getSeq(), Limit.of(limit));
                    return new MessagesSince(
                            later.stream().map(MessageView::of).toList(),
                            later.isEmpty()
                                    ? m.getSeq()
                                    : later.get(later.size() - 1).getSeq());
                })
                .orElse(MessagesSince.NOTHING);
    }

    /**
     * What the assistant needs to answer a user's message: empty if the message is gone, is not a
     * user's, or already has its reply (a redelivered event then does nothing).
     */
    @Transactional(readOnly = true)
    public Optional<Transcript> transcript(UUID questionId, int historySize) {
        Optional<Message> question = messages.findById(questionId)
                .filter(m -> m.getSenderType() == SenderType.USER)
                .filter(m -> !messages.existsByReplyTo(questionId));
        return question.flatMap(q -> conversations
                .findById(q.getConversationId())
                .map(conversation -> {
                    List<MessageView> history = new ArrayList<>(messages
                            .findByConversationIdAndSeqLessThanOrderBySeqDesc(
                                    q.getConversationId(), q.getSeq(), Limit.of(historySize))
                            .stream()
                            .map(MessageView::of)
                            .toList());
                    Collections.reverse(history);
                    return new Transcript(
                            conversation.getId(),
                            conversation.getTripId(),
                            conversation.getTitle(),
                            history,
                            MessageView.of(q));
                }));
    }

    /**
     * Stores and publishes the one reply to a user's message. Under the conversation's lock no other
     * reply can be written meanwhile, and uq_messages_reply_to backs that up: whoever comes second —
     * a redelivered event, another replica, a retry after a crash between the model's answer and this
     * write — finds the reply there and writes nothing. Empty if so, or if the conversation is gone.
     */
    @Transactional
    public Optional<Message> reply(UUID questionId, SenderType sender, String content, MessageType type) {
        Optional<Message> question = messages.findById(questionId);
        if (question.isEmpty()) {
            return Optional.empty();
        }
        Optional<Conversation> locked =
                conversations.lockForChange(question.get().getConversationId());
        if (locked.isEmpty() || messages.existsByReplyTo(questionId)) {
            return Optional.empty();
        }
        Conversation conversation = locked.get();
        var replied = conversation.reply(question.get(), sender, content, type, Times.now(clock));
        Message reply = replied.aggregate();
        messages.save(reply);
        conversations.flush();
        events.messagePosted(replied.event(), conversation, reply, null);
        return Optional.of(reply);
    }
}
