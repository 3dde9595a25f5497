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

@TravyaIntegrationTest
class TripSearchTest {

    @LocalServerPort
    int port;

    HttpApi api;
    Fixtures fixtures;

    @BeforeEach
    void setUp() {
        api = new HttpApi(port);
        fixtures = new Fixtures(api);
    }

    @Test
    void findsTripsByPartOfTheDestinationIgnoringCase() {
        Account owner = fixtures.user();
        UUID lisbon = fixtures.trip(owner, Fixtures.trip("Lisbon, Portugal", "2027-05-01", "2027-05-08", 100));
        fixtures.trip(owner, Fixtures.trip("Kyoto, Japan", "2027-06-01", "2027-06-08", 100));
        UUID porto = fixtures.trip(owner, Fixtures.trip("Porto, PORTUGAL", "2027-07-01", "2027-07-08", 100));

        assertThat(ids(search(owner, "?destination=portugal"))).containsExactly(porto, lisbon);
        assertThat(ids(search(owner, "?destination=SBO"))).containsExactly(lisbon);
    }

    @Test
    void treatsPercentAndUnderscoreInTheDestinationAsPlainCharacters() {
        Account owner = fixtures.user();
        fixtures.trip(owner, Fixtures.trip("Lisbon", "2027-05-01", "2027-05-08", 100));
        UUID odd = fixtures.trip(owner, Fixtures.trip("100% Lisbon_Tour", "2027-05-01", "2027-05-08", 100));

        assertThat(ids(search(owner, "?destination=%25"))).containsExactly(odd);
        assertThat(ids(search(owner, "?destination=n_T"))).containsExactly(odd);
    }

    @Test
    void filtersByStartOnOrAfterEndOnOrBeforeStatusAndType() {
        Account owner = fixtures.user();
        UUID may = fixtures.trip(owner, Fixtures.trip("A", "2027-05-01", "2027-05-08", 100));
        UUID june = fixtures.trip(owner, Fixtures.trip("B", "2027-06-01", "2027-06-08", 100));
        Map<String, Object> business = Fixtures.trip("C", "2027-07-01", "2027-07-08", 100);
        business.put("trip_type", "business");
        UUID july = fixtures.trip(owner, business);
        api.patch("/api/v1/trips/" + june, Map.of("status", "cancelled"), owner.token());

        assertThat(ids(search(owner, "?start_date=2027-06-01"))).containsExactly(july, june);
        assertThat(ids(search(owner, "?end_date=2027-06-08"))).containsExactly(june, may);
        assertThat(ids(search(owner, "?start_date=2027-05-02&end_date=2027-06-30")))
                .containsExactly(june);
        assertThat(ids(search(owner, "?status=cancelled"))).containsExactly(june);
        assertThat(ids(search(owner, "?trip_type=business"))).containsExactly(july);
    }

    @Test
    void pagesNewestFirstWithTheTotalCount() {
        Account owner = fixtures.user();
        List<UUID> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(fixtures.trip(owner));
        }

        JsonNode first = search(owner, "?limit=2");
        JsonNode second = search(owner, "?skip=2&limit=2");
        JsonNode beyond = search(owner, "?skip=10");

        assertThat(first.get("count").asLong()).isEqualTo(5);
        assertThat(ids(first)).containsExactly(created.get(4), created.get(3));
        assertThat(ids(second)).containsExactly(created.get(2), created.get(1));
        assertThat(ids(beyond)).isEmpty();
        assertThat(beyond.get("count").asLong()).isEqualTo(5);
    }

    @Test
    void listsTheTripsSharedWithTheCallerOnlyOnceTheyAccepted() {
        Account owner = fixtures.user();
        Account friend = fixtures.user();
        Account invitee = fixtures.user();
        UUID shared = fixtures.trip(owner);
        fixtures.share(owner, shared, friend, "viewer");
        fixtures.invite(owner, shared, invitee, "editor");
        UUID own = fixtures.trip(friend);

        assertThat(ids(search(friend, ""))).containsExactly(own, shared);
        assertThat(ids(search(invitee, ""))).isEmpty();
    }

    @Test
    void refusesAPageSizeAboveOneHundredAndAnUnknownStatus() {
        Account owner = fixtures.user();

        HttpApi.Response tooMany = api.get("/api/v1/trips?limit=101", owner.token());
        HttpApi.Response unknown = api.get("/api/v1/trips?status=someday", owner.token());
        HttpApi.Response badDate = api.get("/api/v1/trips?start_date=tomorrow", owner.token());

        assertThat(tooMany.status()).isEqualTo(422);
        assertThat(tooMany.json().get("errors").get(0).get("field").asString()).isEqualTo("limit");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").get(0).get("field").asString()).isEqualTo("status");
        assertThat(unknown.json().get("errors").get(0).get("reason").asString()).contains("in_progress");
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.json().get("errors").get(0).get("field").asString()).isEqualTo("start_date");
    }

    private JsonNode search(Account who, String query) {
        HttpApi.Response response = api.get("/api/v1/trips" + query, who.token());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static List<UUID> ids(JsonNode page) {
        List<UUID> ids = new ArrayList<>();
        page.get("data").forEach(trip -> ids.add(UUID.fromString(trip.get("id").asString())));
        return ids;
    }
}
