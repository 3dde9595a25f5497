package io.travya.platform.web;

import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Problem details the Travya way: a type per status, a title, a detail and the field issues. */
public final class ProblemResponses {

    private ProblemResponses() {}

    public static ProblemDetail problem(HttpStatus status, String detail, List<FieldIssue> issues) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://travya.io/problems/" + slug(status)));
        problem.setTitle(status.getReasonPhrase());
        if (!issues.isEmpty()) {
            problem.setProperty("errors", issues);
        }
        return problem;
    }

    private static String slug(HttpStatus status) {
        return status.getReasonPhrase().toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }
}
