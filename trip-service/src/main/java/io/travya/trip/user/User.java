package io.travya.trip.user;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
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

    public User(UUID id, String email, String username, String fullName, String hashedPassword, Instant now) {
        this.id = id;
        this.email = email;
        this.username = username;
        this.fullName = fullName;
        this.hashedPassword = hashedPassword;
        this.active = true;
        this.superuser = false;
        this.createdAt = now;
        this.updatedAt = now;
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

    public void changeProfile(String email, String username, String fullName, Instant now) {
        this.email = email;
        this.username = username;
        this.fullName = fullName;
        this.updatedAt = now;
    }

    public void changePassword(String hashedPassword, Instant now) {
        this.hashedPassword = hashedPassword;
        this.updatedAt = now;
    }

    public void setActive(boolean active, Instant now) {
        this.active = active;
        this.updatedAt = now;
    }

    public void setSuperuser(boolean superuser, Instant now) {
        this.superuser = superuser;
        this.updatedAt = now;
    }
}
