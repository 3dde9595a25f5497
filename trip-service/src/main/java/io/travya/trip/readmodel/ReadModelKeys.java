package io.travya.trip.readmodel;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where the read models live in Redis. Every key of one build of the read models starts with
 * {@code <prefix>:rm:<generation>:}; {@code <prefix>:rm:current} names the generation served, so a
 * rebuild fills a fresh key space and the switch to it is one SET. The keys of a generation:
 *
 * <ul>
 *   <li>{@code stats:<user>} hash: total_trips, budget_cents, status:&lt;s&gt;, type:&lt;t&gt;,
 *       shared_with_me, bookings:count, bookings:sum:&lt;CUR&gt; (pending and confirmed, in cents)
 *   <li>{@code upcoming:<user>} sorted set: the user's planned trips by start date (epoch day)
 *   <li>{@code trip:<trip>} hash: the last trip version applied, live (1, or 0 once deleted), owner,
 *       status, type, budget (cents), start, end, title, destination, state (JSON for the overview)
 *   <li>{@code members:<trip>} set of accepted collaborators; {@code itin:<trip>} item → day;
 *       {@code itindays:<trip>} day → items
 *   <li>{@code tb:<trip>} hash: count, count:&lt;status&gt;, sum:&lt;status&gt;:&lt;CUR&gt; (cents);
 *       {@code booking:<booking>} hash: the last booking version applied and its figures
 *   <li>{@code tc:<trip>} hash: conversations, messages; {@code conv:<conversation>} hash: the last
 *       conversation version applied and its message count
 *   <li>{@code act:<trip>}: the latest occurred_at of any event about the trip (epoch microseconds)
 * </ul>
 */
@Component
public class ReadModelKeys {

    private final String root;

    ReadModelKeys(@Value("${travya.redis.key-prefix}") String prefix) {
        this.root = prefix + ":rm:";
    }

    /** {@code <prefix>:rm:}, what the read scripts are given. */
    public String root() {
        return root;
    }

    public String current() {
        return root + "current";
    }

    public String ready(String generation) {
        return root + "ready:" + generation;
    }

    public String rebuildRequest() {
        return root + "rebuild";
    }

    /** The prefix of every key of a generation. */
    public String of(String generation) {
        return root + generation + ":";
    }
}
