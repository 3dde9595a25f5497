package io.travya.booking.booking;

import io.travya.platform.web.PageQuery;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Lists a trip's bookings by travel date, with the count and the amount per currency of all that
 * match. Only the filters given become conditions, so every query starts from idx_bookings_trip_id.
 */
@Component
class BookingSearch {

    private final EntityManager entities;

    BookingSearch(EntityManager entities) {
        this.entities = entities;
    }

    BookingList find(BookingFilter filter, PageQuery page) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        StringBuilder where = new StringBuilder(" where b.tripId = :tripId");
        parameters.put("tripId", filter.tripId());
        if (filter.bookingType() != null) {
            where.append(" and b.bookingType = :bookingType");
            parameters.put("bookingType", filter.bookingType());
        }
        if (filter.status() != null) {
            where.append(" and b.status = :status");
            parameters.put("status", filter.status());
        }
        if (filter.travelDateFrom() != null) {
            where.append(" and b.travelDate >= :from");
            parameters.put("from", filter.travelDateFrom());
        }
        if (filter.travelDateTo() != null) {
            where.append(" and b.travelDate <= :to");
            parameters.put("to", filter.travelDateTo());
        }

        TypedQuery<Object[]> sums = entities.createQuery(
                "select b.currency, count(b), sum(b.amount) from Booking b" + where + " group by b.currency",
                Object[].class);
        parameters.forEach(sums::setParameter);
        long count = 0;
        SortedMap<String, BigDecimal> totals = new TreeMap<>();
        for (Object[] row : sums.getResultList()) {
            count += (Long) row[1];
            totals.put((String) row[0], (BigDecimal) row[2]);
        }
        if (count == 0) {
            return new BookingList(List.of(), 0, totals);
        }

        TypedQuery<Booking> bookings = entities.createQuery(
                "select b from Booking b" + where + " order by b.travelDate, b.createdAt, b.id", Booking.class);
        parameters.forEach(bookings::setParameter);
        bookings.setFirstResult(page.offset());
        bookings.setMaxResults(page.size());
        return new BookingList(
                bookings.getResultList().stream().map(BookingView::of).toList(), count, totals);
    }
}
