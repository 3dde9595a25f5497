package io.travya.conversation.assistant;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

/**
 * How the assistant answers. A model is tried {@code attempts} times in all, waiting {@code backoff}
 * before the first retry and {@code backoffMultiplier} times longer before each next one (at most
 * {@code maxBackoff}); then the conversation is told the assistant could not answer. Retries hold the
 * listener's partition: attempts × openai.timeout plus the waits must stay well inside the consumer's
 * max.poll.interval.ms for max.poll.records messages (see AssistantListener).
 *
 * @param historySize how many earlier messages of the conversation the model is given
 */
@ConfigurationProperties("travya.assistant")
public record AssistantProperties(
        @DefaultValue("20") int historySize,
        @DefaultValue("3") int attempts,
        @DefaultValue("1s") Duration backoff,
        @DefaultValue("2.0") double backoffMultiplier,
        @DefaultValue("10s") Duration maxBackoff,
        @DefaultValue OpenAi openai) {

    /**
     * An OpenAI-compatible chat-completions endpoint; used only when {@code baseUrl} is set.
     *
     * @param baseUrl e.g. {@code https://api.openai.com/v1}; requests go to {@code <baseUrl>/chat/completions}
     * @param apiKey sent as a bearer token; may be empty for a local server that wants none
     * @param timeout how long one call may take before it counts as failed
     */
    public record OpenAi(
            String baseUrl,
            String apiKey,
            @DefaultValue("gpt-4o-mini") String model,
            @DefaultValue("30s") Duration timeout) {

        public boolean configured() {
            return StringUtils.hasText(baseUrl);
        }
    }
}
