package io.travya.trip.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    @Test
    void countsAnIpv4ClientByItsAddress() {
        assertThat(LoginThrottle.addressKey("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(LoginThrottle.addressKey("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
    }

    @Test
    void countsAnIpv6ClientByTheSlash64ItCanWalkThrough() {
        String one = LoginThrottle.addressKey("2001:db8:1:2:aaaa::1");
        String other = LoginThrottle.addressKey("2001:0db8:0001:0002:ffff:ffff:ffff:fffe");

        assertThat(one).isEqualTo("20010db800010002/64").isEqualTo(other);
        assertThat(LoginThrottle.addressKey("2001:db8:1:3::1")).isNotEqualTo(one);
    }

    @Test
    void keepsWhatIsNoLiteralAddressAsItIsWithoutAskingDns() {
        assertThat(LoginThrottle.addressKey("fe80::1%eth0")).isEqualTo("fe80::1%eth0");
        assertThat(LoginThrottle.addressKey("gateway.internal")).isEqualTo("gateway.internal");
        assertThat(LoginThrottle.addressKey("")).isEqualTo("unknown");
    }
}
