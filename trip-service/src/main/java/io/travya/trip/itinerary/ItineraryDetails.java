package io.travya.trip.itinerary;

import java.time.LocalTime;
import java.util.List;

record ItineraryDetails(
        int day,
        String title,
        String description,
        List<String> activities,
        LocalTime startTime,
        LocalTime endTime,
        String location) {}
