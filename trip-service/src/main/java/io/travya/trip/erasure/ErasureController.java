package io.travya.trip.erasure;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.travya.platform.security.Caller;
import io.travya.trip.user.Users;
import jakarta.validation.Valid;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Erasing accounts: a user their own, with their password in the body (as djoser's
 * {@code DELETE /users/me/} takes {@code current_password}: a header would land in proxies' and
 * gateways' access logs, and RFC 9110 allows content in a DELETE), an administrator anyone's.
 */
@RestController
@RequestMapping("/api/v1/users")
@Tag(name = "Users", description = "One's own account, and the administrators' management of accounts")
class ErasureController {

    private final AccountErasure erasure;
    private final Users users;

    ErasureController(AccountErasure erasure, Users users) {
        this.erasure = erasure;
        this.users = users;
    }

    /** 204; 422 on current_password if it is missing or wrong; nothing is erased then. */
    @DeleteMapping("/me")
    @Operation(
            operationId = "eraseMe",
            summary = "Erase my account",
            description = "Cannot be undone, so it takes the current password again, in the body. Deletes every "
                    + "trip the user owns (as DELETE /api/v1/trips/{id} does, with their bookings and "
                    + "conversations in the other services), takes them off every other trip, ends every session "
                    + "and deletes the account with its email, username, full name and password hash.")
    @ApiResponse(responseCode = "204", description = "Erased")
    @ApiResponse(responseCode = "422", description = "current_password is missing or wrong; nothing was erased")
    ResponseEntity<Void> eraseMine(
            Caller caller, @Valid @RequestBody(required = false) ErasureConfirmation confirmation) {
        erasure.eraseOwn(caller.id(), confirmation == null ? null : confirmation.currentPassword());
        return ResponseEntity.noContent().build();
    }

    /** 204; 403 for anyone but an administrator; 404 if there is no such user. */
    @DeleteMapping("/{id}")
    @Operation(
            operationId = "eraseUser",
            summary = "Erase someone's account (administrators)",
            description = "What DELETE /api/v1/users/me does, for any account, by an administrator.")
    @ApiResponse(responseCode = "204", description = "Erased")
    @ApiResponse(responseCode = "403", description = "The caller is not an administrator")
    @ApiResponse(responseCode = "404", description = "No such user")
    ResponseEntity<Void> erase(Caller caller, @PathVariable UUID id) {
        users.requireAdministrator(caller);
        erasure.eraseAsAdministrator(id, caller.id());
        return ResponseEntity.noContent().build();
    }
}
