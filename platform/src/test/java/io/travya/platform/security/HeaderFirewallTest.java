package io.travya.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderFirewallTest {

    @ParameterizedTest
    @ValueSource(
            strings = {"Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", "application/json", "\"3\"", "café ünïcödé"})
    void letsOrdinaryHeaderValuesThrough(String value) {
        assertThat(HeaderFirewall.withoutControlCharacters(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "x\r\nSet-Cookie: a=b",
                "x\nforged log line",
                "nul\u0000byte",
                "tab\tbed",
                "del\u007f",
                "c1\u0085"
            })
    void refusesValuesWithControlCharactersAsSpringsStrictFirewallDoes(String value) {
        assertThat(HeaderFirewall.withoutControlCharacters(value)).isFalse();
    }
}
