package io.travya.trip.user;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface UserRepository extends JpaRepository<User, UUID> {

    @Query("select u from User u where lower(u.username) = lower(?1) or lower(u.email) = lower(?1)")
    Optional<User> findByLogin(String usernameOrEmail);

    /** The user's id, their row locked FOR UPDATE (which a foreign key's FOR KEY SHARE waits for). */
    @Query(value = "SELECT id FROM users WHERE id = ?1 FOR UPDATE", nativeQuery = true)
    Optional<UUID> lockForErasure(UUID id);

    boolean existsByEmailIgnoreCase(String email);

    boolean existsByUsernameIgnoreCase(String username);
}
