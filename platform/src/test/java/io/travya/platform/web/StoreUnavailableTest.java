package io.travya.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

class StoreUnavailableTest {

    @Test
    void aRedisClusterWithoutAMasterForTheSlotIsUnavailableForAMoment() {
        var clusterDown = new RedisSystemException(
                "Error in execution", new RedisCommandExecutionException("CLUSTERDOWN The cluster is down"));

        assertThat(StoreUnavailable.causes(clusterDown)).isTrue();
        assertThat(StoreUnavailable.causes(
                        new RedisCommandExecutionException("TRYAGAIN Multiple keys request during rehashing of slot")))
                .isTrue();
    }

    @Test
    void aLostOrSlowConnectionToRedisOrTheDatabaseIsUnavailableForAMoment() {
        assertThat(StoreUnavailable.causes(new QueryTimeoutException(
                        "Redis command timed out",
                        new RedisCommandTimeoutException("Command timed out after 5 second(s)"))))
                .isTrue();
        assertThat(StoreUnavailable.causes(new RedisConnectionFailureException("Unable to connect to Redis")))
                .isTrue();
        assertThat(StoreUnavailable.causes(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection")))
                .isTrue();
    }

    @Test
    void aRefusalOrADefectIsNot() {
        assertThat(StoreUnavailable.causes(new RedisSystemException(
                        "Error in execution",
                        new RedisCommandExecutionException("WRONGPASS invalid username-password pair"))))
                .isFalse();
        assertThat(StoreUnavailable.causes(new RedisCommandExecutionException("ERR unknown command 'CLUSTERDOWN'")))
                .isFalse();
        assertThat(StoreUnavailable.causes(new IllegalStateException("a defect")))
                .isFalse();
    }

    @Test
    void aSecurityFilterThatCannotReachRedisIsAnswered503ProblemJsonWithRetryAfter() throws Exception {
        var request = new MockHttpServletRequest("GET", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 500);
        request.setAttribute(
                RequestDispatcher.ERROR_EXCEPTION,
                new RedisSystemException(
                        "Error in execution", new RedisCommandExecutionException("CLUSTERDOWN The cluster is down")));
        var response = new MockHttpServletResponse();

        new ProblemErrorController(new ProblemWriter(JsonMapper.builder().build())).error(request, response);

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getHeader("Retry-After")).isEqualTo("1");
        assertThat(response.getContentAsString()).doesNotContain("CLUSTERDOWN");
    }
}
