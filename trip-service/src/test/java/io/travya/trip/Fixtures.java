package io.travya.trip;

import static org.assertj.core.api.Assertions.assertThat;

import io.travya.platform.test.HttpApi;
import io.travya.trip.Accounts.Account;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Trips, itineraries and collaborators set up through the API, for tests. */
public final class Fixtures {

    private final HttpApi api;
    private final Accounts accounts;

    public Fixtures(HttpApi api) {
        this.api = api;
        this.accounts = new Accounts(api);
    }

    public Account user() {
        return accounts.newUser();
    }

    public UUID trip(Account owner) {
        return trip(owner, Accounts.trip("Lisbon, Portugal"));
    }

    public UUID trip(Account owner, Map<String, Object> body) {
        HttpApi.Response created = api.post("/api/v1/trips", body, owner.token());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return UUID.fromString(created.json().get("id").asString());
    }

    public static Map<String, Object> trip(String destination, String start, String end, Object budget) {
        Map<String, Object> body = new HashMap<>();
        body.put("title", "Trip to " + destination);
        body.put("destination", destination);
        body.put("start_date", start);
        body.put("end_date", end);
        body.put("budget", budget);
        return body;
    }

    /** Invites the user, returns the collaborator id. */
    public UUID invite(Account owner, UUID tripId, Account invitee, String role) {
        HttpApi.Response invited = api.post(
                "/api/v1/trips/" + tripId + "/collaborators",
                Map.of("username", invitee.username(), "role", role),
                owner.token());
        assertThat(invited.status()).as(invited.toString()).isEqualTo(201);
        return UUID.fromString(invited.json().get("id").asString());
    }

    /** Invites the user and has them accept. */
    public UUID share(Account owner, UUID tripId, Account collaborator, String role) {
        UUID id = invite(owner, tripId, collaborator, role);
        HttpApi.Response accepted =
                api.post("/api/v1/trips/" + tripId + "/collaborators/" + id + "/accept", null, collaborator.token());
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        return id;
    }

    public UUID itineraryItem(Account by, UUID tripId, int day, String title) {
        HttpApi.Response added =
                api.post("/api/v1/trips/" + tripId + "/itineraries", Map.of("day", day, "title", title), by.token());
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        return UUID.fromString(added.json().get("id").asString());
    }
}
