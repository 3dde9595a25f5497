package io.travya.trip.readmodel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contributions a poll's trip and booking events returned (step 1 of ARCHITECTURE.md, "Read
 * models that shard"), gathered into one script call per user (step 2): each user's call carries the
 * latest contribution of every trip the poll touched for that user, so a poll of 500 events of 100
 * owners makes 100 hand-on calls, not 500. Redis runs one call at a time, and each call costs far
 * more than the work of one contribution in it.
 *
 * <p>Exact as the calls one by one were: the user's script judges each trip's contribution by that
 * trip's own sequence number, as if it came alone; of a trip's contributions in one poll only the
 * one with the highest number is sent, as the script would skip the others (it takes only a newer
 * number); and a user's call holds at most {@value #MOST_PER_CALL} trips, so that no call keeps Redis
 * busy for long.
 */
final class HandOns {

    static final int MOST_PER_CALL = 256;

    /** A trip's contribution to a user, and the first record of the poll that returned one. */
    private record Contribution(int record, long sequence, String value) {}

    // user → trip → contribution, in the order the poll met them
    private final Map<String, Map<String, Contribution>> byUser = new LinkedHashMap<>();

    /**
     * Takes in what the event of the poll's record {@code record}, about {@code trip}, returned: its
     * script's list (applied, then user, sequence, contribution for each user the trip touches).
     */
    void add(int record, String trip, List<?> settled) {
        for (int j = 1; j + 2 < settled.size(); j += 3) {
            String user = (String) settled.get(j);
            long sequence = Long.parseLong((String) settled.get(j + 1));
            String value = (String) settled.get(j + 2);
            Map<String, Contribution> trips = byUser.computeIfAbsent(user, u -> new LinkedHashMap<>());
            Contribution earlier = trips.get(trip);
            if (earlier == null) {
                trips.put(trip, new Contribution(record, sequence, value));
            } else if (earlier.sequence() < sequence) {
                // a failed hand-on is retried from the first record that returned the trip's contribution
                trips.put(trip, new Contribution(earlier.record(), sequence, value));
            }
        }
    }

    /**
     * One user's hand-on call: {@code args} are trip, sequence, contribution for each of its trips;
     * {@code record} is the first record of the poll that returned one of them (the one to retry if
     * the call fails).
     */
    record UserCall(String user, int record, List<String> args) {

        ScriptPipeline.Call call(String prefix) {
            // a user's hand-ons always go through the same connection, whichever consumer makes them
            return new ScriptPipeline.Call(
                    ReadModelFunctions.LIBRARY_OF_THIS_VERSION.contributions,
                    user.hashCode(),
                    new String[] {
                        ReadModelKeys.ofUser(prefix, "stats", user),
                        ReadModelKeys.ofUser(prefix, "upcoming", user),
                        ReadModelKeys.ofUser(prefix, "upinfo", user),
                        ReadModelKeys.ofUser(prefix, "contrib", user)
                    },
                    args.toArray(String[]::new));
        }
    }

    /** The calls to make, user by user in the order the poll met them. */
    List<UserCall> calls() {
        List<UserCall> calls = new ArrayList<>();
        byUser.forEach((user, trips) -> {
            List<String> args = new ArrayList<>();
            int first = Integer.MAX_VALUE;
            for (Map.Entry<String, Contribution> trip : trips.entrySet()) {
                Contribution contribution = trip.getValue();
                args.add(trip.getKey());
                args.add(Long.toString(contribution.sequence()));
                args.add(contribution.value());
                first = Math.min(first, contribution.record());
                if (args.size() == 3 * MOST_PER_CALL) {
                    calls.add(new UserCall(user, first, args));
                    args = new ArrayList<>();
                    first = Integer.MAX_VALUE;
                }
            }
            if (!args.isEmpty()) {
                calls.add(new UserCall(user, first, args));
            }
        });
        return calls;
    }
}
