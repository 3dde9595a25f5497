package io.travya.conversation.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.travya.events.ConversationEventType;
import io.travya.platform.web.ApiException;
import io.travya.tripaccess.TripRole;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Which event each change to a conversation causes, what an archived one refuses, and who may rename,
 * archive or delete it (whoever started it, and the trip's owner). No Spring, no database.
 */
class ConversationTest {

    private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");
    private static final UUID ADA = UUID.randomUUID();

    @Test
    void startingAConversationIsConversationStarted() {
        var started = Conversation.start(UUID.randomUUID(), UUID.randomUUID(), "Plans", ADA, NOW);

        assertThat(started.event()).isEqualTo(ConversationEventType.ConversationStarted);
        assertThat(started.aggregate().isActive()).isTrue();
    }

    @Test
    void renamingOrArchivingIsConversationUpdatedAndChangingNothingNoEvent() {
        Conversation conversation = conversation();

        assertThat(conversation.change("Plans", true, NOW)).isEmpty();
        assertThat(conversation.change("Better plans", null, NOW)).contains(ConversationEventType.ConversationUpdated);
        assertThat(conversation.change(null, false, NOW)).contains(ConversationEventType.ConversationUpdated);
    }

    @Test
    void aMessageIsMessagePostedAtTheNextPosition() {
        Conversation conversation = conversation();

        var first = conversation.post("Where to eat?", MessageType.TEXT, ADA, NOW);
        var answer = conversation.reply(first.aggregate(), SenderType.ASSISTANT, "Try Ramiro.", MessageType.TEXT, NOW);

        assertThat(first.event()).isEqualTo(ConversationEventType.MessagePosted);
        assertThat(first.aggregate().getSeq()).isEqualTo(1);
        assertThat(answer.event()).isEqualTo(ConversationEventType.MessagePosted);
        assertThat(answer.aggregate().getSeq()).isEqualTo(2);
        assertThat(answer.aggregate().getReplyTo()).isEqualTo(first.aggregate().getId());
        assertThat(conversation.getMessageCount()).isEqualTo(2);
    }

    @Test
    void anArchivedConversationTakesNoNewMessageButStillGetsTheAnswerToAnEarlierOne() {
        Conversation conversation = conversation();
        Message question =
                conversation.post("Where to eat?", MessageType.TEXT, ADA, NOW).aggregate();
        conversation.change(null, false, NOW);

        assertThatThrownBy(() -> conversation.post("Hello?", MessageType.TEXT, ADA, NOW))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status().value()).isEqualTo(409));
        assertThat(conversation
                        .reply(question, SenderType.ASSISTANT, "Try Ramiro.", MessageType.TEXT, NOW)
                        .event())
                .isEqualTo(ConversationEventType.MessagePosted);
    }

    @Test
    void deletingAConversationIsConversationDeleted() {
        assertThat(conversation().delete()).isEqualTo(ConversationEventType.ConversationDeleted);
    }

    @Test
    void whoeverStartedItChangesItWhateverTheirRoleOnTheTrip() {
        Conversation conversation = conversation();
        for (TripRole role : TripRole.values()) {
            assertThat(conversation.mayBeChangedBy(ADA, role)).as(role.name()).isTrue();
        }
    }

    @Test
    void theTripsOwnerChangesAConversationSomeoneElseStarted() {
        assertThat(conversation().mayBeChangedBy(UUID.randomUUID(), TripRole.OWNER))
                .isTrue();
    }

    @Test
    void editorsAndViewersDoNotChangeAConversationSomeoneElseStarted() {
        Conversation conversation = conversation();
        UUID someoneElse = UUID.randomUUID();

        assertThat(conversation.mayBeChangedBy(someoneElse, TripRole.EDITOR)).isFalse();
        assertThat(conversation.mayBeChangedBy(someoneElse, TripRole.VIEWER)).isFalse();
    }

    private static Conversation conversation() {
        return Conversation.start(UUID.randomUUID(), UUID.randomUUID(), "Plans", ADA, NOW)
                .aggregate();
    }
}
