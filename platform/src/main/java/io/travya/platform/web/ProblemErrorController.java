package io.travya.platform.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The servlet container's error page, in place of Spring Boot's (which answers its own JSON or an
 * HTML page): whatever ended in {@code sendError} or an exception outside Spring MVC — a security
 * filter, a servlet filter, the container itself — is answered as problem+json, with the same stable
 * detail for the same status, and never with the request's path or the exception's message.
 */
@Controller
@Hidden
public class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    private final ProblemWriter problems;

    public ProblemErrorController(ProblemWriter problems) {
        this.problems = problems;
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ProblemDetail problem = problemFor(request);
        // this request's path is the error page's, not the one that failed
        problem.setInstance(null);
        if (problem.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            response.setHeader(HttpHeaders.RETRY_AFTER, StoreUnavailable.RETRY_AFTER_SECONDS);
        }
        problems.write(response, problem);
    }

    private static ProblemDetail problemFor(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (code == null && failure == null) {
            // asked for directly: there is nothing at this address
            return ProblemResponses.problem(HttpStatus.NOT_FOUND);
        }
        ProblemDetail refusal = failure == null ? null : RequestRefusals.problemFor(failure);
        if (refusal != null) {
            return refusal;
        }
        if (failure != null && StoreUnavailable.causes(failure)) {
            // a security filter's check that reads a store (trip-service's session check reads Redis)
            log.warn("A store is out of reach, answered 503: {}", failure.toString());
            return ProblemResponses.problem(HttpStatus.SERVICE_UNAVAILABLE);
        }
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        if (status != null && !status.is5xxServerError()) {
            return ProblemResponses.problem(status);
        }
        ProblemDetail problem = ProblemResponses.problem(status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status);
        if (failure != null) {
            String incident = UUID.randomUUID().toString();
            log.error("Unexpected failure outside a controller, incident {}", incident, failure);
            problem.setProperty("incident", incident);
        }
        return problem;
    }
}
