package io.travya.platform.web;

import java.util.List;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;

/**
 * Whether a request failed because a store it needs is briefly out of reach rather than because of a
 * defect: the database's or Redis's connection is lost or times out, or a Redis Cluster has no master
 * for a slot while a replica takes over (CLUSTERDOWN, TRYAGAIN, MASTERDOWN) or a node is still
 * loading its data. Such a request changed nothing (or its transaction rolled back), so it is answered
 * 503 with Retry-After, the answer a client retries, not 500, which says the service is broken.
 */
final class StoreUnavailable {

    /** Redis's error codes for a state that passes by itself (the first word of its error reply). */
    private static final List<String> TRANSIENT_REDIS_ERRORS =
            List.of("CLUSTERDOWN", "TRYAGAIN", "MASTERDOWN", "LOADING");

    /** How soon a client may try again, in seconds: a replica takes over within a few. */
    static final String RETRY_AFTER_SECONDS = "1";

    private StoreUnavailable() {}

    static boolean causes(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TransientDataAccessException || cause instanceof DataAccessResourceFailureException) {
                return true;
            }
            String message = cause.getMessage();
            if (isRedisErrorReply(cause)
                    && message != null
                    && TRANSIENT_REDIS_ERRORS.stream().anyMatch(code -> message.startsWith(code + " "))) {
                return true;
            }
        }
        return false;
    }

    /**
     * An error reply from Redis, as Lettuce raises it. By name: platform does not depend on Redis (the
     * services that use it do), and Spring's {@code RedisSystemException} around it says no more.
     */
    private static boolean isRedisErrorReply(Throwable failure) {
        for (Class<?> type = failure.getClass(); type != null; type = type.getSuperclass()) {
            if (type.getName().equals("io.lettuce.core.RedisCommandExecutionException")) {
                return true;
            }
        }
        return false;
    }
}
