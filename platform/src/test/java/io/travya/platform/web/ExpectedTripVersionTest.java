package io.travya.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** The Travya-Trip-Version header takes a trip's version as trip-service's ETag gave it. */
class ExpectedTripVersionTest {

    @Test
    void aVersionIsReadAsANumberAsAQuotedEtagOrAsAWeakEtag() {
        assertThat(ExpectedTripVersion.parse("3")).hasValue(3);
        assertThat(ExpectedTripVersion.parse("\"3\"")).hasValue(3);
        assertThat(ExpectedTripVersion.parse(" W/\"12\" ")).hasValue(12);
        assertThat(ExpectedTripVersion.parse("0")).hasValue(0);
    }

    @Test
    void noHeaderExpectsNothing() {
        assertThat(ExpectedTripVersion.parse(null)).isEqualTo(OptionalLong.empty());
    }

    @Test
    void anythingElseIsABadRequestNamingTheHeader() {
        for (String value : new String[] {"", "\"\"", "-1", "1.5", "three", "\"3", "99999999999999999999", "２"}) {
            assertThatThrownBy(() -> ExpectedTripVersion.parse(value))
                    .as(value)
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                        assertThat(e.issues())
                                .extracting(FieldIssue::field)
                                .containsExactly(ExpectedTripVersion.HEADER);
                    });
        }
    }
}
