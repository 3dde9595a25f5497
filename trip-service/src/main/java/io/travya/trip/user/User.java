package io.travya.trip.user;

import io.travya.events.UserEventType;
import io.travya.platform.events.Changed;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
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

    /** UserUpdated: the hash never leaves the service, but the change of updated_at and version does. */
    public UserEventType changePassword(String hashedPassword, Instant now) {
        this.hashedPassword = hashedPassword;
        this.updatedAt = now;
        return UserEventType.UserUpdated;
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
