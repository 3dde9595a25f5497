package io.travya.trip.user;

import io.travya.platform.web.ApiException;
import io.travya.trip.Times;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registration and the checks a login needs. */
@Service
public class Users {

    private final UserRepository users;
    private final PasswordEncoder passwords;
    private final UserEvents events;
    private final Clock clock;
    // verifying a password against this when the user does not exist takes as long as a real check,
    // so response times do not tell which usernames exist
    private final String nobody;

    Users(UserRepository users, PasswordEncoder passwords, UserEvents events, Clock clock) {
        this.users = users;
        this.passwords = passwords;
        this.events = events;
        this.clock = clock;
        this.nobody = passwords.encode(UUID.randomUUID().toString());
    }

    @Transactional
    public User register(String email, String username, String password, String fullName) {
        requireFree(email, username, null);
        User user = new User(
                UUID.randomUUID(),
                email.trim(),
                username.trim(),
                blankToNull(fullName),
                passwords.encode(password),
                Times.now(clock));
        try {
            users.saveAndFlush(user);
        } catch (DataIntegrityViolationException e) {
            // a concurrent registration took the email or the username between the check and the insert
            throw ApiException.conflict("email", "or username is already registered");
        }
        events.publish("UserRegistered", user, user.getId());
        return user;
    }

    /** The user these credentials belong to, if they are right; an inactive user cannot log in. */
    @Transactional(readOnly = true)
    public Optional<User> authenticate(String login, String password) {
        Optional<User> user = users.findByLogin(login.trim());
        if (user.isEmpty()) {
            passwords.matches(password, nobody);
            return Optional.empty();
        }
        if (!passwords.matches(password, user.get().getHashedPassword())) {
            return Optional.empty();
        }
        return user;
    }

    @Transactional(readOnly = true)
    public Optional<User> find(UUID id) {
        return users.findById(id);
    }

    void requireFree(String email, String username, UUID except) {
        if (email != null) {
            users.findByLogin(email.trim())
                    .filter(other -> other.getEmail().equalsIgnoreCase(email.trim()))
                    .filter(other -> !other.getId().equals(except))
                    .ifPresent(other -> {
                        throw ApiException.conflict("email", "is already registered");
                    });
        }
        if (username != null) {
            users.findByLogin(username.trim())
                    .filter(other -> other.getUsername().equalsIgnoreCase(username.trim()))
                    .filter(other -> !other.getId().equals(except))
                    .ifPresent(other -> {
                        throw ApiException.conflict("username", "is already taken");
                    });
        }
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
