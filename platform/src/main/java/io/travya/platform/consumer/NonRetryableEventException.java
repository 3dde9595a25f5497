package io.travya.platform.consumer;

/**
 * Thrown by a listener for an event that no retry can make processable (it contradicts itself, or
 * refers to something that cannot exist): it goes straight to the dead-letter topic.
 */
public class NonRetryableEventException extends RuntimeException {

    public NonRetryableEventException(String message) {
        super(message);
    }
}
