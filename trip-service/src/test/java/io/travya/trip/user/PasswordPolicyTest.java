package io.travya.trip.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    static final PasswordPolicy policy = new PasswordPolicy();

    @Test
    void refusesTheCommonPasswordsWhateverTheirCase() {
        for (String common : List.of("password", "12345678", "PassWord", "iloveyou", "trustno1", "qwertyuiop")) {
            assertThat(policy.problems(common, "ada"))
                    .as(common)
                    .anySatisfy(reason -> assertThat(reason).startsWith("is one of the most common passwords"));
        }
    }

    @Test
    void refusesACommonPasswordWrittenBackwards() {
        assertThat(policy.problems("enihsnus", "ada"))
                .containsExactly(
                        "is a common password written backwards, which attackers try too: choose another, for example"
                                + " three or four words that do not usually go together");
    }

    @Test
    void refusesOneCharacterOrAShortPatternRepeated() {
        for (String repeated : List.of("        ", "aaaaaaaa", "abababab", "xyz!xyz!xyz!", "\uD83D\uDE00".repeat(8))) {
            assertThat(policy.problems(repeated, "ada"))
                    .as(repeated)
                    .anySatisfy(
                            reason -> assertThat(reason).startsWith("is one character or a short pattern repeated"));
        }
    }

    @Test
    void refusesRunsOfFiveConsecutiveLettersDigitsOrKeys() {
        for (String run : List.of("my abcde secret words", "lucky 98765 number", "my asdfg keyboard")) {
            assertThat(policy.problems(run, "ada"))
                    .as(run)
                    .containsExactly("contains five or more consecutive letters, digits or neighbouring keys (like"
                            + " abcde, 12345 or qwert): leave them out or break them up");
        }
    }

    @Test
    void judgesPasswordsOutsideTheBasicMultilingualPlaneAndLoneSurrogatesWithoutFailing() {
        assertThat(policy.problems("\uD83C\uDF0D\u2708\uFE0F\uD83C\uDFD6\uFE0F\uD83C\uDF77\uD83C\uDF92", "ada"))
                .isEmpty();
        assertThat(policy.problems("abc\uD800 horse battery", "ada")).isEmpty();
        assertThat(policy.problems("\uDC00\uDC00\uDC00\uDC00\uDC00\uDC00\uDC00\uDC00", "ada"))
                .anySatisfy(reason -> assertThat(reason).startsWith("is one character or a short pattern repeated"));
    }

    @Test
    void refusesAPasswordThatContainsTheUsername() {
        assertThat(policy.problems("Grace Hopper rocks", "grace"))
                .containsExactly("contains the username: leave it out");
        assertThat(policy.problems("ecarg was here today", "grace"))
                .containsExactly("contains the username written backwards: leave it out");
        assertThat(policy.problems("administrator of trips", "admin"))
                .containsExactly("contains the username: leave it out");
        assertThat(policy.problems("canada geese fly south", "ada"))
                .as("a name of three characters is found inside too many words")
                .isEmpty();
    }

    @Test
    void eachReasonIsGivenOnceAndNeverRepeatsThePassword() {
        List<String> problems = policy.problems("abcdefghijklmnop", "ada");

        assertThat(problems).doesNotHaveDuplicates().hasSize(1);
        assertThat(problems.get(0)).doesNotContain("abcdefghijklmnop").doesNotContain("fghij");
    }

    @Test
    void acceptsPassphrasesAndRandomPasswords() {
        for (String good : List.of(
                "correct horse battery",
                "Lisbon trams at dawn",
                "x7#Gq2pL!v9z",
                "\u00e9t\u00e9 \u00e0 la plage de Nazar\u00e9",
                "1994 was a year")) {
            assertThat(policy.problems(good, "ada")).as(good).isEmpty();
        }
    }

    @Test
    void acceptsThePasswordsTheReadmeTheDemoAndTheToolsUse() {
        for (String used : List.of(
                "correct horse battery",
                "another long secret",
                "benchmark password",
                "long enough pw",
                "a brand new passphrase",
                "keeper of all the keys")) {
            assertThat(policy.problems(used, "someone")).as(used).isEmpty();
        }
    }
}
