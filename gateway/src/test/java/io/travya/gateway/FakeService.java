package io.travya.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * One instance of a service as the gateway sees it: answers its readiness check (on its own port,
 * which it names as its management port too) and every API call with what {@link #answer} says,
 * noting each call it received.
 */
public final class FakeService implements AutoCloseable {

    /** What the instance received. */
    public record Call(String method, String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(header -> header.getKey().equalsIgnoreCase(name))
                    .map(header -> header.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    /** An answer: status and JSON body. */
    public record Answer(int status, String body) {}

    public final String name;
    public final List<Call> calls = new CopyOnWriteArrayList<>();
    public volatile Function<Call, Answer> answer;
    /** Paths answered as a stream (text/event-stream): the writer gets the open response body. */
    public final Map<String, StreamWriter> streams = new ConcurrentHashMap<>();
    /** Whether its readiness check answers 200 (UP) or 503 (OUT_OF_SERVICE, as a stopping service does). */
    public volatile boolean ready = true;

    /** Writes a streamed answer, flushing as it goes. */
    public interface StreamWriter {
        void write(OutputStream body) throws IOException, InterruptedException;
    }

    private final HttpServer server;

    public FakeService(String name) {
        this.name = name;
        this.answer = call -> new Answer(200, "{\"served_by\":\"" + name + "\"}");
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String uri() {
        return "http://127.0.0.1:" + port();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] response;
        int status;
        if (exchange.getRequestURI().getPath().equals("/actuator/health/readiness")) {
            status = ready ? 200 : 503;
            response = (ready ? "{\"status\":\"UP\"}" : "{\"status\":\"OUT_OF_SERVICE\"}")
                    .getBytes(StandardCharsets.UTF_8);
        } else {
            Call call = new Call(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            calls.add(call);
            StreamWriter stream = streams.get(call.path());
            if (stream != null) {
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    stream.write(out);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            Answer answer = this.answer.apply(call);
            status = answer.status();
            response = answer.body().getBytes(StandardCharsets.UTF_8);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, response.length == 0 ? -1 : response.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(response);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
