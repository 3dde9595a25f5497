package io.travya.trip.collaborator;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(
        name = "Collaborators",
        description =
                "Who shares a trip: the owner invites people as viewers or editors, and " + "they accept or decline")
class CollaboratorController {

    private final Collaborators collaborators;

    CollaboratorController(Collaborators collaborators) {
        this.collaborators = collaborators;
    }

    @GetMapping("/api/v1/trips/{tripId}/collaborators")
    @Operation(
            operationId = "listCollaborators",
            summary = "List a trip's collaborators",
            description = "Everyone invited, whatever the status of their invitation, in one page.")
    @ApiResponse(responseCode = "200", description = "The collaborators", useReturnTypeSchema = true)
    Page<CollaboratorView> list(Caller caller, @PathVariable UUID tripId) {
        List<CollaboratorView> all = collaborators.list(caller, tripId);
        return new Page<>(all, all.size());
    }

    @PostMapping("/api/v1/trips/{tripId}/collaborators")
    @Operation(
            operationId = "inviteCollaborator",
            summary = "Invite someone to a trip",
            description = "Only the owner. Name the invitee by `email` or by `username` (one of them). They see the "
                    + "invitation in GET /api/v1/users/me/invitations and see the trip once they accept. Someone who "
                    + "declined may be invited again.")
    @ApiResponse(
            responseCode = "201",
            description = "Invited (pending)",
            useReturnTypeSchema = true,
            headers =
                    @Header(
                            name = "Location",
                            description = "The collaborator's URL",
                            schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "403", description = "The caller is not the trip's owner")
    @ApiResponse(responseCode = "409", description = "The user has already been invited, or already collaborates")
    ResponseEntity<CollaboratorView> invite(
            Caller caller, @PathVariable UUID tripId, @Valid @RequestBody Invitation invitation) {
        Collaborator invited = collaborators.invite(caller, tripId, invitation);
        return ResponseEntity.created(URI.create("/api/v1/trips/" + tripId + "/collaborators/" + invited.getId()))
                .body(view(caller, tripId, invited.getId()));
    }

    @PatchMapping("/api/v1/trips/{tripId}/collaborators/{collaboratorId}")
    @Operation(
            operationId = "changeCollaboratorRole",
            summary = "Change a collaborator's role",
            description = "Only " + "the owner.")
    @ApiResponse(responseCode = "200", description = "The collaborator as changed", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "403", description = "The caller is not the trip's owner")
    CollaboratorView changeRole(
            Caller caller,
            @PathVariable UUID tripId,
            @PathVariable UUID collaboratorId,
            @Valid @RequestBody RoleChange change) {
        collaborators.changeRole(caller, tripId, collaboratorId, change.role());
        return view(caller, tripId, collaboratorId);
    }

    @DeleteMapping("/api/v1/trips/{tripId}/collaborators/{collaboratorId}")
    @Operation(
            operationId = "removeCollaborator",
            summary = "Remove a collaborator, or leave a trip",
            description = "The owner removes anyone; a collaborator may remove themselves (leave).")
    @ApiResponse(responseCode = "204", description = "Removed")
    @ApiResponse(responseCode = "403", description = "The caller is neither the trip's owner nor this collaborator")
    ResponseEntity<Void> remove(Caller caller, @PathVariable UUID tripId, @PathVariable UUID collaboratorId) {
        collaborators.remove(caller, tripId, collaboratorId);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/v1/trips/{tripId}/collaborators/{collaboratorId}/accept")
    @Operation(
            operationId = "acceptInvitation",
            summary = "Accept an invitation",
            description = "Only the invitee, while the invitation is pending. From then on they see the trip "
                    + "(booking- and conversation-service learn it from the trip's event).")
    @ApiResponse(responseCode = "200", description = "Accepted", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "409", description = "The invitation is no longer pending")
    CollaboratorView accept(Caller caller, @PathVariable UUID tripId, @PathVariable UUID collaboratorId) {
        collaborators.accept(caller, tripId, collaboratorId);
        return view(caller, tripId, collaboratorId);
    }

    @PostMapping("/api/v1/trips/{tripId}/collaborators/{collaboratorId}/decline")
    @Operation(
            operationId = "declineInvitation",
            summary = "Decline an invitation",
            description = "Only the " + "invitee, while the invitation is pending.")
    @ApiResponse(responseCode = "204", description = "Declined")
    @ApiResponse(responseCode = "409", description = "The invitation is no longer pending")
    ResponseEntity<Void> decline(Caller caller, @PathVariable UUID tripId, @PathVariable UUID collaboratorId) {
        collaborators.decline(caller, tripId, collaboratorId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/users/me/invitations")
    @Operation(
            operationId = "listMyInvitations",
            summary = "My pending invitations",
            description = "Each with " + "enough of the trip to decide; accept or decline with its `id`.")
    @ApiResponse(responseCode = "200", description = "The pending invitations", useReturnTypeSchema = true)
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
