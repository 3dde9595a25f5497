package io.travya.trip.user;

import io.travya.platform.security.Caller;
import io.travya.platform.web.ApiException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/users")
class UserController {

    private final UserRepository users;

    UserController(UserRepository users) {
        this.users = users;
    }

    @GetMapping("/me")
    UserView me(Caller caller) {
        return users.findById(caller.id()).map(UserView::of).orElseThrow(() -> ApiException.notFound("User"));
    }
}
