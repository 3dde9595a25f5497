package io.travya.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.platform.test.ApiContract;
import io.travya.platform.test.HttpApi;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may do what, over every operation of the three services' OpenAPI documents: {@link #MATRIX} is
 * the specification, and every operation a document has must have a row in it. Six callers — the trip's
 * owner, an editor and a viewer who accepted their invitations, someone whose invitation is still
 * pending, a stranger, and a request without a token — each send a valid request to every operation, to
 * the three packaged services running together (booking- and conversation-service authorise from their
 * replica of trip access, fed by trip-service's events). A refusal is problem+json, is a status the
 * document gives for the operation, and changes nothing: what the request would have changed is read
 * again and compared. Destructive requests get fresh resources (a trip, a booking, a conversation, a
 * collaborator, an account of their own), so the order of the rows does not matter.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
@ExtendWith(SharedStack.class)
class RoleMatrixSystemIT {

    /**
     * Operation (as its document names it) and what the request is about, where the answer depends on
     * it; then the outcome for each caller. {@code 2xx}: done; {@code 404}: refused as if it did not
     * exist (the caller may not see the trip, or it is not theirs), {@code 403}: the caller may see the
     * trip but not do this, {@code 401}: no token; {@code -}: no such request exists for this caller.
     */
    static final String MATRIX = """
            operation                                                           | about                        | owner | editor | viewer | invitee | stranger | no token
            GET    /.well-known/jwks.json                                       |                              | 2xx   | 2xx    | 2xx    | 2xx     | 2xx      | 2xx
            POST   /api/v1/auth/register                                        | a new account                | 2xx   | 2xx    | 2xx    | 2xx     | 2xx      | 2xx
            POST   /api/v1/auth/login                                           | their own account            | 2xx   | 2xx    | 2xx    | 2xx     | 2xx      | 2xx
            POST   /api/v1/auth/refresh                                         | a session of their own       | 2xx   | 2xx    | 2xx    | 2xx     | 2xx      | 2xx
            POST   /api/v1/auth/logout                                          | a session of their own       | 2xx   | 2xx    | 2xx    | 2xx     | 2xx      | 2xx
            GET    /api/v1/users/me                                             |                              | 2xx   | 2xx    | 2xx    | 2xx     | 2xx      | 401
            PATCH  /api/v1/users/me                                             |                              | 2xx   | 2xx    | 2xx    | 2xx     | 2xx      | 401
            DELETE /api/v1/users/me                                             | their own account            | 2xx   | 2xx    | 2xx    | 2xx     | 2xx      | 401
            POST   /api/v1/users/me/deactivate                                  | their own account            | 2xx   | 2xx    | 2xx    | 2xx     | 2xx      | 401
            POST   /api/v1/users/me/password                                    | their own account            | 2xx   | 2xx    | 2xx    | 2xx     | 2xx      | 401
            GET    /api/v1/users/me/invitations                                 |                              | 2xx   | 2xx    | 2xx    | 2xx     | 2xx      | 401
            GET    /api/v1/users                                                | (administrators only)        | 403   | 403    | 403    | 403     | 403      | 401
            DELETE /api/v1/users/{id}                                           | another account              | 403   | 403    | 403    | 403     | 403      | 401
            POST   /api/v1/users/{id}/deactivate                                | another account              | 403   | 403    | 403    | 403     | 403      | 401
            POST   /api/v1/users/{id}/activate                                  | another account              | 403   | 403    | 403    | 403     | 403      | 401
            GET    /api/v1/trips                                                | their own trips              | 2xx   | 2xx    | 2xx    | 2xx     | 2xx      | 401
            POST   /api/v1/trips                                                | a trip of their own          | 2xx   | 2xx    | 2xx    | 2xx     | 2xx      | 401
            GET    /api/v1/trips/stats                                          | their own trips              | 2xx   | 2xx    | 2xx    | 2xx     | 2xx      | 401
            GET    /api/v1/trips/{id}                                           |                              | 2xx   | 2xx    | 2xx    | 404     | 404      | 401
            PATCH  /api/v1/trips/{id}                                           |                              | 2xx   | 2xx    | 403    | 404     | 404      | 401
            DELETE /api/v1/trips/{id}                                           |                              | 2xx   | 403    | 403    | 404     | 404      | 401
            GET    /api/v1/trips/{id}/overview                                  |                              | 2xx   | 2xx    | 2xx    | 404     | 404      | 401
            GET    /api/v1/trips/{tripId}/itineraries                           |                              | 2xx   | 2xx    | 2xx    | 404     | 404      | 401
            POST   /api/v1/trips/{tripId}/itineraries                           |                              | 2xx   | 2xx    | 403    | 404     | 404      | 401
            GET    /api/v1/trips/{tripId}/itineraries/{itemId}                  |                              | 2xx   | 2xx    | 2xx    | 404     | 404      | 401
            PATCH  /api/v1/trips/{tripId}/itineraries/{itemId}                  |                              | 2xx   | 2xx    | 403    | 404     | 404      | 401
            DELETE /api/v1/trips/{tripId}/itineraries/{itemId}                  |                              | 2xx   | 2xx    | 403    | 404     | 404      | 401
            GET    /api/v1/trips/{tripId}/collaborators                         |                              | 2xx   | 2xx    | 2xx    | 404     | 404      | 401
            POST   /api/v1/trips/{tripId}/collaborators                         | a new invitation             | 2xx   | 403    | 403    | 404     | 404      | 401
            PATCH  /api/v1/trips/{tripId}/collaborators/{collaboratorId}        | another collaborator         | 2xx   | 403    | 403    | 404     | 404      | 401
            DELETE /api/v1/trips/{tripId}/collaborators/{collaboratorId}        | another collaborator         | 2xx   | 403    | 403    | 404     | 404      | 401
            DELETE /api/v1/trips/{tripId}/collaborators/{collaboratorId}        | their own place (leaving)    | -     | 2xx    | 2xx    | 2xx     | -        | 401
            POST   /api/v1/trips/{tripId}/collaborators/{collaboratorId}/accept | an invitation to the invitee | 404   | 404    | 404    | 2xx     | 404      | 401
            POST   /api/v1/trips/{tripId}/collaborators/{collaboratorId}/decline| an invitation to the invitee | 404   | 404    | 404    | 2xx     | 404      | 401
            GET    /api/v1/bookings                                             | the trip's bookings          | 2xx   | 2xx    | 2xx    | 404     | 404      | 401
            POST   /api/v1/bookings                                             | a booking of the trip        | 2xx   | 2xx    | 403    | 404     | 404      | 401
            GET    /api/v1/bookings/{id}                                        |                              | 2xx   | 2xx    | 2xx    | 404     | 404      | 401
            PATCH  /api/v1/bookings/{id}                                        |                              | 2xx   | 2xx    | 403    | 404     | 404      | 401
            DELETE /api/v1/bookings/{id}                                        |                              | 2xx   | 2xx    | 403    | 404     | 404      | 401
            POST   /api/v1/bookings/{id}/confirm                                | a pending booking            | 2xx   | 2xx    | 403    | 404     | 404      | 401
            POST   /api/v1/bookings/{id}/cancel                                 | a confirmed booking          | 2xx   | 2xx    | 403    | 404     | 404      | 401
            POST   /api/v1/bookings/{id}/refund                                 | a cancelled booking          | 2xx   | 2xx    | 403    | 404     | 404      | 401
            GET    /api/v1/conversations                                        | the trip's conversations     | 2xx   | 2xx    | 2xx    | 404     | 404      | 401
            POST   /api/v1/conversations                                        | a conversation about the trip| 2xx   | 2xx    | 2xx    | 404     | 404      | 401
            GET    /api/v1/conversations/{id}                                   | started by the owner         | 2xx   | 2xx    | 2xx    | 404     | 404      | 401
            GET    /api/v1/conversations/{id}                                   | started by the editor        | 2xx   | 2xx    | 2xx    | 404     | 404      | 401
            GET    /api/v1/conversations/{id}                                   | started by the viewer        | 2xx   | 2xx    | 2xx    | 404     | 404      | 401
            PATCH  /api/v1/conversations/{id}                                   | started by the owner         | 2xx   | 403    | 403    | 404     | 404      | 401
            PATCH  /api/v1/conversations/{id}                                   | started by the editor        | 2xx   | 2xx    | 403    | 404     | 404      | 401
            PATCH  /api/v1/conversations/{id}                                   | started by the viewer        | 2xx   | 403    | 2xx    | 404     | 404      | 401
            DELETE /api/v1/conversations/{id}                                   | started by the owner         | 2xx   | 403    | 403    | 404     | 404      | 401
            DELETE /api/v1/conversations/{id}                                   | started by the editor        | 2xx   | 2xx    | 403    | 404     | 404      | 401
            DELETE /api/v1/conversations/{id}                                   | started by the viewer        | 2xx   | 403    | 2xx    | 404     | 404      | 401
            GET    /api/v1/conversations/{id}/messages                          | started by the owner         | 2xx   | 2xx    | 2xx    | 404     | 404      | 401
            GET    /api/v1/conversations/{id}/messages                          | started by the editor        | 2xx   | 2xx    | 2xx    | 404     | 404      | 401
            GET    /api/v1/conversations/{id}/messages                          | started by the viewer        | 2xx   | 2xx    | 2xx    | 404     | 404      | 401
            POST   /api/v1/conversations/{id}/messages                          | started by the owner         | 2xx   | 2xx    | 2xx    | 404     | 404      | 401
            POST   /api/v1/conversations/{id}/messages                          | started by the editor        | 2xx   | 2xx    | 2xx    | 404     | 404      | 401
            POST   /api/v1/conversations/{id}/messages                          | started by the viewer        | 2xx   | 2xx    | 2xx    | 404     | 404      | 401
            GET    /api/v1/conversations/{id}/stream                            | started by the owner         | 2xx   | 2xx    | 2xx    | 404     | 404      | 401
            GET    /api/v1/conversations/{id}/stream                            | started by the editor        | 2xx   | 2xx    | 2xx    | 404     | 404      | 401
            GET    /api/v1/conversations/{id}/stream                            | started by the viewer        | 2xx   | 2xx    | 2xx    | 404     | 404      | 401
            """;

    private static final List<String> SERVICES = List.of("trip-service", "booking-service", "conversation-service");
    private static final String PASSWORD = "long enough pw";
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Who calls, in the matrix's column order. */
    enum Role {
        OWNER("owner"),
        EDITOR("editor"),
        VIEWER("viewer"),
        INVITEE("invitee"),
        STRANGER("stranger"),
        NO_TOKEN("no token");

        final String column;

        Role(String column) {
            this.column = column;
        }
    }

    /** One row: an operation, what it is about, and the outcome for each caller ("-" where none). */
    record Row(String operation, String about, Map<Role, String> outcomes) {

        String key() {
            return about.isEmpty() ? operation : operation + " | " + about;
        }
    }

    /**
     * A person in a role; their token is sent unless the role is {@link Role#NO_TOKEN}. {@code
     * collaboratorId} is their place on the trip they were invited to, if any.
     */
    record Member(Role role, UUID id, String username, String token, UUID collaboratorId) {

        String sentToken() {
            return role == Role.NO_TOKEN ? null : token;
        }

        Member sentAs(Role other) {
            return new Member(other, id, username, token, collaboratorId);
        }
    }

    /** A request of one row for one caller, and how to read again what it must not have changed. */
    static final class Request {
        final String service;
        final String method;
        final String path;
        Object body;
        String token;
        Map<String, String> headers = Map.of();
        Supplier<String> state;

        Request(String service, String method, String path) {
            this.service = service;
            this.method = method;
            this.path = path;
        }

        Request body(Object body) {
            this.body = body;
            return this;
        }

        Request by(Member caller) {
            this.token = caller.sentToken();
            return this;
        }

        /** What a refusal must leave as it was, read as its owner would read it. */
        Request unchanged(Supplier<String> state) {
            this.state = state;
            return this;
        }

        boolean streams() {
            return path.endsWith("/stream");
        }
    }

    /** How a row's request is made for a caller. */
    interface Scenario {
        Request prepare(Role role);
    }

    static ServiceStack stack;
    static HttpClient http;
    static Map<String, ApiContract> contracts;

    // the party of the trip every row is about, and what it holds
    final Map<Role, Member> party = new EnumMap<>(Role.class);
    UUID trip;
    UUID item;
    UUID booking;
    final Map<Role, UUID> conversationStartedBy = new EnumMap<>(Role.class);

    @BeforeAll
    static void start(ServiceStack shared) {
        contracts = new LinkedHashMap<>();
        for (String service : SERVICES) {
            contracts.put(
                    service, ApiContract.read(Path.of("..", service, "src", "main", "openapi", service + ".yaml")));
        }
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        stack = shared;
    }

    @Test
    void everyOperationOfTheThreeDocumentsHasARowAndEveryRowARequest() {
        Set<String> documented = new TreeSet<>();
        contracts.values().forEach(contract -> contract.endpoints().forEach(e -> documented.add(e.key())));
        Set<String> judged = new TreeSet<>();
        rows().forEach(row -> judged.add(row.operation()));

        assertThat(minus(documented, judged))
                .as("operations of the OpenAPI documents that the matrix does not judge")
                .isEmpty();
        assertThat(minus(judged, documented))
                .as("rows for operations no document has")
                .isEmpty();
        assertThat(scenarios().keySet())
                .as("a request for every row, and a row for every request")
                .containsExactlyInAnyOrderElementsOf(
                        rows().stream().map(Row::key).toList());
        rows().forEach(row -> assertThat(row.outcomes())
                .as(row.key() + ": an outcome for every caller")
                .containsOnlyKeys(Role.values()));
    }

    @Test
    void everyCallerGetsWhatTheMatrixSaysFromEveryOperation() {
        gatherTheParty();
        Map<String, Scenario> scenarios = scenarios();
        SoftAssertions softly = new SoftAssertions();
        int pairs = 0;
        for (Row row : rows()) {
            for (Role role : Role.values()) {
                String expected = row.outcomes().get(role);
                if (!expected.equals("-")) {
                    judge(row, role, expected, scenarios.get(row.key()).prepare(role), softly);
                    pairs++;
                }
            }
        }
        System.out.println(
                "[role matrix] " + pairs + " (operation, caller) pairs over " + rows().size() + " rows checked");
        softly.assertAll();
    }

    private void judge(Row row, Role role, String expected, Request request, SoftAssertions softly) {
        String what = row.key() + ", " + role.column + ": " + request.method + " " + request.path;
        softly.assertThat(matches(row.operation(), request.method, request.path))
                .as(what + " is a request of the row's operation")
                .isTrue();
        boolean allowed = expected.equals("2xx");
        softly.assertThat(allowed || request.state != null || request.method.equals("GET"))
                .as(what + ": a refused change says what it must leave unchanged")
                .isTrue();
        String before = allowed || request.state == null ? null : request.state.get();
        HttpApi.Response response = send(request);
        String answer = what + " answered " + response.status() + " " + excerpt(response.text());
        softly.check(() -> contracts.get(request.service).check(request.method, request.path, response));
        if (allowed) {
            softly.assertThat(response.status()).as(answer).isBetween(200, 299);
            return;
        }
        softly.assertThat(response.status()).as(answer).isEqualTo(Integer.parseInt(expected));
        softly.assertThat(response.header("Content-Type"))
                .as(answer + ": a refusal is problem+json")
                .startsWith("application/problem+json");
        if (request.state != null) {
            softly.assertThat(request.state.get())
                    .as(answer + ": the refusal changed nothing")
                    .isEqualTo(before);
        }
    }

    /** Every row's request, by the row's key. */
    private Map<String, Scenario> scenarios() {
        Map<String, Scenario> all = new LinkedHashMap<>();

        // trip-service: accounts
        all.put(
                "GET /.well-known/jwks.json",
                role -> trips("GET", "/.well-known/jwks.json").by(party.get(role)));
        all.put("POST /api/v1/auth/register | a new account", role -> {
            String name = newName();
            return trips("POST", "/api/v1/auth/register")
                    .body(Map.of("email", name + "@example.com", "username", name, "password", PASSWORD))
                    .by(party.get(role));
        });
        all.put(
                "POST /api/v1/auth/login | their own account",
                role -> trips("POST", "/api/v1/auth/login")
                        .body(Map.of("username", party.get(role).username(), "password", PASSWORD))
                        .by(party.get(role)));
        all.put(
                "POST /api/v1/auth/refresh | a session of their own",
                role -> trips("POST", "/api/v1/auth/refresh")
                        .body(Map.of("refresh_token", refreshToken(party.get(role))))
                        .by(party.get(role)));
        all.put(
                "POST /api/v1/auth/logout | a session of their own",
                role -> trips("POST", "/api/v1/auth/logout")
                        .body(Map.of("refresh_token", refreshToken(party.get(role))))
                        .by(party.get(role)));
        all.put("GET /api/v1/users/me", role -> trips("GET", "/api/v1/users/me").by(party.get(role)));
        all.put("PATCH /api/v1/users/me", role -> {
            Member caller = party.get(role);
            return trips("PATCH", "/api/v1/users/me")
                    .body(Map.of("full_name", "Renamed " + newName()))
                    .by(caller)
                    .unchanged(() -> read("trip-service", "/api/v1/users/me", caller));
        });
        all.put("DELETE /api/v1/users/me | their own account", role -> {
            Member caller = fresh(role);
            return trips("DELETE", "/api/v1/users/me")
                    .body(Map.of("current_password", PASSWORD))
                    .by(caller)
                    .unchanged(() -> read("trip-service", "/api/v1/users/me", caller));
        });
        all.put("POST /api/v1/users/me/deactivate | their own account", role -> {
            Member caller = fresh(role);
            return trips("POST", "/api/v1/users/me/deactivate")
                    .by(caller)
                    .unchanged(() -> read("trip-service", "/api/v1/users/me", caller));
        });
        all.put("POST /api/v1/users/me/password | their own account", role -> {
            Member caller = fresh(role);
            return trips("POST", "/api/v1/users/me/password")
                    .body(Map.of("current_password", PASSWORD, "new_password", "an even longer secret"))
                    .by(caller)
                    .unchanged(() -> read("trip-service", "/api/v1/users/me", caller));
        });
        all.put(
                "GET /api/v1/users/me/invitations",
                role -> trips("GET", "/api/v1/users/me/invitations").by(party.get(role)));
        all.put(
                "GET /api/v1/users | (administrators only)",
                role -> trips("GET", "/api/v1/users").by(party.get(role)));
        all.put("DELETE /api/v1/users/{id} | another account", role -> {
            Member other = fresh(Role.STRANGER);
            return trips("DELETE", "/api/v1/users/" + other.id())
                    .by(party.get(role))
                    .unchanged(() -> read("trip-service", "/api/v1/users/me", other));
        });
        all.put("POST /api/v1/users/{id}/deactivate | another account", role -> {
            Member other = fresh(Role.STRANGER);
            return trips("POST", "/api/v1/users/" + other.id() + "/deactivate")
                    .by(party.get(role))
                    .unchanged(() -> read("trip-service", "/api/v1/users/me", other));
        });
        all.put("POST /api/v1/users/{id}/activate | another account", role -> {
            Member other = fresh(Role.STRANGER);
            return trips("POST", "/api/v1/users/" + other.id() + "/activate")
                    .by(party.get(role))
                    .unchanged(() -> read("trip-service", "/api/v1/users/me", other));
        });

        // trip-service: trips
        all.put(
                "GET /api/v1/trips | their own trips",
                role -> trips("GET", "/api/v1/trips").by(party.get(role)));
        all.put("POST /api/v1/trips | a trip of their own", role -> {
            Member caller = party.get(role);
            return trips("POST", "/api/v1/trips")
                    .body(newTrip("Weekend in Porto"))
                    .by(caller)
                    .unchanged(() -> read("trip-service", "/api/v1/trips?limit=100", caller));
        });
        all.put(
                "GET /api/v1/trips/stats | their own trips",
                role -> trips("GET", "/api/v1/trips/stats").by(party.get(role)));
        all.put(
                "GET /api/v1/trips/{id}",
                role -> trips("GET", "/api/v1/trips/" + trip).by(party.get(role)));
        all.put(
                "PATCH /api/v1/trips/{id}",
                role -> trips("PATCH", "/api/v1/trips/" + trip)
                        .body(Map.of("description", "Changed by the " + role.column))
                        .by(party.get(role))
                        .unchanged(() -> asOwner("trip-service", "/api/v1/trips/" + trip)));
        all.put("DELETE /api/v1/trips/{id}", role -> {
            UUID doomed = tripWithItsParty();
            return trips("DELETE", "/api/v1/trips/" + doomed)
                    .by(party.get(role))
                    .unchanged(() -> asOwner("trip-service", "/api/v1/trips/" + doomed));
        });
        all.put(
                "GET /api/v1/trips/{id}/overview",
                role -> trips("GET", "/api/v1/trips/" + trip + "/overview").by(party.get(role)));

        // trip-service: itineraries
        String items = "/api/v1/trips/%s/itineraries";
        all.put(
                "GET /api/v1/trips/{tripId}/itineraries",
                role -> trips("GET", items.formatted(trip)).by(party.get(role)));
        all.put(
                "POST /api/v1/trips/{tripId}/itineraries",
                role -> trips("POST", items.formatted(trip))
                        .body(newItem())
                        .by(party.get(role))
                        .unchanged(() -> asOwner("trip-service", items.formatted(trip) + "?limit=100")));
        all.put(
                "GET /api/v1/trips/{tripId}/itineraries/{itemId}",
                role -> trips("GET", items.formatted(trip) + "/" + item).by(party.get(role)));
        all.put(
                "PATCH /api/v1/trips/{tripId}/itineraries/{itemId}",
                role -> trips("PATCH", items.formatted(trip) + "/" + item)
                        .body(Map.of("location", "Changed by the " + role.column))
                        .by(party.get(role))
                        .unchanged(() -> asOwner("trip-service", items.formatted(trip) + "/" + item)));
        all.put("DELETE /api/v1/trips/{tripId}/itineraries/{itemId}", role -> {
            String doomed = items.formatted(trip) + "/"
                    + created(
                            trips("POST", items.formatted(trip)).body(newItem()).by(party.get(Role.OWNER)));
            return trips("DELETE", doomed).by(party.get(role)).unchanged(() -> asOwner("trip-service", doomed));
        });

        // trip-service: collaborators
        String collaborators = "/api/v1/trips/" + "%s" + "/collaborators";
        Supplier<String> theParty = () -> asOwner("trip-service", collaborators.formatted(trip));
        all.put(
                "GET /api/v1/trips/{tripId}/collaborators",
                role -> trips("GET", collaborators.formatted(trip)).by(party.get(role)));
        all.put("POST /api/v1/trips/{tripId}/collaborators | a new invitation", role -> {
            Member invitee = person(Role.STRANGER);
            return trips("POST", collaborators.formatted(trip))
                    .body(Map.of("username", invitee.username(), "role", "viewer"))
                    .by(party.get(role))
                    .unchanged(theParty);
        });
        all.put("PATCH /api/v1/trips/{tripId}/collaborators/{collaboratorId} | another collaborator", role -> {
            Member other = fresh(Role.EDITOR);
            return trips("PATCH", collaborators.formatted(trip) + "/" + other.collaboratorId())
                    .body(Map.of("role", "viewer"))
                    .by(party.get(role))
                    .unchanged(theParty);
        });
        all.put("DELETE /api/v1/trips/{tripId}/collaborators/{collaboratorId} | another collaborator", role -> {
            Member other = fresh(Role.VIEWER);
            return trips("DELETE", collaborators.formatted(trip) + "/" + other.collaboratorId())
                    .by(party.get(role))
                    .unchanged(theParty);
        });
        all.put("DELETE /api/v1/trips/{tripId}/collaborators/{collaboratorId} | their own place (leaving)", role -> {
            Member leaver = role == Role.NO_TOKEN ? fresh(Role.EDITOR).sentAs(Role.NO_TOKEN) : fresh(role);
            return trips("DELETE", collaborators.formatted(trip) + "/" + leaver.collaboratorId())
                    .by(leaver)
                    .unchanged(theParty);
        });
        for (String answer : List.of("accept", "decline")) {
            all.put(
                    "POST /api/v1/trips/{tripId}/collaborators/{collaboratorId}/" + answer
                            + " | an invitation to the invitee",
                    role -> {
                        Member invitee = fresh(Role.INVITEE);
                        Member caller = role == Role.INVITEE ? invitee : party.get(role);
                        return trips(
                                        "POST",
                                        collaborators.formatted(trip) + "/" + invitee.collaboratorId() + "/" + answer)
                                .by(caller)
                                .unchanged(theParty);
                    });
        }

        // booking-service
        String tripBookings = "/api/v1/bookings?trip_id=%s&limit=100";
        all.put(
                "GET /api/v1/bookings | the trip's bookings",
                role -> bookings("GET", tripBookings.formatted(trip)).by(party.get(role)));
        all.put(
                "POST /api/v1/bookings | a booking of the trip",
                role -> bookings("POST", "/api/v1/bookings")
                        .body(newBooking("confirmed"))
                        .by(party.get(role))
                        .unchanged(() -> asOwner("booking-service", tripBookings.formatted(trip))));
        all.put(
                "GET /api/v1/bookings/{id}",
                role -> bookings("GET", "/api/v1/bookings/" + booking).by(party.get(role)));
        all.put("PATCH /api/v1/bookings/{id}", role -> {
            String path = bookingIn("confirmed");
            return bookings("PATCH", path)
                    .body(Map.of("provider", "Changed by the " + role.column))
                    .by(party.get(role))
                    .unchanged(() -> asOwner("booking-service", path));
        });
        all.put("DELETE /api/v1/bookings/{id}", role -> {
            String path = bookingIn("confirmed");
            return bookings("DELETE", path).by(party.get(role)).unchanged(() -> asOwner("booking-service", path));
        });
        Map<String, String> transitions = Map.of(
                "confirm", "pending",
                "cancel", "confirmed",
                "refund", "cancelled");
        transitions.forEach((transition, from) ->
                all.put("POST /api/v1/bookings/{id}/" + transition + " | a " + from + " booking", role -> {
                    String path = bookingIn(from);
                    return bookings("POST", path + "/" + transition)
                            .by(party.get(role))
                            .unchanged(() -> asOwner("booking-service", path));
                }));

        // conversation-service
        String tripConversations = "/api/v1/conversations?trip_id=%s&limit=1";
        all.put(
                "GET /api/v1/conversations | the trip's conversations",
                role -> conversations("GET", tripConversations.formatted(trip)).by(party.get(role)));
        all.put(
                "POST /api/v1/conversations | a conversation about the trip",
                role -> conversations("POST", "/api/v1/conversations")
                        .body(Map.of("trip_id", trip.toString(), "title", "Started by the " + role.column))
                        .by(party.get(role))
                        // the number of them: the assistant may still be answering in earlier ones
                        .unchanged(() -> count(asOwner("conversation-service", tripConversations.formatted(trip)))));
        for (Role starter : List.of(Role.OWNER, Role.EDITOR, Role.VIEWER)) {
            String about = " | started by the " + starter.column;
            Supplier<String> conversation = () -> "/api/v1/conversations/" + conversationStartedBy.get(starter);
            all.put(
                    "GET /api/v1/conversations/{id}" + about,
                    role -> conversations("GET", conversation.get()).by(party.get(role)));
            all.put(
                    "GET /api/v1/conversations/{id}/messages" + about,
                    role -> conversations("GET", conversation.get() + "/messages")
                            .by(party.get(role)));
            all.put(
                    "GET /api/v1/conversations/{id}/stream" + about,
                    role -> conversations("GET", conversation.get() + "/stream").by(party.get(role)));
            // the changes each get a conversation of their own, without messages, so nothing else
            // (the assistant's answer) changes it meanwhile
            all.put("PATCH /api/v1/conversations/{id}" + about, role -> {
                String path = newConversationStartedBy(starter);
                return conversations("PATCH", path)
                        .body(Map.of("title", "Renamed by the " + role.column))
                        .by(party.get(role))
                        .unchanged(() -> asOwner("conversation-service", path));
            });
            all.put("DELETE /api/v1/conversations/{id}" + about, role -> {
                String path = newConversationStartedBy(starter);
                return conversations("DELETE", path)
                        .by(party.get(role))
                        .unchanged(() -> asOwner("conversation-service", path));
            });
            all.put("POST /api/v1/conversations/{id}/messages" + about, role -> {
                String path = newConversationStartedBy(starter) + "/messages";
                return conversations("POST", path)
                        .body(Map.of("content", "Written by the " + role.column))
                        .by(party.get(role))
                        .unchanged(() -> asOwner("conversation-service", path));
            });
        }
        return all;
    }

    /**
     * The owner's trip, with an editor and a viewer who accepted, an invitee who has not answered yet,
     * a stranger, and someone who sends no token; an itinerary item, a booking, and a conversation
     * (with a message) started by each of the owner, the editor and the viewer. Waits until booking-
     * and conversation-service know who is on the trip.
     */
    private void gatherTheParty() {
        Member owner = person(Role.OWNER);
        party.put(Role.OWNER, owner);
        trip = created(
                trips("POST", "/api/v1/trips").body(newTrip("Spring in Lisbon")).by(owner));
        for (Role role : List.of(Role.EDITOR, Role.VIEWER, Role.INVITEE)) {
            party.put(role, onTheTrip(trip, person(role)));
        }
        party.put(Role.STRANGER, person(Role.STRANGER));
        party.put(Role.NO_TOKEN, person(Role.NO_TOKEN));
        item = created(trips("POST", "/api/v1/trips/" + trip + "/itineraries")
                .body(newItem())
                .by(owner));

        await().atMost(PATIENCE).untilAsserted(() -> {
            for (Role member : List.of(Role.OWNER, Role.EDITOR, Role.VIEWER)) {
                assertThat(send(bookings("GET", "/api/v1/bookings?trip_id=" + trip)
                                        .by(party.get(member)))
                                .status())
                        .as("booking-service knows the " + member.column)
                        .isEqualTo(200);
                assertThat(send(conversations("GET", "/api/v1/conversations?trip_id=" + trip)
                                        .by(party.get(member)))
                                .status())
                        .as("conversation-service knows the " + member.column)
                        .isEqualTo(200);
            }
            assertThat(send(trips("GET", "/api/v1/trips/" + trip + "/overview").by(owner))
                            .status())
                    .as("the read models know the trip")
                    .isEqualTo(200);
            assertThat(send(trips("GET", "/api/v1/trips/stats").by(owner)).status())
                    .as("the read models are ready")
                    .isEqualTo(200);
        });
        booking = UUID.fromString(bookingIn("confirmed").substring("/api/v1/bookings/".length()));
        for (Role starter : List.of(Role.OWNER, Role.EDITOR, Role.VIEWER)) {
            String path = newConversationStartedBy(starter);
            created(conversations("POST", path + "/messages")
                    .body(Map.of("content", "What is there to see?"))
                    .by(party.get(starter)));
            conversationStartedBy.put(starter, UUID.fromString(path.substring(path.lastIndexOf('/') + 1)));
        }
    }

    /** A registered, logged-in person. */
    private Member person(Role role) {
        String name = newName();
        HttpApi.Response registered = send(trips("POST", "/api/v1/auth/register")
                .body(Map.of("email", name + "@example.com", "username", name, "password", PASSWORD)));
        expect(registered, 201);
        UUID id = UUID.fromString(registered.json().get("id").asString());
        return new Member(role, id, name, login(name).json().get("access_token").asString(), null);
    }

    /**
     * Someone new in the role: an owner of a trip of their own; an editor, viewer or pending invitee of
     * the party's trip; a stranger; someone who sends no token.
     */
    private Member fresh(Role role) {
        Member person = person(role);
        if (role == Role.OWNER) {
            created(trips("POST", "/api/v1/trips")
                    .body(newTrip("A trip of their own"))
                    .by(person));
            return person;
        }
        return role == Role.STRANGER || role == Role.NO_TOKEN ? person : onTheTrip(trip, person);
    }

    /** Invites the person to the trip in their role, and accepts for them unless they are the invitee. */
    private Member onTheTrip(UUID tripId, Member person) {
        Member owner = party.get(Role.OWNER);
        String invitedAs = person.role() == Role.VIEWER ? "viewer" : "editor";
        UUID collaborator = created(trips("POST", "/api/v1/trips/" + tripId + "/collaborators")
                .body(Map.of("username", person.username(), "role", invitedAs))
                .by(owner));
        if (person.role() != Role.INVITEE) {
            expect(
                    send(trips("POST", "/api/v1/trips/" + tripId + "/collaborators/" + collaborator + "/accept")
                            .by(person)),
                    200);
        }
        return new Member(person.role(), person.id(), person.username(), person.token(), collaborator);
    }

    /** A trip of the owner's, with the party's editor, viewer and invitee on it as on the party's trip. */
    private UUID tripWithItsParty() {
        UUID other = created(trips("POST", "/api/v1/trips")
                .body(newTrip("Autumn in Seville"))
                .by(party.get(Role.OWNER)));
        for (Role role : List.of(Role.EDITOR, Role.VIEWER, Role.INVITEE)) {
            onTheTrip(other, party.get(role));
        }
        return other;
    }

    /** A new booking of the party's trip in the given status, made by the owner. */
    private String bookingIn(String status) {
        Member owner = party.get(Role.OWNER);
        String path = "/api/v1/bookings/"
                + created(bookings("POST", "/api/v1/bookings")
                        .body(newBooking(status.equals("pending") ? "pending" : "confirmed"))
                        .by(owner));
        if (status.equals("cancelled")) {
            expect(send(bookings("POST", path + "/cancel").by(owner)), 200);
        }
        return path;
    }

    /** A new conversation about the party's trip, started by a member. */
    private String newConversationStartedBy(Role starter) {
        return "/api/v1/conversations/"
                + created(conversations("POST", "/api/v1/conversations")
                        .body(Map.of("trip_id", trip.toString(), "title", "Started by the " + starter.column))
                        .by(party.get(starter)));
    }

    private HttpApi.Response login(String username) {
        HttpApi.Response login =
                send(trips("POST", "/api/v1/auth/login").body(Map.of("username", username, "password", PASSWORD)));
        expect(login, 200);
        return login;
    }

    /** The refresh token of a new session of the member's. */
    private String refreshToken(Member member) {
        return login(member.username()).json().get("refresh_token").asString();
    }

    private Map<String, Object> newTrip(String title) {
        return Map.of(
                "title", title,
                "destination", "Lisbon",
                "start_date", "2027-05-01",
                "end_date", "2027-05-08",
                "trip_type", "leisure");
    }

    private static Map<String, Object> newItem() {
        return Map.of("day", 1, "title", "Alfama", "start_time", "09:30", "end_time", "13:00");
    }

    private Map<String, Object> newBooking(String status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("trip_id", trip.toString());
        body.put("booking_type", "hotel");
        body.put("provider", "Hotel Avenida Palace");
        body.put("confirmation_number", "HAP-" + UUID.randomUUID().toString().substring(0, 8));
        body.put("amount", new BigDecimal("640.50"));
        body.put("currency", "EUR");
        body.put("booking_date", "2027-03-01");
        body.put("travel_date", "2027-05-01");
        body.put("status", status);
        return body;
    }

    private static String newName() {
        return "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static Request trips(String method, String path) {
        return new Request("trip-service", method, path);
    }

    private static Request bookings(String method, String path) {
        return new Request("booking-service", method, path);
    }

    private static Request conversations(String method, String path) {
        return new Request("conversation-service", method, path);
    }

    /** Sends a request that must create something, and answers the id of what it created. */
    private UUID created(Request request) {
        HttpApi.Response response = send(request);
        expect(response, 201);
        return UUID.fromString(response.json().get("id").asString());
    }

    private String asOwner(String service, String path) {
        return read(service, path, party.get(Role.OWNER));
    }

    private String read(String service, String path, Member reader) {
        HttpApi.Response response = send(new Request(service, "GET", path).by(reader.sentAs(Role.OWNER)));
        return response.status() + " " + response.text();
    }

    private static String count(String answer) {
        return answer.substring(0, answer.indexOf(' ')) + " count "
                + JSON.readTree(answer.substring(answer.indexOf(' ') + 1)).get("count");
    }

    private static void expect(HttpApi.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
    }

    /**
     * Sends a request on the one client. A stream that opens is closed at once: its status and media
     * type are the answer.
     */
    private static HttpApi.Response send(Request request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + stack.ports.get(request.service) + request.path))
                // long: the first requests meet a cold service, and the machine may be busy
                .timeout(Duration.ofMinutes(2));
        if (request.token != null) {
            builder.header("Authorization", "Bearer " + request.token);
        }
        request.headers.forEach(builder::header);
        if (request.body == null) {
            builder.method(request.method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json");
            builder.method(request.method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request.body)));
        }
        if (request.streams()) {
            builder.header("Accept", "text/event-stream");
        }
        try {
            HttpResponse<InputStream> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
            Map<String, String> headers = new LinkedHashMap<>();
            response.headers()
                    .map()
                    .forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
            String text;
            try (InputStream body = response.body()) {
                boolean open = request.streams() && response.statusCode() == 200;
                text = open ? "(a stream)" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
            }
            return new HttpApi.Response(response.statusCode(), headers, text);
        } catch (IOException e) {
            throw new IllegalStateException(request.method + " " + request.path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The matrix, read. */
    static List<Row> rows() {
        List<String> lines = MATRIX.lines().filter(line -> !line.isBlank()).toList();
        List<String> header = cells(lines.get(0));
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = cells(line);
            Map<Role, String> outcomes = new EnumMap<>(Role.class);
            for (Role role : Role.values()) {
                int column = header.indexOf(role.column);
                if (column >= 0 && column < cells.size()) {
                    outcomes.put(role, cells.get(column));
                }
            }
            rows.add(new Row(cells.get(0).replaceAll("\\s+", " "), cells.get(1), outcomes));
        }
        return rows;
    }

    private static List<String> cells(String line) {
        return List.of(line.split("\\|", -1)).stream().map(String::trim).toList();
    }

    /** Whether a request is one of the operation's (its method, and its path matching the template). */
    private static boolean matches(String operation, String method, String path) {
        String[] template = operation.substring(operation.indexOf(' ') + 1).split("/");
        String[] concrete = path.split("\\?")[0].split("/");
        if (!operation.startsWith(method + " ") || template.length != concrete.length) {
            return false;
        }
        for (int i = 0; i < template.length; i++) {
            if (!template[i].startsWith("{") && !template[i].equals(concrete[i])) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> minus(Set<String> from, Set<String> taken) {
        Set<String> left = new TreeSet<>(from);
        left.removeAll(taken);
        return left;
    }

    private static String excerpt(String text) {
        return text == null || text.length() <= 300 ? String.valueOf(text) : text.substring(0, 300) + "…";
    }
}
