package io.travya.trip;

import static org.assertj.core.api.Assertions.assertThat;

import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.trip.Accounts.Account;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Every endpoint answers bad input with 400 (unreadable) or 422 (a rule broken), as problem+json that
 * names the field, and changes nothing; never 500.
 */
@TravyaIntegrationTest
class BadInputTest {

    @LocalServerPort
    int port;

    HttpApi api;
    Fixtures fixtures;
    Account owner;
    UUID trip;
    UUID item;
    UUID collaborator;

    @BeforeEach
    void setUp() {
        api = new HttpApi(port);
        fixtures = new Fixtures(api);
        owner = fixtures.user();
        trip = fixtures.trip(owner);
        item = fixtures.itineraryItem(owner, trip, 1, "Arrival");
        collaborator = fixtures.invite(owner, trip, fixtures.user(), "viewer");
    }

    record Case(String method, String path, String body, int status, String field) {}

    @Test
    void creatingATrip() {
        String trips = "/api/v1/trips";
        expect(List.of(
                new Case("POST", trips, "{\"title\": \"x\",", 400, "body"),
                new Case("POST", trips, "[]", 400, null),
                new Case("POST", trips, trip("\"title\": 5"), 400, "title"),
                new Case("POST", trips, trip("\"budget\": \"lots\""), 400, "budget"),
                new Case("POST", trips, trip("\"budget\": true"), 400, "budget"),
                new Case("POST", trips, trip("\"trip_type\": \"cruise\""), 400, "trip_type"),
                new Case("POST", trips, trip("\"start_date\": \"2027-02-30\""), 400, "start_date"),
                new Case("POST", trips, trip("\"start_date\": \"next week\""), 400, "start_date"),
                new Case("POST", trips, trip("\"budjet\": 100"), 400, "budjet"),
                new Case("POST", trips, trip("\"title\": \"\""), 422, "title"),
                new Case("POST", trips, trip("\"title\": \"" + "x".repeat(256) + "\""), 422, "title"),
                new Case("POST", trips, trip("\"destination\": \"   \""), 422, "destination"),
                new Case("POST", trips, trip("\"description\": \"" + "x".repeat(1001) + "\""), 422, "description"),
                new Case("POST", trips, trip("\"budget\": -0.01"), 422, "budget"),
                new Case("POST", trips, trip("\"budget\": 100000000"), 422, "budget"),
                new Case("POST", trips, trip("\"budget\": 10.001"), 422, "budget"),
                new Case("POST", trips, trip("\"end_date\": \"2027-05-01\""), 422, "end_date"),
                new Case("POST", trips, trip("\"end_date\": \"2027-04-01\""), 422, "end_date"),
                new Case("POST", trips, "{\"title\": \"No dates\", \"destination\": \"X\"}", 422, "start_date"),
                // one range of dates everywhere, 1900-01-01..9999-12-31: no consumer of the trip's event
                // may be handed a date it cannot decode
                new Case("POST", trips, trip("\"start_date\": \"0000-01-01\""), 422, "start_date"),
                new Case("POST", trips, trip("\"start_date\": \"1899-12-31\""), 422, "start_date"),
                new Case("POST", trips, trip("\"end_date\": \"+10000-01-01\""), 422, "end_date"),
                // ISO 8601 writes a five-digit year with its sign: without it the date is malformed
                new Case("POST", trips, trip("\"start_date\": \"10000-01-01\""), 400, "start_date")));
        assertThat(api.get("/api/v1/trips", owner.token()).json().get("count").asLong())
                .isEqualTo(1);
    }

    @Test
    void changingATrip() {
        String path = "/api/v1/trips/" + trip;
        expect(List.of(
                new Case("PATCH", path, "{", 400, "body"),
                new Case("PATCH", path, "{\"status\": \"done\"}", 400, "status"),
                new Case("PATCH", path, "{\"version\": \"one\"}", 400, "version"),
                new Case("PATCH", path, "{\"version\": -1}", 422, "version"),
                new Case("PATCH", path, "{\"title\": null}", 422, "title"),
                new Case("PATCH", path, "{\"budget\": 123456789.00}", 422, "budget"),
                new Case("PATCH", path, "{\"start_date\": \"2027-06-01\"}", 422, "end_date"),
                new Case("PATCH", path, "{\"start_date\": \"0000-01-01\"}", 422, "start_date"),
                new Case("PATCH", path, "{\"end_date\": \"+10000-01-01\"}", 422, "end_date"),
                new Case("PATCH", path, "{\"id\": \"" + UUID.randomUUID() + "\"}", 400, "id"),
                new Case("PATCH", "/api/v1/trips/not-a-uuid", "{\"title\": \"x\"}", 404, null),
                new Case("GET", "/api/v1/trips/12345", null, 404, null),
                new Case("DELETE", "/api/v1/trips/zzz", null, 404, null)));
        JsonNode unchanged = api.get(path, owner.token()).json();
        assertThat(unchanged.get("version").asLong())
                .as("created, item added, invited")
                .isEqualTo(2);
        assertThat(unchanged.get("title").asString()).isEqualTo("Trip to Lisbon, Portugal");
    }

