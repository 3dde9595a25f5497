package io.travya.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Decodes the query string once, before anything else reads it. Tomcat decodes parameters lazily
 * and throws from whichever {@code getParameter} call comes first — a security filter, an argument
 * resolver — which answered {@code ?destination=%ff} with 500. Here it is one 400 for every endpoint.
 * A parameter that decodes to control characters is refused too: no parameter of the API takes them,
 * PostgreSQL cannot compare text with a NUL ({@code ?booking_type=%00} was a 500), and trimming
 * would silently drop them ({@code ?status=%00} listed every status).
 */
class QueryStringCheck extends OncePerRequestFilter {

    private final ProblemWriter problems;

    QueryStringCheck(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        } catch (IllegalStateException unreadable) {
            ProblemDetail refusal = RequestRefusals.problemFor(unreadable);
            if (refusal == null) {
                throw unreadable;
            }
            problems.write(response, refusal);
            return;
        }
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            boolean control = hasControlCharacter(parameter.getKey());
            for (String value : parameter.getValue()) {
                control |= hasControlCharacter(value);
            }
            if (control) {
                String name = Excerpt.of(parameter.getKey());
                String reason = "must not contain control characters";
                problems.write(
                        response,
                        ProblemResponses.problem(
                                HttpStatus.BAD_REQUEST, name + " " + reason, List.of(new FieldIssue(name, reason))));
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
