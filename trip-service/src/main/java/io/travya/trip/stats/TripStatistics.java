package io.travya.trip.stats;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** GET /api/v1/trips/stats: the seed's get_trip_statistics, materialised. */
record TripStatistics(
        long totalTrips, BigDecimal totalBudget, Map<String, Long> tripsByStatus, Map<String, Long> tripsByType) {

    static final String[] STATUSES = {"planned", "in_progress", "completed", "cancelled"};
    static final String[] TYPES = {"leisure", "business", "adventure", "family", "solo"};

    static TripStatistics of(Map<Object, Object> hash) {
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (String status : STATUSES) {
            byStatus.put(status, number(hash.get("status:" + status)));
        }
        Map<String, Long> byType = new LinkedHashMap<>();
        for (String type : TYPES) {
            byType.put(type, number(hash.get("type:" + type)));
        }
        return new TripStatistics(
                number(hash.get("total_trips")),
                BigDecimal.valueOf(number(hash.get("budget_cents")), 2),
                byStatus,
                byType);
    }

    private static long number(Object value) {
        return value == null ? 0 : Long.parseLong(value.toString());
    }
}
