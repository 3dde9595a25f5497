package io.travya.trip.user;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.travya.platform.security.Caller;
import io.travya.platform.web.ApiException;
import io.travya.platform.web.Page;
import io.travya.platform.web.PageQuery;
import jakarta.validation.Valid;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/users")
@Tag(name = "Users", description = "One's own account, and the administrators' management of accounts")
class UserController {

    private final Users users;

    UserController(Users users) {
        this.users = users;
    }

    @GetMapping("/me")
    @Operation(operationId = "getMe", summary = "Who I am")
    @ApiResponse(responseCode = "200", description = "The caller's account", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "The account no longer exists")
    UserView me(Caller caller) {
        return users.find(caller.id()).map(UserView::of).orElseThrow(() -> ApiException.notFound("User"));
    }

    @PatchMapping("/me")
    @Operation(
            operationId = "updateMe",
            summary = "Change my profile",
            description = "Send only what changes; `full_name` may be cleared with null.")
    @ApiResponse(responseCode = "200", description = "The account as changed", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "The account no longer exists")
    @ApiResponse(responseCode = "409", description = "The email or the username is already registered")
    UserView update(Caller caller, @Valid @RequestBody ProfilePatch patch) {
        return UserView.of(users.updateProfile(caller.id(), patch));
    }

    /** Changes the password and ends every session (refresh token) of the user. */
    @PostMapping("/me/password")
    @Operation(
            operationId = "changeMyPassword",
            summary = "Change my password",
            description = "Ends every session of the user: their refresh tokens stop working (access tokens "
                    + "already issued run until they expire).")
    @ApiResponse(responseCode = "204", description = "Changed")
    @ApiResponse(responseCode = "404", description = "The account no longer exists")
    ResponseEntity<Void> changePassword(Caller caller, @Valid @RequestBody PasswordChange change) {
        users.changePassword(caller.id(), change);
        return ResponseEntity.noContent().build();
    }

    /** Closes one's own account: no more logins, and every token stops working. */
    @PostMapping("/me/deactivate")
    @Operation(
            operationId = "deactivateMe",
            summary = "Close my account",
            description = "No more logins, and every token of the user stops working.")
    @ApiResponse(responseCode = "204", description = "Deactivated")
    @ApiResponse(responseCode = "404", description = "The account no longer exists")
    ResponseEntity<Void> deactivateMe(Caller caller) {
        users.setActive(caller.id(), false, caller.id());
        return ResponseEntity.noContent().build();
    }

    @GetMapping
    @Operation(operationId = "listUsers", summary = "List every user (administrators)")
    @ApiResponse(responseCode = "200", description = "One page of users, oldest first", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "403", description = "The caller is not an administrator")
    Page<UserView> list(Caller caller, @Valid PageQuery page) {
        users.requireAdministrator(caller);
        return users.list(page);
    }

    @PostMapping("/{id}/deactivate")
    @Operation(
            operationId = "deactivateUser",
            summary = "Deactivate a user (administrators)",
            description = "The user can no longer log in, and their tokens stop working.")
    @ApiResponse(responseCode = "200", description = "The account as it is now", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "403", description = "The caller is not an administrator")
    UserView deactivate(Caller caller, @PathVariable UUID id) {
        users.requireAdministrator(caller);
        return UserView.of(users.setActive(id, false, caller.id()));
    }

    @PostMapping("/{id}/activate")
    @Operation(operationId = "activateUser", summary = "Reactivate a user (administrators)")
    @ApiResponse(responseCode = "200", description = "The account as it is now", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "403", description = "The caller is not an administrator")
    UserView activate(Caller caller, @PathVariable UUID id) {
        users.requireAdministrator(caller);
        return UserView.of(users.setActive(id, true, caller.id()));
    }
}
