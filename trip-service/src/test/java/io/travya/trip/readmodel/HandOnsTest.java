package io.travya.trip.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A poll's contributions, gathered into one hand-on call per user. */
class HandOnsTest {

    @Test
    void eachUserGetsOneCallWithEveryTripItsPollTouched() {
        HandOns handOns = new HandOns();
        handOns.add(0, "t1", settled("ann", "1", "[a]", "cy", "1", "[c]"));
        handOns.add(1, "t2", settled("ann", "4", "[b]"));

        List<HandOns.UserCall> calls = handOns.calls();

        assertThat(calls).extracting(HandOns.UserCall::user).containsExactly("ann", "cy");
        assertThat(calls.get(0).args()).containsExactly("t1", "1", "[a]", "t2", "4", "[b]");
        assertThat(calls.get(1).args()).containsExactly("t1", "1", "[c]");
    }

    @Test
    void ofATripsContributionsInOnePollOnlyTheNewestIsHandedOnRetriedFromTheFirstRecordThatReturnedOne() {
        HandOns handOns = new HandOns();
        handOns.add(2, "t1", settled("ann", "5", "[newer]"));
        handOns.add(3, "t1", settled("ann", "4", "[older, returned again by a redelivered event]"));
        handOns.add(7, "t1", settled("ann", "6", "[newest]"));

        List<HandOns.UserCall> calls = handOns.calls();

        assertThat(calls).singleElement().satisfies(call -> {
            assertThat(call.args()).containsExactly("t1", "6", "[newest]");
            assertThat(call.record()).isEqualTo(2);
        });
    }

    @Test
    void aUserCallIsRetriedFromTheFirstRecordThatReturnedAnyOfItsContributions() {
        HandOns handOns = new HandOns();
        handOns.add(4, "t1", settled("ann", "1", "[a]"));
        handOns.add(5, "t2", settled("bob", "1", "[b]"));
        handOns.add(6, "t3", settled("bob", "1", "[c]"));
        handOns.add(9, "t4", settled("ann", "1", "[d]"));

        assertThat(handOns.calls())
                .extracting(HandOns.UserCall::user, HandOns.UserCall::record)
                .containsExactly(tuple("ann", 4), tuple("bob", 5));
    }

    @Test
    void aUserWithManyTripsInOnePollGetsCallsOfAtMostTheLimitEach() {
        HandOns handOns = new HandOns();
        int trips = 2 * HandOns.MOST_PER_CALL + 10;
        for (int i = 0; i < trips; i++) {
            handOns.add(i, "t" + i, settled("ann", "1", "[x]"));
        }

        List<HandOns.UserCall> calls = handOns.calls();

        assertThat(calls)
                .extracting(call -> call.args().size() / 3)
                .containsExactly(HandOns.MOST_PER_CALL, HandOns.MOST_PER_CALL, 10);
        assertThat(calls)
                .extracting(HandOns.UserCall::record)
                .containsExactly(0, HandOns.MOST_PER_CALL, 2 * HandOns.MOST_PER_CALL);
    }

    @Test
    void anEventThatTouchesNoUserHandsNothingOn() {
        HandOns handOns = new HandOns();
        handOns.add(0, "t1", List.of(1L));

        assertThat(handOns.calls()).isEmpty();
    }

    /** A trip script's result: applied, then user, sequence, contribution for each user. */
    private static List<Object> settled(String... userSequenceContribution) {
        List<Object> settled = new ArrayList<>();
        settled.add(1L);
        settled.addAll(List.of(userSequenceContribution));
        return settled;
    }
}
