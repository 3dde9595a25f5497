package io.travya.conversation.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.travya.platform.access.TripRole;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Who may rename, archive or delete a conversation: whoever started it, and the trip's owner. */
class ConversationTest {

    private final UUID starter = UUID.randomUUID();
    private final UUID someoneElse = UUID.randomUUID();
    private final Conversation conversation =
            new Conversation(UUID.randomUUID(), UUID.randomUUID(), "Plans", starter, Instant.now());

    @Test
    void whoeverStartedItChangesItWhateverTheirRoleOnTheTrip() {
        for (TripRole role : TripRole.values()) {
            assertThat(conversation.mayBeChangedBy(starter, role))
                    .as(role.name())
                    .isTrue();
        }
    }

    @Test
    void theTripsOwnerChangesAConversationSomeoneElseStarted() {
        assertThat(conversation.mayBeChangedBy(someoneElse, TripRole.OWNER)).isTrue();
    }

    @Test
    void editorsAndViewersDoNotChangeAConversationSomeoneElseStarted() {
        assertThat(conversation.mayBeChangedBy(someoneElse, TripRole.EDITOR)).isFalse();
        assertThat(conversation.mayBeChangedBy(someoneElse, TripRole.VIEWER)).isFalse();
    }
}
