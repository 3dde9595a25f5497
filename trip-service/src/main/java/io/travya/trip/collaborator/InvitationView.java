package io.travya.trip.collaborator;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A pending invitation as its invitee sees it: enough of the trip to decide. */
record InvitationView(
        UUID id,
        UUID tripId,
        String tripTitle,
        String destination,
        LocalDate startDate,
        LocalDate endDate,
        UUID inviterId,
        String inviterUsername,
        CollaboratorRole role,
        Instant invitedAt) {}
