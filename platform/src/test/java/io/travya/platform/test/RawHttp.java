package io.travya.platform.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends a request byte for byte as written, over a plain socket: what a careless or hostile client
 * sends and Java's HTTP client refuses to (a path with {@code %zz}, raw non-ASCII header bytes, a
 * request line of 20,000 characters). One request per connection; the answer is read to its end.
 */
public final class RawHttp {

    private static final int CHUNK = 8192;

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private RawHttp() {}

    /**
     * Sends {@code method target HTTP/1.1} with the given headers (values as raw bytes, e.g. from
     * {@link #utf8(String)}), a bearer token if not null, and an optional JSON body.
     */
    public static HttpApi.Response send(
            int port, String method, String target, String token, Map<String, byte[]> headers, byte[] body) {
        return send(port, method, target, token, headers, body, false);
    }

    /** A JSON body sent chunked, without a Content-Length: the server learns its size only by reading it. */
    public static HttpApi.Response sendChunked(int port, String method, String target, String token, byte[] body) {
        return send(port, method, target, token, Map.of(), body, true);
    }

    private static HttpApi.Response send(
            int port,
            String method,
            String target,
            String token,
            Map<String, byte[]> headers,
            byte[] body,
            boolean chunked) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        write(request, method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        if (token != null) {
            write(request, "Authorization: Bearer " + token + "\r\n");
        }
        headers.forEach((name, value) -> {
            write(request, name + ": ");
            request.writeBytes(value);
            write(request, "\r\n");
        });
        if (body != null) {
            write(request, "Content-Type: application/json\r\n");
            write(request, chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n");
        }
        write(request, "\r\n");
        if (body != null && chunked) {
            for (int at = 0; at < body.length; at += CHUNK) {
                int size = Math.min(CHUNK, body.length - at);
                write(request, Integer.toHexString(size) + "\r\n");
                request.write(body, at, size);
                write(request, "\r\n");
            }
            write(request, "0\r\n\r\n");
        } else if (body != null) {
            request.writeBytes(body);
        }
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.toByteArray());
                out.flush();
            } catch (IOException closedEarly) {
                // the server may answer and close before reading everything sent; its answer still counts
            }
            return parse(readAnswer(socket.getInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + target + " failed", e);
        }
    }

    /**
     * The answer up to the server's closing the connection, within {@link #PATIENCE}: a stream the
     * request should not have opened (server-sent events with heartbeats) fails instead of hanging.
     */
    private static byte[] readAnswer(InputStream in) throws IOException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[CHUNK];
        while (System.nanoTime() < deadline) {
            try {
                int read = in.read(buffer);
                if (read < 0) {
                    return answer.toByteArray();
                }
                answer.write(buffer, 0, read);
            } catch (SocketTimeoutException quiet) {
                // nothing for a second: look at the deadline again
            }
        }
        throw new IOException("no complete answer within " + PATIENCE.toSeconds() + " s, " + answer.size()
                + " bytes so far: "
                + new String(answer.toByteArray(), 0, Math.min(answer.size(), 200), StandardCharsets.ISO_8859_1));
    }

    public static HttpApi.Response get(int port, String target, String token) {
        return send(port, "GET", target, token, Map.of(), null);
    }

    /** A header value as UTF-8 bytes, sent as they are (HTTP headers are ISO-8859-1 to the server). */
    public static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static HttpApi.Response parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int headersEnd = text.indexOf("\r\n\r\n");
        String head = headersEnd < 0 ? text : text.substring(0, headersEnd);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        boolean chunked = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).trim();
                headers.put(name, value);
                chunked |= name.equals("transfer-encoding") && value.equalsIgnoreCase("chunked");
            }
        }
        byte[] body = headersEnd < 0 ? new byte[0] : Arrays.copyOfRange(raw, headersEnd + 4, raw.length);
        if (chunked) {
            body = dechunk(body);
        }
        return new HttpApi.Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(chunked, at);
            if (lineEnd < 0) {
                break;
            }
            String sizeLine = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, int from) {
        for (int i = from; i + 1 < data.length; i++) {
            if (data[i] == '\r' && data[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
