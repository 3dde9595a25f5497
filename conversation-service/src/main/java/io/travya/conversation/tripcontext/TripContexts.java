package io.travya.conversation.tripcontext;

import io.travya.conversation.tripcontext.TripContext.ItineraryEntry;
import io.travya.conversation.tripcontext.TripContext.TripBooking;
import java.sql.Array;
import java.sql.SQLException;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads the trip context that the trip and booking events keep. */
@Service
public class TripContexts {

    private final JdbcClient jdbc;

    TripContexts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The trip as far as its events have arrived; empty if none has, or the trip was deleted. */
    @Transactional(readOnly = true)
    public Optional<TripContext> find(UUID tripId) {
        List<ItineraryEntry> itinerary = jdbc.sql("""
                        SELECT day, title, description, activities, start_time, end_time, location
                        FROM trip_itinerary_item WHERE trip_id = ?
                        ORDER BY day, start_time NULLS LAST, title, id
                        """)
                .param(tripId)
                .query((rs, n) -> new ItineraryEntry(
                        rs.getInt(1),
                        rs.getString(2),
                        rs.getString(3),
                        strings(rs.getArray(4)),
                        rs.getObject(5, LocalTime.class),
                        rs.getObject(6, LocalTime.class),
                        rs.getString(7)))
                .list();
        List<TripBooking> bookings = jdbc.sql("""
                        SELECT booking_type, provider, amount, currency, travel_date, status
                        FROM trip_booking WHERE trip_id = ? AND NOT deleted
                        ORDER BY travel_date, booking_type, id
                        """)
                .param(tripId)
                .query((rs, n) -> new TripBooking(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getBigDecimal(3),
                        rs.getString(4),
                        rs.getObject(5, java.time.LocalDate.class),
                        rs.getString(6)))
                .list();
        return jdbc.sql("""
                        SELECT title, destination, start_date, end_date, budget, description, status, trip_type
                        FROM trip_context WHERE trip_id = ?
                        """)
                .param(tripId)
                .query((rs, n) -> new TripContext(
                        tripId,
                        rs.getString(1),
                        rs.getString(2),
                        rs.getObject(3, java.time.LocalDate.class),
                        rs.getObject(4, java.time.LocalDate.class),
                        rs.getBigDecimal(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        itinerary,
                        bookings))
                .optional();
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }
}
