package io.travya.booking.booking;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(
        name = "Bookings",
        description = "What has been booked for a trip: whoever may see the trip reads its "
                + "bookings, the owner and editors record and change them")
class BookingController {

    private static final String ETAG = "The booking's version, quoted (`\"3\"`)";

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final int MAX_KEY_LENGTH = 255;

    private static final String CATCH =
            "The trip must be one the caller may see; a trip created a moment ago may not have reached this "
                    + "service yet, so the request waits for its events up to a few seconds before answering 404 "
                    + "(the replica's catch-up).";

    private final Bookings bookings;

    BookingController(Bookings bookings) {
        this.bookings = bookings;
    }

    @PostMapping
    @Operation(
            operationId = "createBooking",
            summary = "Record a booking for a trip",
            description = "The owner and editors of the trip may. `status` is confirmed unless said otherwise "
                    + "(pending is the other choice); `currency` is USD unless said otherwise. Send an "
                    + "Idempotency-Key to make retries safe: a retry with the same key and request answers the "
                    + "first booking again, with `Idempotent-Replayed: true`. " + CATCH)
    @ApiResponse(
            responseCode = "201",
            description = "Created; the same answer again for a repeated Idempotency-Key and request",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = BookingView.class)),
            headers = {
                @Header(name = "Location", description = "The booking's URL", schema = @Schema(type = "string")),
                @Header(
                        name = "Idempotent-Replayed",
                        description = "`true` when this is the answer to an earlier request with the same key",
                        schema = @Schema(type = "string", allowableValues = "true"))
            })
    @ApiResponse(
            responseCode = "400",
            description = "Malformed: unreadable JSON, an unknown field, a value of the wrong type, or an "
                    + "Idempotency-Key that is not 1 to 255 visible characters")
    @ApiResponse(responseCode = "403", description = "The caller is a viewer of the trip")
    @ApiResponse(responseCode = "404", description = "No trip the caller may see has this trip_id")
    @ApiResponse(
            responseCode = "422",
            description = "A rule is broken (`errors` names the fields), or the Idempotency-Key was already used "
                    + "with a different request")
    ResponseEntity<String> create(
            Caller caller,
            @Parameter(
                            description = "Chosen by the client, unique per booking it means to create: "
                                    + "a retry with the same key and request answers the first booking again; "
                                    + "the same key with another request is refused (422). Up to 255 visible ASCII"
                                    + " characters.",
                            example = "casa-do-castelo-4411",
                            schema =
                                    @Schema(
                                            type = "string",
                                            minLength = 1,
                                            maxLength = 255,
                                            pattern = "^[\\x20-\\x7E]+$"))
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
    @Operation(
            operationId = "listBookings",
            summary = "List a trip's bookings",
            description = "By travel date. `count` and `totals` cover every booking that matches, not only this "
                    + "page. " + CATCH)
    @ApiResponse(responseCode = "200", description = "One page of bookings", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "No trip the caller may see has this trip_id")
    BookingList list(
            Caller caller,
            @Parameter(
                            description = "The trip (required: bookings are listed per trip; 422 without it)",
                            required = true)
                    @RequestParam(name = "trip_id", required = false)
                    UUID tripId,
            @Parameter(description = "Only bookings of this type (exact)", example = "hotel")
                    @RequestParam(name = "booking_type", required = false)
                    String bookingType,
            @Parameter(description = "Only bookings in this status") @RequestParam(name = "status", required = false)
                    BookingStatus status,
            @Parameter(description = "Only bookings travelling on or after this day")
                    @RequestParam(name = "travel_date_from", required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    @CalendarDate
                    LocalDate travelDateFrom,
            @Parameter(description = "Only bookings travelling on or before this day (not before travel_date_from)")
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
    @Operation(operationId = "getBooking", summary = "Get a booking")
    @ApiResponse(
            responseCode = "200",
            description = "The booking",
            useReturnTypeSchema = true,
            headers = @Header(name = "ETag", description = ETAG, schema = @Schema(type = "string")))
    ResponseEntity<BookingView> get(Caller caller, @PathVariable UUID id) {
        return view(bookings.get(caller, id));
    }

    @PatchMapping("/{id}")
    @Operation(
            operationId = "updateBooking",
            summary = "Change a booking",
            description = "Send only what changes; no field may be null. A `status` follows the same moves as "
                    + "confirm, cancel and refund.")
    @ApiResponse(
            responseCode = "200",
            description = "The booking as changed",
            useReturnTypeSchema = true,
            headers = @Header(name = "ETag", description = ETAG, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "403", description = "The caller is a viewer of the trip")
    @ApiResponse(
            responseCode = "409",
            description = "The status cannot move as asked, or someone changed the booking at the same moment")
    ResponseEntity<BookingView> update(
            Caller caller, @PathVariable UUID id, @Valid @RequestBody BookingChanges changes) {
        return view(bookings.update(caller, id, changes));
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "deleteBooking", summary = "Delete a booking")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "403", description = "The caller is a viewer of the trip")
    ResponseEntity<Void> delete(Caller caller, @PathVariable UUID id) {
        bookings.delete(caller, id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/confirm")
    @Operation(operationId = "confirmBooking", summary = "Confirm a pending booking")
    @ApiResponse(
            responseCode = "200",
            description = "Confirmed",
            useReturnTypeSchema = true,
            headers = @Header(name = "ETag", description = ETAG, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "403", description = "The caller is a viewer of the trip")
    @ApiResponse(responseCode = "409", description = "The booking is not pending")
    ResponseEntity<BookingView> confirm(Caller caller, @PathVariable UUID id) {
        return view(bookings.changeStatus(caller, id, BookingStatus.CONFIRMED));
    }

    @PostMapping("/{id}/cancel")
    @Operation(operationId = "cancelBooking", summary = "Cancel a pending or confirmed booking")
    @ApiResponse(
            responseCode = "200",
            description = "Cancelled",
            useReturnTypeSchema = true,
            headers = @Header(name = "ETag", description = ETAG, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "403", description = "The caller is a viewer of the trip")
    @ApiResponse(responseCode = "409", description = "The booking is neither pending nor confirmed")
    ResponseEntity<BookingView> cancel(Caller caller, @PathVariable UUID id) {
        return view(bookings.changeStatus(caller, id, BookingStatus.CANCELLED));
    }

    @PostMapping("/{id}/refund")
    @Operation(operationId = "refundBooking", summary = "Mark a cancelled booking refunded")
    @ApiResponse(
            responseCode = "200",
            description = "Refunded",
            useReturnTypeSchema = true,
            headers = @Header(name = "ETag", description = ETAG, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "403", description = "The caller is a viewer of the trip")
    @ApiResponse(responseCode = "409", description = "The booking is not cancelled")
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
