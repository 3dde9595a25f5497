package io.travya.conversation.assistant;

import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/** Chooses the model: the configured OpenAI-compatible endpoint, or else the built-in trip planner. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AssistantProperties.class)
class AssistantConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AssistantConfiguration.class);

    @Bean
    AssistantModel assistantModel(AssistantProperties properties, ObjectProvider<ObservationRegistry> observations) {
        AssistantProperties.OpenAi openAi = properties.openai();
        if (!openAi.configured()) {
            log.info("No model endpoint configured (travya.assistant.openai.base-url): the built-in trip planner"
                    + " answers");
            return new BuiltInTripPlanner();
        }
        OpenAiChatOptions.Builder options = OpenAiChatOptions.builder()
                .baseUrl(openAi.baseUrl())
                .model(openAi.model())
                .timeout(openAi.timeout())
                // one retry policy, the assistant's, with its backoff and its final system message
                .maxRetries(0);
        if (StringUtils.hasText(openAi.apiKey())) {
            options.apiKey(openAi.apiKey());
        }
        OpenAiChatModel chat = OpenAiChatModel.builder()
                .options(options.build())
                .observationRegistry(observations.getIfAvailable(() -> ObservationRegistry.NOOP))
                .build();
        log.info("The assistant answers with model {} at {}", openAi.model(), openAi.baseUrl());
        return new OpenAiAssistant(chat);
    }
}
