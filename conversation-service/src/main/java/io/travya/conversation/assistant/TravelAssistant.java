package io.travya.conversation.assistant;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.travya.conversation.assistant.AssistantPrompt.Speaker;
import io.travya.conversation.assistant.AssistantPrompt.Turn;
import io.travya.conversation.conversation.MessageType;
import io.travya.conversation.conversation.MessageView;
import io.travya.conversation.conversation.Messages;
import io.travya.conversation.conversation.SenderType;
import io.travya.conversation.conversation.Transcript;
import io.travya.conversation.tripcontext.TripContexts;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.stereotype.Component;

/**
 * Answers a user's message: gives the model the conversation and the trip, retries it with backoff
 * when it fails or times out, and stores its reply — or, after the last try, a system message saying
 * the assistant could not answer. Either way the user's message gets exactly one reply.
 *
 * <p>Nothing here holds a transaction while the model thinks: the transcript is read in one, the
 * reply written in another, and the write finds out whether a reply got there first.
 */
@Component
public class TravelAssistant {

    static final String COULD_NOT_ANSWER =
            "The assistant could not answer this message just now. Please try again in a moment.";

    private static final Logger log = LoggerFactory.getLogger(TravelAssistant.class);

    private final Messages messages;
    private final TripContexts trips;
    private final AssistantModel model;
    private final AssistantProperties properties;
    private final RetryTemplate retries;
    private final Timer replyLatency;
    private final Clock clock;

    TravelAssistant(
            Messages messages,
            TripContexts trips,
            AssistantModel model,
            AssistantProperties properties,
            MeterRegistry meters,
            Clock clock) {
        this.messages = messages;
        this.trips = trips;
        this.model = model;
        this.properties = properties;
        this.clock = clock;
        this.retries = new RetryTemplate(RetryPolicy.builder()
                .maxRetries(Math.max(0, properties.attempts() - 1))
                .delay(properties.backoff())
                .multiplier(properties.backoffMultiplier())
                .maxDelay(properties.maxBackoff())
                .build());
        this.replyLatency = Timer.builder("travya.assistant.reply.latency")
                .description("From a user's message to the stored reply, model time included")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    /**
     * Answers the user's message unless it already has its reply, or is gone. True if this call wrote
     * the reply (the assistant's or the system's).
     */
    public boolean answer(UUID questionId) {
        Optional<Transcript> transcript = messages.transcript(questionId, properties.historySize());
        if (transcript.isEmpty()) {
            return false;
        }
        AssistantPrompt prompt = prompt(transcript.get());
        try {
            return store(transcript.get(), SenderType.ASSISTANT, retries.execute(() -> model.reply(prompt)));
        } catch (RetryException e) {
            if (Thread.currentThread().isInterrupted()) {
                // the service is stopping: not the model's failure; the message is answered after restart
                throw new IllegalStateException("Interrupted while answering " + questionId, e);
            }
            log.warn(
                    "The model failed {} times on message {}; telling the conversation",
                    e.getRetryCount() + 1,
                    questionId,
                    e.getLastException());
            return store(transcript.get(), SenderType.SYSTEM, new AssistantReply(COULD_NOT_ANSWER, MessageType.TEXT));
        }
    }

    private boolean store(Transcript transcript, SenderType sender, AssistantReply reply) {
        MessageView question = transcript.question();
        boolean written = messages.reply(question.id(), sender, reply.content(), reply.type())
                .isPresent();
        if (written) {
            replyLatency.record(Duration.between(question.createdAt(), clock.instant()));
        }
        return written;
    }

    private AssistantPrompt prompt(Transcript transcript) {
        List<Turn> history = transcript.history().stream()
                // system notices are not part of what was said
                .filter(m -> m.senderType() != SenderType.SYSTEM)
                .map(m -> new Turn(m.senderType() == SenderType.USER ? Speaker.USER : Speaker.ASSISTANT, m.content()))
                .toList();
        return new AssistantPrompt(
                transcript.title(),
                history,
                transcript.question().content(),
                trips.find(transcript.tripId()).orElse(null));
    }
}
