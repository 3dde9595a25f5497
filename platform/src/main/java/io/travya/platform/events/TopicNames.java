package io.travya.platform.events;

import io.travya.events.EventTopic;

/** The full names of Travya's topics in this deployment. */
public final class TopicNames {

    public static final String DEAD_LETTER_SUFFIX = ".DLT";

    private final String prefix;

    public TopicNames(String prefix) {
        this.prefix = prefix;
    }

    public String of(EventTopic topic) {
        return topic.nameWithPrefix(prefix);
    }

    public String deadLetterOf(EventTopic topic) {
        return of(topic) + DEAD_LETTER_SUFFIX;
    }

    public String prefix() {
        return prefix;
    }
}
