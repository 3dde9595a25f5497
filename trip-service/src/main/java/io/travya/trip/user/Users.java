package io.travya.trip.user;

import io.travya.events.UserEventType;
import io.travya.platform.security.Caller;
import io.travya.platform.web.ApiException;
import io.travya.platform.web.FieldIssue;
import io.travya.platform.web.Page;
import io.travya.platform.web.PageQuery;
import io.travya.platform.web.Patch;
import io.travya.trip.Times;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Registration and the checks a login needs. */
@Service
public class Users {

    /** bcrypt hashes only the first 72 bytes of a password; a longer one is refused, never cut. */
    public static final int PASSWORD_MAX_BYTES = 72;

    /** What the API documentation says of a new password. */
    public static final String NEW_PASSWORD_RULES = "At least 8 characters and at most 72 bytes in UTF-8, the most"
            + " bcrypt hashes (a letter of the English alphabet, a digit or a space takes one byte, an accented"
            + " letter two, an emoji four). Refused, with the reason, if it is one of the most common passwords,"
            + " contains five or more consecutive letters, digits or keyboard keys, is one character or a short"
            + " pattern repeated, or contains the username (if it has four characters or more).";

    private final UserRepository users;
    private final PasswordEncoder passwords;
    private final PasswordPolicy policy;
    private final UserEvents events;
    private final Clock clock;
    private final ActiveUsers activeUsers;
    private final ApplicationEventPublisher sessions;
    private final EntityManager entities;
    private final Set<String> superuserEmails;
    // verifying a password against this when the user does not exist takes as long as a real check,
    // so response times do not tell which usernames exist
    private final String nobody;

    Users(
            UserRepository users,
            PasswordEncoder passwords,
            PasswordPolicy policy,
            UserEvents events,
            Clock clock,
            ActiveUsers activeUsers,
            ApplicationEventPublisher sessions,
            EntityManager entities,
            @Value("${travya.auth.superuser-emails:}") List<String> superuserEmails) {
        this.users = users;
        this.passwords = passwords;
        this.policy = policy;
        this.events = events;
        this.clock = clock;
        this.activeUsers = activeUsers;
        this.sessions = sessions;
        this.entities = entities;
        this.superuserEmails = superuserEmails.stream()
                .map(email -> email.trim().toLowerCase(Locale.ROOT))
                .filter(email -> !email.isEmpty())
                .collect(Collectors.toSet());
        this.nobody = passwords.encode(UUID.randomUUID().toString());
    }

    @Transactional
    public User register(String email, String username, String password, String fullName) {
        requireAcceptable("password", password, username);
        requireFree(email, username, null);
        var registered = User.register(
                UUID.randomUUID(),
                email.trim(),
                username.trim(),
                blankToNull(fullName),
                passwords.encode(password),
                // the administrators named in configuration become superusers when they register
                superuserEmails.contains(email.trim().toLowerCase(Locale.ROOT)),
                Times.now(clock));
        User user = registered.aggregate();
        try {
            users.saveAndFlush(user);
        } catch (DataIntegrityViolationException e) {
            // a concurrent registration took the email or the username between the check and the insert
            throw ApiException.conflict("email", "or username is already registered");
        }
        events.publish(registered.event(), user, user.getId());
        return user;
    }

    /** The user these credentials belong to, if they are right; an inactive user cannot log in. */
    @Transactional(readOnly = true)
    public Optional<User> authenticate(String login, String password) {
        Optional<User> user = users.findByLogin(login.trim());
        if (user.isEmpty()) {
            matches(password, nobody);
            return Optional.empty();
        }
        if (!matches(password, user.get().getHashedPassword())) {
            return Optional.empty();
        }
        return user;
    }

    /**
     * The account a login names (its username or email, whatever the case), as a key that stays the
     * same whichever of the two is used: the user's id, or the normalised login if no user has it.
     */
    @Transactional(readOnly = true)
    public String accountKey(String login) {
        return users.findByLogin(login.trim())
                .map(user -> "user:" + user.getId())
                .orElseGet(() -> "login:" + login.trim().toLowerCase(Locale.ROOT));
    }

    @Transactional(readOnly = true)
    public Optional<User> find(UUID id) {
        return users.findById(id);
    }

    @Transactional
    User updateProfile(UUID id, ProfilePatch patch) {
        User user = users.findById(id).orElseThrow(() -> ApiException.notFound("User"));
        List<FieldIssue> issues = new ArrayList<>();
        String email = Patch.required(patch.getEmail(), user.getEmail(), "email", issues)
                .trim();
        String username = Patch.required(patch.getUsername(), user.getUsername(), "username", issues)
                .trim();
        String fullName = blankToNull(Patch.clearable(patch.getFullName(), user.getFullName()));
        if (!issues.isEmpty()) {
            throw ApiException.unprocessable(issues);
        }
        requireFree(email, username, id);
        Optional<UserEventType> changed = user.changeProfile(email, username, fullName, Times.now(clock));
        if (changed.isEmpty()) {
            return user;
        }
        try {
            users.saveAndFlush(user);
        } catch (DataIntegrityViolationException e) {
            throw ApiException.conflict("email", "or username is already registered");
        }
        events.publish(changed.get(), user, id);
        return user;
    }

