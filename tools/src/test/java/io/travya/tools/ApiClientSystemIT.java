package io.travya.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import io.travya.client.booking.api.BookingsApi;
import io.travya.client.booking.model.BookingList;
import io.travya.client.booking.model.BookingView;
import io.travya.client.booking.model.NewBooking;
import io.travya.client.conversation.api.ConversationsApi;
import io.travya.client.conversation.api.MessagesApi;
import io.travya.client.conversation.model.ConversationView;
import io.travya.client.conversation.model.MessageView;
import io.travya.client.conversation.model.NewConversation;
import io.travya.client.conversation.model.NewMessage;
import io.travya.client.trip.api.AuthApi;
import io.travya.client.trip.api.CollaboratorsApi;
import io.travya.client.trip.api.ReadModelsApi;
import io.travya.client.trip.api.TripsApi;
import io.travya.client.trip.api.UsersApi;
import io.travya.client.trip.model.CollaboratorView;
import io.travya.client.trip.model.Credentials;
import io.travya.client.trip.model.Invitation;
import io.travya.client.trip.model.InvitationView;
import io.travya.client.trip.model.NewTrip;
import io.travya.client.trip.model.Registration;
import io.travya.client.trip.model.TripOverview;
import io.travya.client.trip.model.TripStatistics;
import io.travya.client.trip.model.TripView;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's walk-through, driven by the Java clients generated at build time from the three
 * checked-in OpenAPI documents, against the three packaged services: what a team that builds on
 * Travya's documents gets must work as written. The clients refuse fields the documents do not
 * describe, so an undocumented field fails this test too.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@ExtendWith(SharedStack.class)
class ApiClientSystemIT {

    private static final String PASSWORD = "correct horse battery";

    private static ServiceStack stack;

    @BeforeAll
    static void start(ServiceStack shared) {
        stack = shared;
    }

    @Test
    void theReadmeWalkThroughWorksWithClientsGeneratedFromTheDocuments() throws Exception {
        String ada = "ada" + UUID.randomUUID().toString().substring(0, 8);
        String grace = "grace" + UUID.randomUUID().toString().substring(0, 8);

        // register, then log in with the username or the email
        AuthApi auth = new AuthApi(trip(null));
        auth.register(new Registration()
                .email(ada + "@example.com")
                .username(ada)
                .password(PASSWORD)
                .fullName("Ada"));
        String adaToken =
                auth.login(new Credentials().username(ada).password(PASSWORD)).getAccessToken();
        auth.register(
                new Registration().email(grace + "@example.com").username(grace).password("another long secret"));
        String graceToken = auth.login(
                        new Credentials().username(grace + "@example.com").password("another long secret"))
                .getAccessToken();

        // create a trip
        TripView trip = new TripsApi(trip(adaToken))
                .createTrip(new NewTrip()
                        .title("Lisbon in spring")
                        .destination("Lisbon, Portugal")
                        .startDate(LocalDate.parse("2027-04-10"))
                        .endDate(LocalDate.parse("2027-04-17"))
                        .budget(new BigDecimal("1800.00"))
                        .tripType(NewTrip.TripTypeEnum.LEISURE));
        assertThat(trip.getStatus()).isEqualTo(TripView.StatusEnum.PLANNED);
        assertThat(trip.getBudget()).isEqualByComparingTo("1800.00");

        // invite grace as an editor; she accepts with her own token
        CollaboratorView invited = new CollaboratorsApi(trip(adaToken))
                .inviteCollaborator(
                        trip.getId(), new Invitation().username(grace).role(Invitation.RoleEnum.EDITOR));
        List<InvitationView> invitations =
                new CollaboratorsApi(trip(graceToken)).listMyInvitations().getData();
        assertThat(invitations).extracting(InvitationView::getId).containsExactly(invited.getId());
        CollaboratorView accepted =
                new CollaboratorsApi(trip(graceToken)).acceptInvitation(trip.getId(), invited.getId());
        assertThat(accepted.getStatus()).isEqualTo(CollaboratorView.StatusEnum.ACCEPTED);
        // the version the trip has now, which booking- and conversation-service are asked to have seen
        // (Travya-Trip-Version), as a client that has just changed the trip sends it
        String seen = String.valueOf(
                new TripsApi(trip(graceToken)).getTrip(trip.getId()).getVersion());

        // a booking for the trip, made by the editor
        BookingsApi graceBookings = new BookingsApi(booking(graceToken));
        BookingView booked = graceBookings.createBooking(
                new NewBooking()
                        .tripId(trip.getId())
                        .bookingType("hotel")
                        .provider("Casa do Castelo")
                        .confirmationNumber("CDC-4411")
                        .amount(new BigDecimal("640.00"))
                        .currency("EUR")
                        .bookingDate(LocalDate.parse("2027-01-05"))
                        .travelDate(LocalDate.parse("2027-04-10")),
                "casa-do-castelo-" + UUID.randomUUID(),
                seen);
        BookingList bookings =
                new BookingsApi(booking(adaToken)).listBookings(trip.getId(), null, null, null, null, null, null, seen);
        assertThat(bookings.getData()).extracting(BookingView::getId).containsExactly(booked.getId());
        assertThat(bookings.getTotals()).containsEntry("EUR", new BigDecimal("640.00"));

        // ask the assistant about the trip: the reply arrives asynchronously
        ConversationView conversation = new ConversationsApi(conversation(adaToken))
                .startConversation(new NewConversation().tripId(trip.getId()).title("Planning"), seen);
        MessagesApi messages = new MessagesApi(conversation(adaToken));
        MessageView question = messages.postMessage(
                conversation.getId(), new NewMessage().content("How much of the budget is left?"), seen);
        MessageView reply = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> messages.listMessages(conversation.getId(), null, null, seen).getData().stream()
                                .filter(m -> question.getId().equals(m.getReplyTo()))
                                .findFirst()
                                .orElse(null),
                        found -> found != null);
        assertThat(reply.getSenderType()).isEqualTo(MessageView.SenderTypeEnum.ASSISTANT);
        assertThat(reply.getContent()).isNotBlank();

