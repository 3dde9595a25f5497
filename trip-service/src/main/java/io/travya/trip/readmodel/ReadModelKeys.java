package io.travya.trip.readmodel;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where the read models live in Redis. Every key of one build of the read models starts with
 * {@code <prefix>:rm:<generation>:}; {@code <prefix>:rm:current} names the generation served, so a
 * rebuild fills a fresh key space and the switch to it is one SET.
 *
 * <p>Each key of a generation carries a hash tag, so that Redis Cluster puts all of a trip's keys in
 * one hash slot ({@code {t:<trip>}}) and all of a user's in another ({@code {u:<user>}}): every
 * script call touches one slot. The keys of a trip's slot:
 *
 * <ul>
 *   <li>{@code trip:{t:<trip>}} hash: the last trip version applied, live (1, or 0 once deleted),
 *       owner, status, type, budget (cents), start, end, start_day (epoch day), title, destination,
 *       state (JSON for the overview)
 *   <li>{@code members:{t:<trip>}} set of accepted collaborators; {@code itin:{t:<trip>}} item → day;
 *       {@code itindays:{t:<trip>}} day → items
 *   <li>{@code tb:{t:<trip>}} hash: count, count:&lt;status&gt;, sum:&lt;status&gt;:&lt;CUR&gt; (cents);
 *       {@code booking:{t:<trip>}:<booking>} hash: the last booking version applied and its figures
 *   <li>{@code tc:{t:<trip>}} hash: conversations, messages; {@code conv:{t:<trip>}:<conversation>}
 *       hash: the last conversation version applied and its message count
 *   <li>{@code act:{t:<trip>}}: the latest occurred_at of any event about the trip (epoch microseconds)
 *   <li>{@code users:{t:<trip>}} hash: what the trip contributes to each user's statistics, with the
 *       sequence number of its last change (readmodel/contributions.lua); #seq the last number
 * </ul>
 *
 * The keys of a user's slot:
 *
 * <ul>
 *   <li>{@code stats:{u:<user>}} hash: total_trips, budget_cents, status:&lt;s&gt;, type:&lt;t&gt;,
 *       shared_with_me, bookings:count, bookings:sum:&lt;CUR&gt; (pending and confirmed, in cents)
 *   <li>{@code upcoming:{u:<user>}} sorted set: the user's planned trips by start date (epoch day);
 *       {@code upinfo:{u:<user>}} hash: trip → what the statistics show of it (JSON)
 *   <li>{@code contrib:{u:<user>}} hash: trip → the sequence number and the contribution last taken in
 * </ul>
 *
 * <p>A generation's name starts with the letter of the key layout it was built in ({@value #LAYOUT}):
 * one of an older layout is not read, and is rebuilt ({@link ReadModelGenerations}).
 */
@Component
public class ReadModelKeys {

    /** The key layout of the generations this code builds and reads: hash-tagged by trip and by user. */
    static final String LAYOUT = "s";

    private final String root;

    ReadModelKeys(@Value("${travya.redis.key-prefix}") String prefix) {
        this.root = prefix + ":rm:";
    }

    /** {@code <prefix>:rm:}, where the generations' names are kept. */
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

    /** A new generation's name, in this layout. */
    static String newGeneration() {
        return LAYOUT + System.currentTimeMillis();
    }

    /** Whether a generation was built in this key layout (an older one is not read). */
    static boolean inThisLayout(String generation) {
        return generation.startsWith(LAYOUT);
    }

    /** A key of a trip's hash slot, in the generation whose keys start with {@code prefix}. */
    static String ofTrip(String prefix, String kind, Object trip) {
        return prefix + kind + ":{t:" + trip + "}";
    }

    /** A key of a trip's hash slot for one of its parts (a booking, a conversation). */
    static String ofTrip(String prefix, String kind, Object trip, Object part) {
        return ofTrip(prefix, kind, trip) + ":" + part;
    }

    /** A key of a user's hash slot, in the generation whose keys start with {@code prefix}. */
    static String ofUser(String prefix, String kind, Object user) {
        return prefix + kind + ":{u:" + user + "}";
    }
}
