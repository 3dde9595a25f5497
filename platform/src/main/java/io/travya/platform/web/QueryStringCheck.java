package io.travya.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Decodes the query string once, before anything else reads it. Tomcat decodes parameters lazily
 * and throws from whichever {@code getParameter} call comes first — a security filter, an argument
 * resolver — which answered {@code ?destination=%ff} with 500. Here it is one 400 for every endpoint.
 */
class QueryStringCheck extends OncePerRequestFilter {

    private final ProblemWriter problems;

    QueryStringCheck(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            request.getParameterMap();
        } catch (IllegalStateException unreadable) {
            ProblemDetail refusal = RequestRefusals.problemFor(unreadable);
            if (refusal == null) {
                throw unreadable;
            }
            problems.write(response, refusal);
            return;
        }
        chain.doFilter(request, response);
    }
}
