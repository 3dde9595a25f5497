package io.travya.trip.user;

import io.travya.events.UserEventType;
import io.travya.platform.events.Changed;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

@Entity
@Table(name = "users")
public class User {

    @Id
    private UUID id;

    private String email;
    private String username;

    @Column(name = "full_name")
    private String fullName;

    @Column(name = "hashed_password")
    private String hashedPassword;

    @Column(name = "is_active")
    private boolean active;

    @Column(name = "is_superuser")
    private boolean superuser;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    // a whole second: every token issued before it is refused (see tokenIssueTime)
    @Column(name = "sessions_revoked_before")
    private Instant sessionsRevokedBefore;

    @Version
    private Long version;

    protected User() {}

    private User(
            UUID id,
            String email,
            String username,
            String fullName,
            String hashedPassword,
            boolean superuser,
            Instant now) {
        this.id = id;
        this.email = email;
        this.username = username;
        this.fullName = fullName;
        this.hashedPassword = hashedPassword;
        this.active = true;
        this.superuser = superuser;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** A new, active account: UserRegistered. */
    public static Changed<User, UserEventType> register(
            UUID id,
            String email,
            String username,
            String fullName,
            String hashedPassword,
            boolean superuser,
            Instant now) {
        return new Changed<>(
                new User(id, email, username, fullName, hashedPassword, superuser, now), UserEventType.UserRegistered);
    }

    public UUID getId() {
        return id;
    }

    public String getEmail() {
        return email;
    }

    public String getUsername() {
        return username;
    }

    public String getFullName() {
        return fullName;
    }

    public String getHashedPassword() {
        return hashedPassword;
    }

    public boolean isActive() {
        return active;
    }

    public boolean isSuperuser() {
        return superuser;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    /** Every access token of the user issued before this is refused; null if nothing was ever revoked. */
    public Instant getSessionsRevokedBefore() {
        return sessionsRevokedBefore;
    }

    public long getVersion() {
        return version == null ? 0 : version;
    }

    /**
     * UserUpdated, or nothing if the profile is the same. The event does not show what changed: user
     * events carry no personal data.
     */
    public Optional<UserEventType> changeProfile(String email, String username, String fullName, Instant now) {
        if (email.equals(this.email) && username.equals(this.username) && Objects.equals(fullName, this.fullName)) {
            return Optional.empty();
        }
        this.email = email;
        this.username = username;
        this.fullName = fullName;
        this.updatedAt = now;
        return Optional.of(UserEventType.UserUpdated);
    }

    /**
     * SessionsRevoked: a new password ends every session, so every token issued before it is refused,
     * from the next whole second on (a token's iat has whole seconds: see {@link #tokenIssueTime}). The
     * hash never leaves the service.
     */
    public UserEventType changePassword(String hashedPassword, Instant now) {
        this.hashedPassword = hashedPassword;
        this.updatedAt = now;
        this.sessionsRevokedBefore = now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        return UserEventType.SessionsRevoked;
    }

    /**
     * SessionEnded: the user logged out of one session. The account does not change; the caller gives
     * the event a version of its own, after every earlier one, so consumers order it as they order the
     * rest.
     */
    public UserEventType endSession() {
        return UserEventType.SessionEnded;
    }

    /**
     * The issue time (iat) of a token issued {@code now}: JWTs carry it in whole seconds, so a token
     * issued in the second its sessions were revoked, but after the revocation, says the next second,
     * and {@code iat < sessionsRevokedBefore} tells exactly the tokens issued before.
     */
    public Instant tokenIssueTime(Instant now) {
        Instant second = now.truncatedTo(ChronoUnit.SECONDS);
        return sessionsRevokedBefore != null && second.isBefore(sessionsRevokedBefore) ? sessionsRevokedBefore : second;
    }

    /** Whether a token (or a session) issued at {@code issuedAt} is refused: it is older than the last revocation. */
    public boolean revokes(Instant issuedAt) {
        return sessionsRevokedBefore != null && issuedAt.isBefore(sessionsRevokedBefore);
    }

    /**
     * UserErased, whatever state the account is in: the last event of the account. It leaves the account
     * inactive, so that a consumer which reads only is_active refuses the user's tokens too. The caller
     * then deletes the row, and with it everything personal the account held.
     */
    public UserEventType erase(Instant now) {
        this.active = false;
        this.updatedAt = now;
        return UserEventType.UserErased;
    }

    /** UserActivated or UserDeactivated, or nothing if the account already is so. */
    public Optional<UserEventType> setActive(boolean active, Instant now) {
        if (this.active == active) {
            return Optional.empty();
        }
        this.active = active;
        this.updatedAt = now;
        return Optional.of(active ? UserEventType.UserActivated : UserEventType.UserDeactivated);
    }
}
