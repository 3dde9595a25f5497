package io.travya.platform.web;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Container;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.ExceptionUtils;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's error report in problem+json instead of its HTML page. Tomcat answers some requests
 * itself, before any servlet or filter sees them: a request line or headers that are too long, a
 * path with {@code %00} or an encoded slash. Those answers are rendered by the host's error report
 * valve, which this one replaces; everything that reaches the application is answered by Spring.
 */
public class ProblemReportValve extends ErrorReportValve {

    private final ProblemWriter problems;

    public ProblemReportValve(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int statusCode = response.getStatus();
        // as Tomcat's own report: only an error, only once, only if nothing was written and I/O is possible
        if (statusCode < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus status = HttpStatus.resolve(statusCode);
        ProblemDetail problem = ProblemResponses.problem(status == null ? HttpStatus.BAD_REQUEST : status);
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(new String(problems.bytes(problem), StandardCharsets.UTF_8));
                response.finishResponse();
            }
        } catch (Throwable t) {
            ExceptionUtils.handleThrowable(t);
        }
    }

    /**
     * Puts the valve on the host in place of the error report valves Tomcat and Spring Boot install.
     * Runs after Boot's own customizer, which adds one.
     */
    static final class Installer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        private final ProblemWriter problems;

        Installer(ProblemWriter problems) {
            this.problems = problems;
        }

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                Container host = context.getParent();
                Pipeline pipeline = host.getPipeline();
                for (Valve valve : pipeline.getValves()) {
                    if (valve instanceof ErrorReportValve && !(valve instanceof ProblemReportValve)) {
                        pipeline.removeValve(valve);
                    }
                }
                pipeline.addValve(new ProblemReportValve(problems));
                if (host instanceof StandardHost standardHost) {
                    // the host adds a valve of this class on start unless it already has one
                    standardHost.setErrorReportValveClass(ProblemReportValve.class.getName());
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
