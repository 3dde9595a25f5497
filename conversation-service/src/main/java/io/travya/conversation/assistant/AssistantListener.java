package io.travya.conversation.assistant;

import io.travya.events.ConversationEvent;
import io.travya.events.ConversationEventType;
import io.travya.events.Message;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The assistant reacts to users' messages as they arrive on travya.conversations, never inside the
 * user's request. All replicas share one consumer group, so each message is answered by one of them;
 * the offset is committed only after the reply is stored, so a replica that dies in between leaves
 * the message to be delivered again, and answered once (see TravelAssistant).
 *
 * <p>A model call may take seconds and is retried: few records per poll keep the time between polls
 * inside max.poll.interval.ms (default here: 5 records, 10 minutes).
 */
@Component
class AssistantListener {

    private final TravelAssistant assistant;

    AssistantListener(TravelAssistant assistant) {
        this.assistant = assistant;
    }

    @KafkaListener(
            id = "${spring.application.name}.assistant",
            topics = "${travya.events.topic-prefix}.conversations",
            groupId = "${travya.consumer.group-prefix:}${spring.application.name}.assistant",
            concurrency = "${travya.assistant.concurrency:2}",
            properties = {
                "max.poll.records=${travya.assistant.max-poll-records:5}",
                "max.poll.interval.ms=${travya.assistant.max-poll-interval-ms:600000}"
            })
    void on(ConversationEvent event) {
        Message message = event.getMessage();
        if (event.getEventType() == ConversationEventType.MessagePosted
                && message != null
                && "user".equals(message.getSenderType())) {
            assistant.answer(message.getId());
        }
    }
}
