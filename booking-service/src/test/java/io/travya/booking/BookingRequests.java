package io.travya.booking;

import static org.assertj.core.api.Assertions.assertThat;

import io.travya.platform.test.HttpApi;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Requests to booking-service's API, as a client would send them. */
public final class BookingRequests {

    public static final String BOOKINGS = "/api/v1/bookings";

    private final HttpApi api;

    public BookingRequests(HttpApi api) {
        this.api = api;
    }

    /** A valid POST body: a hotel in Lisbon, confirmed unless the body says otherwise. */
    public static Map<String, Object> booking(UUID tripId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("trip_id", tripId.toString());
        body.put("booking_type", "hotel");
        body.put("provider", "Hotel Avenida Palace");
        body.put("confirmation_number", "HAP-" + UUID.randomUUID().toString().substring(0, 8));
        body.put("amount", new java.math.BigDecimal("640.50"));
        body.put("currency", "EUR");
        body.put("booking_date", "2027-03-01");
        body.put("travel_date", "2027-05-01");
        return body;
    }

    public static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> changed = new LinkedHashMap<>(body);
        changed.put(field, value);
        return changed;
    }

    public static Map<String, Object> without(Map<String, Object> body, String field) {
        Map<String, Object> changed = new LinkedHashMap<>(body);
        changed.remove(field);
        return changed;
    }

    public HttpApi.Response post(Object body, String token) {
        return api.post(BOOKINGS, body, token);
    }

    public HttpApi.Response post(Object body, String token, String idempotencyKey) {
        return api.send("POST", BOOKINGS, body, token, Map.of("Idempotency-Key", idempotencyKey));
    }

    /** Creates a booking that must succeed, and returns it as the API shows it. */
    public JsonNode create(Map<String, Object> body, String token) {
        HttpApi.Response created = post(body, token);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    public HttpApi.Response get(UUID id, String token) {
        return api.get(BOOKINGS + "/" + id, token);
    }

    public HttpApi.Response list(String query, String token) {
        return api.get(BOOKINGS + "?" + query, token);
    }

    public HttpApi.Response patch(UUID id, Object body, String token) {
        return api.patch(BOOKINGS + "/" + id, body, token);
    }

    public HttpApi.Response delete(UUID id, String token) {
        return api.delete(BOOKINGS + "/" + id, token);
    }

    /** confirm, cancel or refund. */
    public HttpApi.Response action(UUID id, String action, String token) {
        return api.post(BOOKINGS + "/" + id + "/" + action, null, token);
    }

    public static UUID id(JsonNode booking) {
        return UUID.fromString(booking.get("id").asString());
    }
}
