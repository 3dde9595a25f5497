package io.travya.trip.user;

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
class UserController {

    private final Users users;

    UserController(Users users) {
        this.users = users;
    }

    @GetMapping("/me")
    UserView me(Caller caller) {
        return users.find(caller.id()).map(UserView::of).orElseThrow(() -> ApiException.notFound("User"));
    }

    @PatchMapping("/me")
    UserView update(Caller caller, @Valid @RequestBody ProfilePatch patch) {
        return UserView.of(users.updateProfile(caller.id(), patch));
    }

    /** Changes the password and ends every session (refresh token) of the user. */
    @PostMapping("/me/password")
    ResponseEntity<Void> changePassword(Caller caller, @Valid @RequestBody PasswordChange change) {
        users.changePassword(caller.id(), change);
        return ResponseEntity.noContent().build();
    }

    /** Closes one's own account: no more logins, and every token stops working. */
    @PostMapping("/me/deactivate")
    ResponseEntity<Void> deactivateMe(Caller caller) {
        users.setActive(caller.id(), false, caller.id());
        return ResponseEntity.noContent().build();
    }

    @GetMapping
    Page<UserView> list(Caller caller, @Valid PageQuery page) {
        users.requireAdministrator(caller);
        return users.list(page);
    }

    @PostMapping("/{id}/deactivate")
    UserView deactivate(Caller caller, @PathVariable UUID id) {
        users.requireAdministrator(caller);
        return UserView.of(users.setActive(id, false, caller.id()));
    }

    @PostMapping("/{id}/activate")
    UserView activate(Caller caller, @PathVariable UUID id) {
        users.requireAdministrator(caller);
        return UserView.of(users.setActive(id, true, caller.id()));
    }
}
