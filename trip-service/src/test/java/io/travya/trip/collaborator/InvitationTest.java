package io.travya.trip.collaborator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.travya.events.TripEventType;
import io.travya.platform.web.ApiException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which event each step of an invitation causes. No Spring, no database. */
class InvitationTest {

    private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");
    private static final UUID OWNER = UUID.randomUUID();

    @Test
    void anInvitationIsCollaboratorInvitedAndWaitsForAnAnswer() {
        var invited = invite(CollaboratorRole.VIEWER);

        assertThat(invited.event()).isEqualTo(TripEventType.CollaboratorInvited);
        assertThat(invited.aggregate().getStatus()).isEqualTo(InvitationStatus.PENDING);
    }

    @Test
    void acceptingIsCollaboratorAcceptedAndDecliningCollaboratorDeclined() {
        Collaborator accepting = invite(CollaboratorRole.EDITOR).aggregate();
        Collaborator declining = invite(CollaboratorRole.EDITOR).aggregate();

        assertThat(accepting.accept(NOW)).isEqualTo(TripEventType.CollaboratorAccepted);
        assertThat(accepting.getAcceptedAt()).isEqualTo(NOW);
        assertThat(declining.decline()).isEqualTo(TripEventType.CollaboratorDeclined);
        assertThat(declining.getStatus()).isEqualTo(InvitationStatus.DECLINED);
    }

    @Test
    void anInvitationIsAnsweredOnlyOnce() {
        Collaborator collaborator = invite(CollaboratorRole.VIEWER).aggregate();
        collaborator.accept(NOW);

        assertThatThrownBy(collaborator::decline)
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("already accepted");
        assertThat(collaborator.getStatus()).isEqualTo(InvitationStatus.ACCEPTED);
    }

    @Test
    void invitingAgainSomeoneWhoDeclinedIsCollaboratorInvitedOnceMore() {
        Collaborator collaborator = invite(CollaboratorRole.VIEWER).aggregate();
        collaborator.decline();

        assertThat(collaborator.reinvite(OWNER, CollaboratorRole.EDITOR, NOW))
                .isEqualTo(TripEventType.CollaboratorInvited);
        assertThat(collaborator.getStatus()).isEqualTo(InvitationStatus.PENDING);
        assertThat(collaborator.getRole()).isEqualTo(CollaboratorRole.EDITOR);
    }

    @Test
    void aNewRoleIsCollaboratorRoleChangedAndTheSameRoleNothing() {
        Collaborator collaborator = invite(CollaboratorRole.VIEWER).aggregate();

        assertThat(collaborator.changeRole(CollaboratorRole.VIEWER)).isEmpty();
        assertThat(collaborator.changeRole(CollaboratorRole.EDITOR)).contains(TripEventType.CollaboratorRoleChanged);
    }

    @Test
    void removingACollaboratorIsCollaboratorRemoved() {
        assertThat(invite(CollaboratorRole.VIEWER).aggregate().remove()).isEqualTo(TripEventType.CollaboratorRemoved);
    }

    private static io.travya.platform.events.Changed<Collaborator, TripEventType> invite(CollaboratorRole role) {
        return Collaborator.invite(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), OWNER, role, NOW);
    }
}
