package io.travya.trip.collaborator;

import io.travya.platform.security.Caller;
import io.travya.platform.web.Page;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class CollaboratorController {

    private final Collaborators collaborators;

    CollaboratorController(Collaborators collaborators) {
        this.collaborators = collaborators;
    }

    @GetMapping("/api/v1/trips/{tripId}/collaborators")
    Page<CollaboratorView> list(Caller caller, @PathVariable UUID tripId) {
        List<CollaboratorView> all = collaborators.list(caller, tripId);
        return new Page<>(all, all.size());
    }

    @PostMapping("/api/v1/trips/{tripId}/collaborators")
    ResponseEntity<CollaboratorView> invite(
            Caller caller, @PathVariable UUID tripId, @Valid @RequestBody Invitation invitation) {
        Collaborator invited = collaborators.invite(caller, tripId, invitation);
        return ResponseEntity.created(URI.create("/api/v1/trips/" + tripId + "/collaborators/" + invited.getId()))
                .body(view(caller, tripId, invited.getId()));
    }

    @PatchMapping("/api/v1/trips/{tripId}/collaborators/{collaboratorId}")
    CollaboratorView changeRole(
            Caller caller,
            @PathVariable UUID tripId,
            @PathVariable UUID collaboratorId,
            @Valid @RequestBody RoleChange change) {
        collaborators.changeRole(caller, tripId, collaboratorId, change.role());
        return view(caller, tripId, collaboratorId);
    }

    @DeleteMapping("/api/v1/trips/{tripId}/collaborators/{collaboratorId}")
    ResponseEntity<Void> remove(Caller caller, @PathVariable UUID tripId, @PathVariable UUID collaboratorId) {
        collaborators.remove(caller, tripId, collaboratorId);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/v1/trips/{tripId}/collaborators/{collaboratorId}/accept")
    CollaboratorView accept(Caller caller, @PathVariable UUID tripId, @PathVariable UUID collaboratorId) {
        collaborators.accept(caller, tripId, collaboratorId);
        return view(caller, tripId, collaboratorId);
    }

    @PostMapping("/api/v1/trips/{tripId}/collaborators/{collaboratorId}/decline")
    ResponseEntity<Void> decline(Caller caller, @PathVariable UUID tripId, @PathVariable UUID collaboratorId) {
        collaborators.decline(caller, tripId, collaboratorId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/users/me/invitations")
    Page<InvitationView> invitations(Caller caller) {
        List<InvitationView> pending = collaborators.pendingInvitations(caller);
        return new Page<>(pending, pending.size());
    }

    private CollaboratorView view(Caller caller, UUID tripId, UUID collaboratorId) {
        return collaborators.list(caller, tripId).stream()
                .filter(c -> c.id().equals(collaboratorId))
                .findFirst()
                .orElseThrow();
    }
}
