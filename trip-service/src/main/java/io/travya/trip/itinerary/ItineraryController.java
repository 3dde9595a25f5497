package io.travya.trip.itinerary;

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
class ItineraryController {

    private final Itineraries itineraries;

    ItineraryController(Itineraries itineraries) {
        this.itineraries = itineraries;
    }

    /** The itinerary by day and start time. */
    @GetMapping
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
    ResponseEntity<ItineraryItemView> add(
            Caller caller, @PathVariable UUID tripId, @Valid @RequestBody NewItineraryItem request) {
        ItineraryItem item = itineraries.add(caller, tripId, request.details());
        return ResponseEntity.created(URI.create("/api/v1/trips/" + tripId + "/itineraries/" + item.getId()))
                .body(ItineraryItemView.of(item));
    }

    @GetMapping("/{itemId}")
    ItineraryItemView get(Caller caller, @PathVariable UUID tripId, @PathVariable UUID itemId) {
        return ItineraryItemView.of(itineraries.get(caller, tripId, itemId));
    }

    @PatchMapping("/{itemId}")
    ItineraryItemView update(
            Caller caller,
            @PathVariable UUID tripId,
            @PathVariable UUID itemId,
            @Valid @RequestBody ItineraryPatch patch) {
        return ItineraryItemView.of(itineraries.update(caller, tripId, itemId, patch));
    }

    @DeleteMapping("/{itemId}")
    ResponseEntity<Void> remove(Caller caller, @PathVariable UUID tripId, @PathVariable UUID itemId) {
        itineraries.remove(caller, tripId, itemId);
        return ResponseEntity.noContent().build();
    }
}
