package io.travya.platform.events;

/**
 * What a command did to an aggregate: the aggregate after it and the type of the event it caused.
 * An aggregate that is created returns this, so that it, not the service creating it, says which
 * event its creation is (as eventuate's {@code ResultWithDomainEvents}).
 *
 * @param <A> the aggregate
 * @param <E> the generated event-type enum of its topic
 */
public record Changed<A, E extends Enum<E>>(A aggregate, E event) {}