        // the statistics and the overview, from the read models
        ReadModelsApi readModels = new ReadModelsApi(trip(adaToken));
        TripStatistics statistics = await().atMost(Duration.ofSeconds(60))
                .until(readModels::getMyTripStatistics, s -> s.getTotalTrips() == 1 && s.getBookingsCount() == 1);
        assertThat(statistics.getTotalBudget()).isEqualByComparingTo("1800.00");
        assertThat(statistics.getBookingsTotal()).containsEntry("EUR", new BigDecimal("640.00"));
        TripOverview overview = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> readModels.getTripOverview(trip.getId(), seen),
                        o -> o.getConversations().getMessages() >= 2);
        assertThat(overview.getTrip().getId()).isEqualTo(trip.getId());
        assertThat(overview.getCollaborators()).hasSize(1);
        assertThat(new UsersApi(trip(graceToken)).getMe().getUsername()).isEqualTo(grace);
    }

    private static io.travya.client.trip.ApiClient trip(String token) {
        io.travya.client.trip.ApiClient client = new io.travya.client.trip.ApiClient();
        client.updateBaseUri(base("trip-service"));
        strict(client.getObjectMapper());
        if (token != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        }
        return client;
    }

    private static io.travya.client.booking.ApiClient booking(String token) {
        io.travya.client.booking.ApiClient client = new io.travya.client.booking.ApiClient();
        client.updateBaseUri(base("booking-service"));
        strict(client.getObjectMapper());
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        return client;
    }

    private static io.travya.client.conversation.ApiClient conversation(String token) {
        io.travya.client.conversation.ApiClient client = new io.travya.client.conversation.ApiClient();
        client.updateBaseUri(base("conversation-service"));
        strict(client.getObjectMapper());
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        return client;
    }

    /** A field the document does not describe is an error, not something to ignore. */
    private static void strict(com.fasterxml.jackson.databind.ObjectMapper mapper) {
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    }

    private static String base(String service) {
        return "http://127.0.0.1:" + stack.ports.get(service);
    }
}
