package io.travya.conversation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A server-sent events client, as a browser's EventSource: it collects the events of one stream. */
public final class SseClient implements AutoCloseable {

    public record Event(String id, String name, String data) {}

    private final HttpResponse<Stream<String>> response;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private SseClient(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    public static SseClient open(int port, String path, String token, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "text/event-stream");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                    .sendAsync(request.GET().build(), HttpResponse.BodyHandlers.ofLines())
                    .get(20, TimeUnit.SECONDS);
            return new SseClient(response);
        } catch (Exception e) {
            throw new IllegalStateException("Could not open " + path, e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public List<Event> events(String name) {
        return events.stream().filter(e -> name.equals(e.name())).toList();
    }

    /** True once the server has ended the stream. */
    public boolean ended() {
        return !reader.isAlive();
    }

    private void read() {
        String id = null;
        String name = null;
        List<String> data = new ArrayList<>();
        try {
            Iterator<String> lines = response.body().iterator();
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(id, name == null ? "message" : name, String.join("\n", data)));
                    }
                    id = null;
                    name = null;
                    data.clear();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.add(line.substring(5).stripLeading());
                }
            }
        } catch (RuntimeException e) {
            // the stream was closed
        }
    }

    @Override
    public void close() {
        response.body().close();
        try {
            reader.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
