package io.travya.conversation.assistant;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local stand-in for an OpenAI-compatible chat-completions endpoint, on 127.0.0.1. What it does is
 * chosen by the last user message it is sent: one containing {@code [fail]} gets a 500 every time,
 * {@code [slow]} an answer only after the client's timeout, {@code [flaky]} a 500 the first time and
 * an answer after; anything else an answer at once. It remembers every request.
 */
final class FakeChatCompletions implements AutoCloseable {

    static final String ANSWER_PREFIX = "The fake model answers: ";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One request as received. */
    record Request(String authorization, JsonNode body) {

        String lastUserContent() {
            JsonNode messages = body.get("messages");
            for (int i = messages.size() - 1; i >= 0; i--) {
                if ("user".equals(messages.get(i).get("role").asString())) {
                    return text(messages.get(i).get("content"));
                }
            }
            return "";
        }

        static String text(JsonNode content) {
            if (content.isArray()) {
                StringBuilder text = new StringBuilder();
                content.forEach(part -> text.append(part.path("text").asString()));
                return text.toString();
            }
            return content.asString();
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> flakyCalls = new ConcurrentHashMap<>();
    private final long slowMillis;

    private FakeChatCompletions(long slowMillis) throws IOException {
        this.slowMillis = slowMillis;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/v1/chat/completions", this::complete);
        server.start();
    }

    /** @param slowMillis how long a {@code [slow]} request waits before it is answered */
    static FakeChatCompletions start(long slowMillis) {
        try {
            return new FakeChatCompletions(slowMillis);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The requests whose last user message contains the text. */
    List<Request> requestsAbout(String text) {
        return requests.stream().filter(r -> r.lastUserContent().contains(text)).toList();
    }

    private void complete(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            Request request = new Request(exchange.getRequestHeaders().getFirst("Authorization"), body);
            requests.add(request);
            String question = request.lastUserContent();
            if (question.contains("[fail]")
                    || (question.contains("[flaky]")
                            && flakyCalls
                                            .computeIfAbsent(question, q -> new AtomicInteger())
                                            .getAndIncrement()
                                    == 0)) {
                respond(exchange, 500, "{\"error\":{\"message\":\"The fake model failed\",\"type\":\"server_error\"}}");
                return;
            }
            if (question.contains("[slow]")) {
                try {
                    // longer than the client waits: it has given up by the time this answers
                    Thread.sleep(slowMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            respond(exchange, 200, completion(body.get("model").asString(), ANSWER_PREFIX + question));
        }
    }

    private static String completion(String model, String content) {
        return JSON.writeValueAsString(Map.of(
                "id",
                "chatcmpl-fake",
                "object",
                "chat.completion",
                "created",
                1_800_000_000L,
                "model",
                model,
                "choices",
                List.of(Map.of(
                        "index",
                        0,
                        "message",
                        Map.of("role", "assistant", "content", content),
                        "finish_reason",
                        "stop")),
                "usage",
                Map.of("prompt_tokens", 10, "completion_tokens", 5, "total_tokens", 15)));
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            // the client gave up waiting (a [slow] request): nobody to answer
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
