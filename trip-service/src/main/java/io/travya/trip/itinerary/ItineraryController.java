package io.travya.trip.itinerary;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.travya.platform.security.Caller;
import io.travya.platform.web.Page;
import io.travya.platform.web.PageQuery;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/trips/{tripId}/itineraries")
@Tag(
        name = "Itineraries",
        description =
                "A trip's plan, day by day: whoever may see the trip reads it, the owner " + "and editors change it")
class ItineraryController {

    private final Itineraries itineraries;

    ItineraryController(Itineraries itineraries) {
        this.itineraries = itineraries;
    }

    /** The itinerary by day and start time. */
    @GetMapping
    @Operation(
            operationId = "listItineraryItems",
            summary = "List a trip's itinerary",
            description = "By day, then " + "start time.")
    @ApiResponse(responseCode = "200", description = "One page of items", useReturnTypeSchema = true)
    Page<ItineraryItemView> list(Caller caller, @PathVariable UUID tripId, @Valid PageQuery page) {
        List<ItineraryItem> all = itineraries.list(caller, tripId);
        return new Page<>(
                all.stream()
                        .skip(page.offset())
                        .limit(page.size())
                        .map(ItineraryItemView::of)
                        .toList(),
                all.size());
    }

    @PostMapping
    @Operation(
            operationId = "addItineraryItem",
            summary = "Add an item to a trip's itinerary",
            description =
                    "`day` runs from 1 to the trip's length in days; `end_time`, if given, is after " + "`start_time`.")
    @ApiResponse(
            responseCode = "201",
            description = "Added",
            useReturnTypeSchema = true,
            headers = @Header(name = "Location", description = "The item's URL", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "403", description = "The caller is a viewer of the trip")
    ResponseEntity<ItineraryItemView> add(
            Caller caller, @PathVariable UUID tripId, @Valid @RequestBody NewItineraryItem request) {
        ItineraryItem item = itineraries.add(caller, tripId, request.details());
        return ResponseEntity.created(URI.create("/api/v1/trips/" + tripId + "/itineraries/" + item.getId()))
                .body(ItineraryItemView.of(item));
    }

    @GetMapping("/{itemId}")
    @Operation(operationId = "getItineraryItem", summary = "Get an itinerary item")
    @ApiResponse(responseCode = "200", description = "The item", useReturnTypeSchema = true)
    ItineraryItemView get(Caller caller, @PathVariable UUID tripId, @PathVariable UUID itemId) {
        return ItineraryItemView.of(itineraries.get(caller, tripId, itemId));
    }

    @PatchMapping("/{itemId}")
    @Operation(
            operationId = "updateItineraryItem",
            summary = "Change an itinerary item",
            description = "Send only what changes; null clears an optional field.")
    @ApiResponse(responseCode = "200", description = "The item as changed", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "403", description = "The caller is a viewer of the trip")
    ItineraryItemView update(
            Caller caller,
            @PathVariable UUID tripId,
            @PathVariable UUID itemId,
            @Valid @RequestBody ItineraryPatch patch) {
        return ItineraryItemView.of(itineraries.update(caller, tripId, itemId, patch));
    }

    @DeleteMapping("/{itemId}")
    @Operation(operationId = "removeItineraryItem", summary = "Remove an itinerary item")
    @ApiResponse(responseCode = "204", description = "Removed")
    @ApiResponse(responseCode = "403", description = "The caller is a viewer of the trip")
    ResponseEntity<Void> remove(Caller caller, @PathVariable UUID tripId, @PathVariable UUID itemId) {
        itineraries.remove(caller, tripId, itemId);
        return ResponseEntity.noContent().build();
    }
}
