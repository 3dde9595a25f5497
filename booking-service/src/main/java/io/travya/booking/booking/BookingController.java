package io.travya.booking.booking;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.travya.platform.security.Caller;
import io.travya.platform.validation.CalendarDate;
import io.travya.platform.web.ApiException;
import io.travya.platform.web.FieldIssue;
import io.travya.platform.web.PageQuery;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/bookings")
class BookingController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final int MAX_KEY_LENGTH = 255;

    private final Bookings bookings;

    BookingController(Bookings bookings) {
        this.bookings = bookings;
    }

    @PostMapping
    @ApiResponse(
            responseCode = "201",
            description = "Created; the same answer again for a repeated Idempotency-Key and request",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = BookingView.class)))
    ResponseEntity<String> create(
            Caller caller,
            @Parameter(
                            description = "Chosen by the client, unique per booking it means to create: "
                                    + "a retry with the same key and request answers the first booking again; "
                                    + "the same key with another request is refused (422). Up to 255 visible ASCII"
                                    + " characters.")
                    @RequestHeader(name = IDEMPOTENCY_KEY, required = false)
                    String idempotencyKey,
            @Valid @RequestBody NewBooking request) {
        Bookings.Created created = bookings.create(caller, checked(idempotencyKey), request);
        // the body is the stored answer itself, so a replay is byte for byte the first answer
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(created.status())
                .location(URI.create("/api/v1/bookings/" + created.bookingId()))
                .contentType(MediaType.APPLICATION_JSON);
        if (created.replayed()) {
            answer.header("Idempotent-Replayed", "true");
        }
        return answer.body(created.body());
    }

    @GetMapping
    BookingList list(
            Caller caller,
            @RequestParam(name = "trip_id", required = false) UUID tripId,
            @RequestParam(name = "booking_type", required = false) String bookingType,
            @RequestParam(name = "status", required = false) BookingStatus status,
            @RequestParam(name = "travel_date_from", required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    @CalendarDate
                    LocalDate travelDateFrom,
            @RequestParam(name = "travel_date_to", required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    @CalendarDate
                    LocalDate travelDateTo,
            @Valid PageQuery page) {
        if (tripId == null) {
            throw ApiException.invalid("trip_id", "is required: bookings are listed per trip");
        }
        if (travelDateFrom != null && travelDateTo != null && travelDateTo.isBefore(travelDateFrom)) {
            throw ApiException.invalid("travel_date_to", "must not be before travel_date_from");
        }
        return bookings.list(
                caller, new BookingFilter(tripId, bookingType, status, travelDateFrom, travelDateTo), page);
    }

    @GetMapping("/{id}")
    ResponseEntity<BookingView> get(Caller caller, @PathVariable UUID id) {
        return view(bookings.get(caller, id));
    }

    @PatchMapping("/{id}")
    ResponseEntity<BookingView> update(
            Caller caller, @PathVariable UUID id, @Valid @RequestBody BookingChanges changes) {
        return view(bookings.update(caller, id, changes));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable UUID id) {
        bookings.delete(caller, id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/confirm")
    ResponseEntity<BookingView> confirm(Caller caller, @PathVariable UUID id) {
        return view(bookings.changeStatus(caller, id, BookingStatus.CONFIRMED));
    }

    @PostMapping("/{id}/cancel")
    ResponseEntity<BookingView> cancel(Caller caller, @PathVariable UUID id) {
        return view(bookings.changeStatus(caller, id, BookingStatus.CANCELLED));
    }

    @PostMapping("/{id}/refund")
    ResponseEntity<BookingView> refund(Caller caller, @PathVariable UUID id) {
        return view(bookings.changeStatus(caller, id, BookingStatus.REFUNDED));
    }

    private static ResponseEntity<BookingView> view(Booking booking) {
        return ResponseEntity.ok().eTag(Long.toString(booking.getVersion())).body(BookingView.of(booking));
    }

    private static String checked(String key) {
        if (key == null) {
            return null;
        }
        // headers reach the service as ISO-8859-1: anything beyond ASCII would be stored garbled
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c >= ' ' && c <= '~')) {
            String reason = "must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters";
            throw new ApiException(
                    HttpStatus.BAD_REQUEST,
                    IDEMPOTENCY_KEY + " " + reason,
                    List.of(new FieldIssue(IDEMPOTENCY_KEY, reason)));
        }
        return key;
    }
}
