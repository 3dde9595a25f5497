package io.travya.conversation.conversation;

import io.travya.events.TripEvent;
import io.travya.events.TripEventType;
import io.travya.tripaccess.TripEventHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A deleted trip takes its conversations and their messages with it. The replica of trip access
 * calls this once per trip version, in the transaction that applies the event, so TripDeleted
 * delivered twice deletes (and publishes the deletions) once.
 */
@Component
class TripConversationsCascade implements TripEventHook {

    private static final Logger log = LoggerFactory.getLogger(TripConversationsCascade.class);

    private final Conversations conversations;

    TripConversationsCascade(Conversations conversations) {
        this.conversations = conversations;
    }

    @Override
    public void applied(TripEvent event) {
        if (event.getEventType() == TripEventType.TripDeleted) {
            int removed = conversations.removeAllOfTrip(event.getAggregateId(), event.getActorId());
            log.info("Trip {} deleted: removed its {} conversations", event.getAggregateId(), removed);
        }
    }
}
