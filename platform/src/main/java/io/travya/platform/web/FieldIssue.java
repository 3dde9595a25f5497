package io.travya.platform.web;

/** One reason a request was refused: the JSON field (or query parameter) and what is wrong with it. */
public record FieldIssue(String field, String reason) {}
