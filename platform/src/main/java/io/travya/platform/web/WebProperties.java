package io.travya.platform.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxRequestBody the largest request body a service reads; larger ones are refused with 413.
 *     The largest body the API documents (a message of 10,000 characters, a trip with its texts) is a
 *     few tens of kilobytes.
 * @param shutdownDrain how long a stopping service goes on serving after its readiness went down,
 *     before its port closes ({@link ShutdownDrain}): longer than the gateway's readiness poll
 *     interval where a gateway balances over several instances, zero where nothing polls
 */
@ConfigurationProperties("travya.web")
public record WebProperties(
        @DefaultValue("1MB") DataSize maxRequestBody,
        @DefaultValue("0s") Duration shutdownDrain) {}