    @Test
    void searchingTrips() {
        expect(List.of(
                new Case("GET", "/api/v1/trips?start_date=0000-01-01", null, 422, "start_date"),
                new Case("GET", "/api/v1/trips?end_date=%2B10000-01-01", null, 422, "end_date"),
                new Case("GET", "/api/v1/trips?start_date=2027-02-30", null, 400, "start_date")));
    }

    @Test
    void itineraryItems() {
        String items = "/api/v1/trips/" + trip + "/itineraries";
        expect(List.of(
                new Case("POST", items, "{\"day\": 1, \"title\": ", 400, "body"),
                new Case("POST", items, "{\"day\": \"one\", \"title\": \"x\"}", 400, "day"),
                new Case("POST", items, "{\"day\": 1.5, \"title\": \"x\"}", 400, "day"),
                new Case("POST", items, "{\"day\": 1, \"title\": \"x\", \"activities\": \"swim\"}", 400, "activities"),
                new Case("POST", items, "{\"day\": 1, \"title\": \"x\", \"start_time\": \"25:00\"}", 400, "start_time"),
                new Case("POST", items, "{\"day\": 2147483648, \"title\": \"x\"}", 400, "day"),
                new Case("POST", items, "{\"day\": 99, \"title\": \"x\"}", 422, "day"),
                new Case("POST", items, "{\"title\": \"x\"}", 422, "day"),
                new Case("POST", items, "{\"day\": 1, \"title\": \"x\", \"activities\": [\"\"]}", 422, "activities[0]"),
                new Case(
                        "POST",
                        items,
                        "{\"day\": 1, \"title\": \"x\", \"location\": \"" + "l".repeat(256) + "\"}",
                        422,
                        "location"),
                new Case(
                        "POST",
                        items,
                        "{\"day\": 1, \"title\": \"x\", \"start_time\": \"10:00\", \"end_time\": \"09:00\"}",
                        422,
                        "end_time"),
                new Case("PATCH", items + "/" + item, "{\"day\": null}", 422, "day"),
                new Case("PATCH", items + "/" + item, "{\"end_time\": \"x\"}", 400, "end_time"),
                new Case("GET", items + "/nope", null, 404, null),
                new Case("GET", "/api/v1/trips/nope/itineraries", null, 404, null)));
        assertThat(api.get(items, owner.token()).json().get("count").asLong()).isEqualTo(1);
    }

    @Test
    void collaborators() {
        String collaborators = "/api/v1/trips/" + trip + "/collaborators";
        expect(List.of(
                new Case("POST", collaborators, "{\"email\": ", 400, "body"),
                new Case("POST", collaborators, "{\"username\": \"x\", \"role\": \"admin\"}", 400, "role"),
                new Case("POST", collaborators, "{\"username\": \"x\"}", 422, "role"),
                new Case("POST", collaborators, "{\"email\": \"not-an-email\", \"role\": \"viewer\"}", 422, "email"),
                new Case("POST", collaborators, "{\"role\": \"viewer\"}", 422, "email"),
                new Case("PATCH", collaborators + "/" + collaborator, "{\"role\": 7}", 400, "role"),
                new Case("PATCH", collaborators + "/" + collaborator, "{}", 422, "role"),
                new Case("POST", collaborators + "/not-a-uuid/accept", null, 404, null)));
        assertThat(api.get(collaborators, owner.token()).json().get("count").asLong())
                .isEqualTo(1);
    }

