package io.travya.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What an error may quote of the input: a short excerpt, with nothing in it that misleads a reader. */
class ExcerptTest {

    @Test
    void aShortPrintableValueIsQuotedAsItIs() {
        assertThat(Excerpt.of("Lisbon, Portugal ✈ 😀")).isEqualTo("Lisbon, Portugal ✈ 😀");
    }

    @Test
    void aLongValueIsCutAfterSixtyFourCharactersAndMarkedAsCut() {
        String cut = Excerpt.of("x".repeat(1_000_000));

        assertThat(cut).isEqualTo("x".repeat(64) + "…");
        assertThat(Excerpt.of("y".repeat(64))).isEqualTo("y".repeat(64));
    }

    @Test
    void aSurrogatePairIsNeverSplitAndCountsAsOneCharacter() {
        String cut = Excerpt.of("😀".repeat(100));

        assertThat(cut).isEqualTo("😀".repeat(64) + "…");
    }

    @Test
    void controlFormatAndLoneSurrogateCharactersAreWrittenAsEscapes() {
        assertThat(Excerpt.of("a\u0000b\nc\u001b[31m")).isEqualTo("a\\u0000b\\u000Ac\\u001B[31m");
        assertThat(Excerpt.of("x\uD800y\uDC00")).isEqualTo("x\\uD800y\\uDC00");
        assertThat(Excerpt.of("abc\u202Egnp.exe")).isEqualTo("abc\\u202Egnp.exe");
        assertThat(Excerpt.of("zero\u200Bwidth")).isEqualTo("zero\\u200Bwidth");
    }

    @Test
    void nullStaysNull() {
        assertThat(Excerpt.of(null)).isNull();
    }
}
