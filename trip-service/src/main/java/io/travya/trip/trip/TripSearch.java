package io.travya.trip.trip;

import io.travya.platform.security.Caller;
import io.travya.platform.web.Page;
import io.travya.platform.web.PageQuery;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The seed's search_trips, for the trips a user owns or collaborates on (accepted): destination as a
 * case-insensitive substring (served by the trigram index), start on or after, end on or before,
 * status and type; newest first, with the total count.
 */
@Component
class TripSearch {

    record Criteria(String destination, LocalDate startDate, LocalDate endDate, TripStatus status, TripType tripType) {}

    private final JdbcClient jdbc;

    TripSearch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    Page<TripView> search(Caller caller, Criteria criteria, PageQuery page) {
        StringBuilder where = new StringBuilder("""
                t.id IN (SELECT id FROM trips WHERE user_id = :me
                         UNION ALL
                         SELECT trip_id FROM trip_collaborators WHERE user_id = :me AND status = 'accepted')
                """);
        List<Object[]> params = new ArrayList<>();
        params.add(new Object[] {"me", caller.id()});
        if (criteria.destination() != null && !criteria.destination().isBlank()) {
            where.append(" AND t.destination ILIKE :destination ESCAPE '\\'");
            params.add(new Object[] {
                "destination", "%" + escapeLike(criteria.destination().trim()) + "%"
            });
        }
        if (criteria.startDate() != null) {
            where.append(" AND t.start_date >= :start");
            params.add(new Object[] {"start", criteria.startDate()});
        }
        if (criteria.endDate() != null) {
            where.append(" AND t.end_date <= :end");
            params.add(new Object[] {"end", criteria.endDate()});
        }
        if (criteria.status() != null) {
            where.append(" AND t.status = :status");
            params.add(new Object[] {"status", criteria.status().value()});
        }
        if (criteria.tripType() != null) {
            where.append(" AND t.trip_type = :type");
            params.add(new Object[] {"type", criteria.tripType().value()});
        }
        var count = jdbc.sql("SELECT count(*) FROM trips t WHERE " + where);
        var rows = jdbc.sql(
                "SELECT t.id, t.title, t.destination, t.start_date, t.end_date, t.budget, t.description, t.status, "
                        + "t.trip_type, t.user_id, t.created_at, t.updated_at, t.version FROM trips t WHERE " + where
                        + " ORDER BY t.created_at DESC, t.id DESC OFFSET :skip LIMIT :limit");
        for (Object[] param : params) {
            count = count.param((String) param[0], param[1]);
            rows = rows.param((String) param[0], param[1]);
        }
        long total = count.query(Long.class).single();
        List<TripView> data = rows.param("skip", page.offset())
                .param("limit", page.size())
                .query((rs, n) -> new TripView(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getObject(4, LocalDate.class),
                        rs.getObject(5, LocalDate.class),
                        rs.getBigDecimal(6),
                        rs.getString(7),
                        TripStatus.of(rs.getString(8)),
                        TripType.of(rs.getString(9)),
                        rs.getObject(10, UUID.class),
                        rs.getTimestamp(11).toLocalDateTime().toInstant(ZoneOffset.UTC),
                        rs.getTimestamp(12).toLocalDateTime().toInstant(ZoneOffset.UTC),
                        rs.getLong(13)))
                .list();
        return new Page<>(data, total);
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