    @Test
    void accounts() {
        expect(List.of(
                new Case("POST", "/api/v1/auth/register", "{\"email\": \"a@b.c\"", 400, "body"),
                new Case(
                        "POST",
                        "/api/v1/auth/register",
                        "{\"email\": \"nope\", \"username\": \"okname\", \"password\": \"long enough\"}",
                        422,
                        "email"),
                new Case(
                        "POST",
                        "/api/v1/auth/register",
                        "{\"email\": \"x@example.com\", \"username\": \"a b\", \"password\": \"long enough\"}",
                        422,
                        "username"),
                new Case(
                        "POST",
                        "/api/v1/auth/register",
                        "{\"email\": \"x@example.com\", \"username\": \"okname\", \"password\": \"short\"}",
                        422,
                        "password"),
                new Case(
                        "POST",
                        "/api/v1/auth/register",
                        "{\"email\": \"x@example.com\", \"username\": \"okname\", \"password\": 12345678}",
                        400,
                        "password"),
                new Case(
                        "POST",
                        "/api/v1/auth/register",
                        "{\"email\": \"x@example.com\", \"username\": \"okname\", \"password\": \"password\"}",
                        422,
                        "password"),
                new Case(
                        "POST",
                        "/api/v1/auth/register",
                        "{\"email\": \"x@example.com\", \"username\": \"okname\", \"password\": \"        \"}",
                        422,
                        "password"),
                new Case(
                        "POST",
                        "/api/v1/auth/register",
                        "{\"email\": \"x@example.com\", \"username\": \"okname\", \"password\": \""
                                + "\uD83D\uDE00".repeat(30) + "\"}",
                        422,
                        "password"),
                new Case("POST", "/api/v1/auth/login", "{\"username\": \"x\"}", 422, "password"),
                new Case(
                        "POST",
                        "/api/v1/auth/login",
                        "{\"username\": \"x\", \"password\": \"" + "\uD83D\uDE00".repeat(30) + "\"}",
                        401,
                        null),
                new Case("POST", "/api/v1/auth/refresh", "{}", 422, "refresh_token"),
                new Case("PATCH", "/api/v1/users/me", "{\"email\": \"not-an-email\"}", 422, "email"),
                new Case("PATCH", "/api/v1/users/me", "{\"username\": null}", 422, "username"),
                new Case("PATCH", "/api/v1/users/me", "{\"full_name\": \"" + "n".repeat(101) + "\"}", 422, "full_name"),
                new Case(
                        "POST",
                        "/api/v1/users/me/password",
                        "{\"current_password\": \"wrong password\", " + "\"new_password\": \"a new long one\"}",
                        422,
                        "current_password"),
                new Case(
                        "POST",
                        "/api/v1/users/me/password",
                        "{\"current_password\": \"correct horse battery\", " + "\"new_password\": \"short\"}",
                        422,
                        "new_password"),
                new Case(
                        "POST",
                        "/api/v1/users/me/password",
                        "{\"current_password\": \"correct horse battery\", \"new_password\": \"12345678\"}",
                        422,
                        "new_password"),
                new Case(
                        "POST",
                        "/api/v1/users/me/password",
                        "{\"current_password\": \"correct horse battery\", \"new_password\": \"" + "\u00e9".repeat(37)
                                + "\"}",
                        422,
                        "new_password")));
        assertThat(api.post(
                                "/api/v1/auth/login",
                                Map.of("username", owner.username(), "password", owner.password()),
                                null)
                        .status())
                .as("the password did not change")
                .isEqualTo(200);
    }

    private void expect(List<Case> cases) {
        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            HttpApi.Response response = api.send(c.method(), c.path(), c.body(), owner.token(), Map.of());
            String problem = null;
            if (response.status() != c.status()) {
                problem = "expected " + c.status();
            } else if (!String.valueOf(response.header("Content-Type")).contains("application/problem+json")) {
                problem = "not problem+json";
            } else if (c.field() != null && !fields(response).contains(c.field())) {
                problem = "field " + c.field() + " not named";
            }
            if (problem != null) {
                wrong.add(c.method() + " " + c.path() + " " + abbreviate(c.body()) + ": " + problem + "; got "
                        + response);
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static List<String> fields(HttpApi.Response response) {
        List<String> fields = new ArrayList<>();
        JsonNode errors = response.json().get("errors");
        if (errors != null) {
            errors.forEach(error -> fields.add(error.get("field").asString()));
        }
        return fields;
    }

    private static String trip(String override) {
        String key = override.substring(0, override.indexOf(':'));
        StringBuilder body = new StringBuilder("{").append(override);
        Map<String, String> defaults = Map.of(
                "\"title\"", "\"Trip\"",
                "\"destination\"", "\"Lisbon\"",
                "\"start_date\"", "\"2027-05-01\"",
                "\"end_date\"", "\"2027-05-08\"");
        defaults.forEach((name, value) -> {
            if (!key.equals(name)) {
                body.append(", ").append(name).append(": ").append(value);
            }
        });
        return body.append('}').toString();
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 80 ? body.substring(0, 80) + "…" : body;
    }
}