    @Transactional
    void changePassword(UUID id, PasswordChange change) {
        User user = users.findById(id).orElseThrow(() -> ApiException.notFound("User"));
        if (!matches(change.currentPassword(), user.getHashedPassword())) {
            throw ApiException.invalid("current_password", "is not the current password");
        }
        requireAcceptable("new_password", change.newPassword(), user.getUsername());
        UserEventType changed = user.changePassword(passwords.encode(change.newPassword()), Times.now(clock));
        users.saveAndFlush(user);
        events.publish(changed, user, id);
        sessions.publishEvent(new SessionsRevoked(id, user.getSessionsRevokedBefore()));
    }

    /**
     * Ends one of the user's sessions (a logout): SessionEnded, in the same transaction as the session
     * store's record of it (see {@link SessionEnded}). Nothing to publish if the account is gone: its
     * erasure ended every session.
     */
    @Transactional
    public void endSession(UUID id, UUID session) {
        // the row lock orders this event after every other change of the account, and the forced
        // increment gives it a version of its own, though the account itself does not change
        User user = entities.find(User.class, id, LockModeType.PESSIMISTIC_FORCE_INCREMENT);
        if (user == null) {
            sessions.publishEvent(new SessionEnded(id, session));
            return;
        }
        UserEventType ended = user.endSession();
        events.publish(ended, user, id, session);
        sessions.publishEvent(new SessionEnded(id, session));
    }

    /** Deactivates or reactivates a user: an inactive user cannot log in and their tokens stop working. */
    @Transactional
    User setActive(UUID id, boolean active, UUID actor) {
        User user = users.findById(id).orElseThrow(() -> ApiException.notFound("User"));
        Optional<UserEventType> changed = user.setActive(active, Times.now(clock));
        if (changed.isEmpty()) {
            return user;
        }
        users.saveAndFlush(user);
        events.publish(changed.get(), user, actor);
        activeUsers.forget(id);
        if (!active) {
            sessions.publishEvent(new SessionsRevoked(id));
        }
        return user;
    }

    /**
     * Locks the account's row until the transaction ends, before its erasure: a trip or an invitation
     * created for the user at the same time (whose foreign key needs the row) waits, then fails, so
     * nothing of theirs is left behind or deleted without its event by the row's cascades.
     *
     * @throws ApiException 404 if there is no such user
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lockForErasure(UUID id) {
        users.lockForErasure(id).orElseThrow(() -> ApiException.notFound("User"));
    }

    /** @throws ApiException 422 on current_password unless it is the user's password */
    @Transactional(readOnly = true)
    public void requirePassword(UUID id, String password) {
        User user = users.findById(id).orElseThrow(() -> ApiException.notFound("User"));
        if (password == null || password.isEmpty()) {
            throw ApiException.invalid("current_password", "is required: erasing an account asks for its password");
        }
        if (!matches(password, user.getHashedPassword())) {
            throw ApiException.invalid("current_password", "is not the current password");
        }
    }

    /**
     * Deletes the account's row, with its email, username, full name and password hash, and publishes
     * UserErased (without any of them) as its last event; every session ends once this commits. The
     * caller has locked the row ({@link #lockForErasure}) and removed what refers to it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void erase(UUID id, UUID actor) {
        User user = users.findById(id).orElseThrow(() -> ApiException.notFound("User"));
        UserEventType erased = user.erase(Times.now(clock));
        users.saveAndFlush(user);
        events.publish(erased, user, actor);
        users.delete(user);
        users.flush();
        activeUsers.forget(id);
        sessions.publishEvent(new SessionsRevoked(id));
    }

    /**
     * Only an administrator manages other users' accounts: the token's claim says so, and the account
     * still says so now.
     *
     * @throws ApiException 403 otherwise
     */
    @Transactional(readOnly = true)
    public void requireAdministrator(Caller caller) {
        boolean superuser = caller.superuser()
                && users.findById(caller.id()).map(User::isSuperuser).orElse(false);
        if (!superuser) {
            throw ApiException.forbidden("Only administrators may manage users");
        }
    }

    @Transactional(readOnly = true)
    Page<UserView> list(PageQuery page) {
        List<UserView> data = entities.createQuery("select u from User u order by u.createdAt, u.id", User.class)
                .setFirstResult(page.offset())
                .setMaxResults(page.size())
                .getResultStream()
                .map(UserView::of)
                .toList();
        return new Page<>(data, users.count());
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

    private void requireAcceptable(String field, String password, String username) {
        List<FieldIssue> issues = policy.problems(password, username).stream()
                .map(reason -> new FieldIssue(field, reason))
                .toList();
        if (!issues.isEmpty()) {
            throw ApiException.unprocessable(issues);
        }
    }

    /**
     * bcrypt would compare only the first 72 bytes of a longer password, so such a password matches
     * nothing (but costs the same time, so its length does not show in the response time).
     */
    private boolean matches(String password, String hash) {
        if (password.getBytes(StandardCharsets.UTF_8).length > PASSWORD_MAX_BYTES) {
            passwords.matches("too long", hash);
            return false;
        }
        return passwords.matches(password, hash);
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
