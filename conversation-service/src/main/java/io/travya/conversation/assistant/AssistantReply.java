package io.travya.conversation.assistant;

import io.travya.conversation.conversation.MessageType;

/** A model's answer, and what kind of message it is (an itinerary, a booking summary, text). */
public record AssistantReply(String content, MessageType type) {}
