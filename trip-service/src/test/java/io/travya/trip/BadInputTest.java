package io.travya.trip;

import static org.assertj.core.api.Assertions.assertThat;

import io.travya.platform.test.HttpApi;
import io.travya.platform.test.RawHttp;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.trip.Accounts.Account;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Every endpoint answers bad input with 400 (a body that is not JSON, a request that cannot be read)
 * or 422 (JSON that is not what the API documents, or a rule broken), as problem+json that names the
 * field, and changes nothing; never 500. What an answer quotes of the input is a short, safely
 * encoded excerpt. The checks of the request as a whole (query strings, headers, paths, sizes) are
 * the platform's and hold for every service.
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
                new Case("POST", trips, "[]", 422, "body"),
                new Case("POST", trips, trip("\"title\": 5"), 422, "title"),
                new Case("POST", trips, trip("\"budget\": \"lots\""), 422, "budget"),
                new Case("POST", trips, trip("\"budget\": \"12.50\""), 422, "budget"),
                new Case("POST", trips, trip("\"budget\": true"), 422, "budget"),
                new Case("POST", trips, trip("\"trip_type\": \"cruise\""), 422, "trip_type"),
                new Case("POST", trips, trip("\"trip_type\": 1"), 422, "trip_type"),
                new Case("POST", trips, trip("\"trip_type\": 1.5"), 422, "trip_type"),
                new Case("POST", trips, trip("\"trip_type\": true"), 422, "trip_type"),
                new Case("POST", trips, trip("\"trip_type\": [\"leisure\"]"), 422, "trip_type"),
                new Case("POST", trips, trip("\"start_date\": \"2027-02-30\""), 422, "start_date"),
                new Case("POST", trips, trip("\"start_date\": \"next week\""), 422, "start_date"),
                new Case("POST", trips, trip("\"start_date\": 12345"), 422, "start_date"),
                new Case("POST", trips, trip("\"start_date\": 1.7e9"), 422, "start_date"),
                new Case("POST", trips, trip("\"start_date\": [2027, 5, 1]"), 422, "start_date"),
                new Case("POST", trips, trip("\"start_date\": \"\""), 422, "start_date"),
                new Case("POST", trips, trip("\"end_date\": {\"year\": 2027}"), 422, "end_date"),
                new Case("POST", trips, trip("\"budjet\": 100"), 422, "budjet"),
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
                // ISO 8601 writes a five-digit year with its sign: without it the date is malformed, also 422
                new Case("POST", trips, trip("\"start_date\": \"10000-01-01\""), 422, "start_date")));
        assertThat(api.get("/api/v1/trips", owner.token()).json().get("count").asLong())
                .isEqualTo(1);
    }

    @Test
    void changingATrip() {
        String path = "/api/v1/trips/" + trip;
        expect(List.of(
                new Case("PATCH", path, "{", 400, "body"),
                new Case("PATCH", path, "{\"status\": \"done\"}", 422, "status"),
                new Case("PATCH", path, "{\"status\": 2}", 422, "status"),
                new Case("PATCH", path, "{\"trip_type\": 0}", 422, "trip_type"),
                new Case("PATCH", path, "{\"end_date\": 19000}", 422, "end_date"),
                new Case("PATCH", path, "{\"budget\": \"99\"}", 422, "budget"),
                new Case("PATCH", path, "{\"version\": \"one\"}", 422, "version"),
                new Case("PATCH", path, "{\"version\": \"2\"}", 422, "version"),
                new Case("PATCH", path, "{\"version\": -1}", 422, "version"),
                new Case("PATCH", path, "{\"title\": null}", 422, "title"),
                new Case("PATCH", path, "{\"budget\": 123456789.00}", 422, "budget"),
                new Case("PATCH", path, "{\"start_date\": \"2027-06-01\"}", 422, "end_date"),
                new Case("PATCH", path, "{\"start_date\": \"0000-01-01\"}", 422, "start_date"),
                new Case("PATCH", path, "{\"end_date\": \"+10000-01-01\"}", 422, "end_date"),
                new Case("PATCH", path, "{\"id\": \"" + UUID.randomUUID() + "\"}", 422, "id"),
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
                new Case("POST", items, "{\"day\": \"one\", \"title\": \"x\"}", 422, "day"),
                new Case("POST", items, "{\"day\": \"1\", \"title\": \"x\"}", 422, "day"),
                new Case("POST", items, "{\"day\": 1.5, \"title\": \"x\"}", 422, "day"),
                new Case("POST", items, "{\"day\": 1, \"title\": \"x\", \"activities\": \"swim\"}", 422, "activities"),
                new Case("POST", items, "{\"day\": 1, \"title\": \"x\", \"activities\": [7]}", 422, "activities[0]"),
                new Case("POST", items, "{\"day\": 1, \"title\": \"x\", \"start_time\": \"25:00\"}", 422, "start_time"),
                new Case("POST", items, "{\"day\": 1, \"title\": \"x\", \"start_time\": 930}", 422, "start_time"),
                new Case("POST", items, "{\"day\": 1, \"title\": \"x\", \"start_time\": [9, 30]}", 422, "start_time"),
                new Case("POST", items, "{\"day\": 2147483648, \"title\": \"x\"}", 422, "day"),
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
                new Case("PATCH", items + "/" + item, "{\"end_time\": \"x\"}", 422, "end_time"),
                new Case("GET", items + "/nope", null, 404, null),
                new Case("GET", "/api/v1/trips/nope/itineraries", null, 404, null)));
        assertThat(api.get(items, owner.token()).json().get("count").asLong()).isEqualTo(1);
    }

    @Test
    void collaborators() {
        String collaborators = "/api/v1/trips/" + trip + "/collaborators";
        expect(List.of(
                new Case("POST", collaborators, "{\"email\": ", 400, "body"),
                new Case("POST", collaborators, "{\"username\": \"x\", \"role\": \"admin\"}", 422, "role"),
                new Case("POST", collaborators, "{\"username\": \"x\", \"role\": 1}", 422, "role"),
                new Case("POST", collaborators, "{\"username\": \"x\"}", 422, "role"),
                new Case("POST", collaborators, "{\"email\": \"not-an-email\", \"role\": \"viewer\"}", 422, "email"),
                new Case("POST", collaborators, "{\"role\": \"viewer\"}", 422, "email"),
                new Case("PATCH", collaborators + "/" + collaborator, "{\"role\": 7}", 422, "role"),
                new Case("PATCH", collaborators + "/" + collaborator, "{\"role\": 0}", 422, "role"),
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
                        422,
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

    @Test
    void aQueryStringThatCannotBeDecodedIsRefusedOnEveryListEndpoint() {
        List<String> lists = List.of(
                "/api/v1/trips",
                "/api/v1/trips/" + trip + "/itineraries",
                "/api/v1/trips/" + trip + "/collaborators",
                "/api/v1/users/me/invitations",
                "/api/v1/users");
        List<String> wrong = new ArrayList<>();
        for (String list : lists) {
            for (String query : List.of("destination=%ff", "destination=%zz", "destination=%", "limit=%e2%82")) {
                HttpApi.Response response = RawHttp.get(port, list + "?" + query, owner.token());
                if (response.status() != 400
                        || !isProblem(response)
                        || !fields(response).contains("query")) {
                    wrong.add(list + "?" + query + ": " + response);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void aNonAsciiIfMatchHeaderIsRefusedAndChangesNothing() {
        String path = "/api/v1/trips/" + trip;
        byte[] change = "{\"title\": \"Changed\"}".getBytes(StandardCharsets.UTF_8);
        List<String> wrong = new ArrayList<>();
        for (String value : List.of("\"€\"", "\"é\"", "\"0\u00a0\"", "W/\"２\"", "\"\uD83D\uDE00\"")) {
            HttpApi.Response response =
                    RawHttp.send(port, "PATCH", path, owner.token(), Map.of("If-Match", RawHttp.utf8(value)), change);
            if (response.status() < 400 || response.status() >= 500 || !isProblem(response)) {
                wrong.add("If-Match " + value + ": " + response);
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(api.get(path, owner.token()).json().get("title").asString()).isEqualTo("Trip to Lisbon, Portugal");
    }

    /**
     * What Tomcat, Spring Security's firewall and Spring MVC refuse before any controller runs is
     * problem+json like every other refusal, with a stable type, title, status and detail.
     */
    @Test
    void everyRefusalBeforeAControllerIsProblemJson() {
        String token = owner.token();
        Map<String, HttpApi.Response> refusals = new LinkedHashMap<>();
        refusals.put("%00 in the path", RawHttp.get(port, "/api/v1/trips/%00", token));
        refusals.put("an encoded slash", RawHttp.get(port, "/api/v1/trips/a%2fb", token));
        refusals.put("a bad escape in the path", RawHttp.get(port, "/api/v1/trips/%zz", token));
        refusals.put("a path parameter", RawHttp.get(port, "/api/v1/trips;x=1", token));
        refusals.put("an encoded dot segment", RawHttp.get(port, "/api/v1/%2e%2e/trips", token));
        refusals.put("a double slash", RawHttp.get(port, "/api/v1//trips", token));
        refusals.put(
                "a request line of 20,000 characters",
                RawHttp.get(port, "/api/v1/trips?q=" + "a".repeat(20_000), token));
        refusals.put(
                "a header of 20,000 characters",
                RawHttp.send(
                        port, "GET", "/api/v1/trips", token, Map.of("X-Big", RawHttp.utf8("b".repeat(20_000))), null));
        refusals.put(
                "a control character in a header",
                RawHttp.send(port, "GET", "/api/v1/trips", token, Map.of("X-Odd", new byte[] {'a', 0x7f, 'b'}), null));
        refusals.put("an unknown path", api.get("/api/v1/nowhere", token));
        refusals.put("the error page itself", api.get("/error", token));
        refusals.put("a method the path does not take", api.send("PUT", "/api/v1/trips", "{}", token, Map.of()));
        refusals.put(
                "an answer the client cannot accept",
                api.send("GET", "/api/v1/trips", null, token, Map.of("Accept", "text/csv")));
        refusals.put(
                "a body that is not JSON",
                api.send("POST", "/api/v1/trips", null, token, Map.of("Content-Type", "text/plain")));
        refusals.put(
                "a body of 1.5 MB", api.post("/api/v1/trips", "{\"title\": \"" + "t".repeat(1_500_000) + "\"}", token));
        refusals.put(
                "a chunked body of 1.5 MB",
                RawHttp.sendChunked(
                        port,
                        "POST",
                        "/api/v1/trips",
                        token,
                        ("{\"title\": \"" + "t".repeat(1_500_000) + "\"}").getBytes(StandardCharsets.UTF_8)));
        Map<String, Integer> expected = Map.of(
                "an unknown path", 404,
                "the error page itself", 404,
                "a method the path does not take", 405,
                "an answer the client cannot accept", 406,
                "a body that is not JSON", 415,
                "a body of 1.5 MB", 413,
                "a chunked body of 1.5 MB", 413);

        SoftAssertions softly = new SoftAssertions();
        refusals.forEach((what, response) -> {
            softly.assertThat(response.status()).as(what + ": " + response).isEqualTo(expected.getOrDefault(what, 400));
            softly.assertThat(response.header("Content-Type"))
                    .as(what + ": " + response)
                    .startsWith("application/problem+json");
            if (isProblem(response)) {
                JsonNode problem = response.json();
                softly.assertThat(problem.get("status").asInt()).as(what).isEqualTo(response.status());
                softly.assertThat(problem.get("type").asString()).as(what).startsWith("https://travya.io/problems/");
                softly.assertThat(problem.get("title").asString()).as(what).isNotBlank();
                softly.assertThat(problem.get("detail").asString()).as(what).isNotBlank();
                softly.assertThat(response.text().length())
                        .as(what + ": the answer is short")
                        .isLessThan(1024);
            }
        });
        softly.assertAll();
        assertThat(api.get("/api/v1/trips", token).json().get("count").asLong()).isEqualTo(1);
    }

    @Test
    void anErrorQuotesAShortSafelyEncodedExcerptOfWhatWasSent() {
        String trips = "/api/v1/trips";
        HttpApi.Response hugeValue =
                api.post(trips, trip("\"trip_type\": \"" + "z".repeat(1_000_000) + "\""), owner.token());
        HttpApi.Response hugeName = api.post(trips, trip("\"" + "n".repeat(40_000) + "\": 1"), owner.token());
        HttpApi.Response oddCharacters =
                api.post(trips, trip("\"trip_type\": \"a\\u0000b\\ud800c\\u202ed\\u001b[31m\""), owner.token());

        for (HttpApi.Response response : List.of(hugeValue, hugeName, oddCharacters)) {
            assertThat(response.status()).as(response.toString()).isEqualTo(422);
            assertThat(response.text().length())
                    .as("a short answer to a long request")
                    .isLessThan(2048);
        }
        String reason = hugeValue.json().get("errors").get(0).get("reason").asString();
        assertThat(reason).contains("\"" + "z".repeat(64) + "…\"").doesNotContain("z".repeat(65));
        assertThat(hugeName.json().get("errors").get(0).get("field").asString()).isEqualTo("n".repeat(64) + "…");
        String quoted = oddCharacters.json().get("detail").asString();
        assertThat(quoted).contains("a\\u0000b\\uD800c\\u202Ed\\u001B[31m");
        assertThat(quoted.chars()
                        .filter(c -> Character.isISOControl(c) || Character.isSurrogate((char) c) || c == 0x202e))
                .as("no control, format or lone surrogate character comes back as such")
                .isEmpty();
        assertThat(api.get(trips, owner.token()).json().get("count").asLong()).isEqualTo(1);
    }

    private void expect(List<Case> cases) {
        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            HttpApi.Response response = api.send(c.method(), c.path(), c.body(), owner.token(), Map.of());
            String problem = null;
            if (response.status() != c.status()) {
                problem = "expected " + c.status();
            } else if (!isProblem(response)) {
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

    private static boolean isProblem(HttpApi.Response response) {
        return String.valueOf(response.header("Content-Type")).startsWith("application/problem+json");
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
