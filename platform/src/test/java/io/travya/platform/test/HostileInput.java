package io.travya.platform.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.travya.platform.test.ApiContract.Endpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hostile and careless input for every operation of a service's OpenAPI document, derived from the
 * document. Each request of the corpus is a request the operation would carry out — real ids, the
 * token of someone who may, a body it takes — with exactly one part spoiled: a value of another JSON
 * type, a number for an enum or a date, null, an unknown property, a huge or deeply nested body, a
 * bad percent-encoding, a non-ASCII or control character in a header, an overlong id, odd Unicode.
 * Every one must be refused with a 4xx problem+json that is short and safely encoded; being invalid
 * by construction, none may change anything (the test compares the database before and after).
 * {@link #everyValidRequestSucceeds()} then sends the requests the corpus was made from, to show that
 * each refusal was for the spoiled part and not for a wrong id or token.
 */
public final class HostileInput {

    /** An answer to a refused request may quote the input, but briefly: a few lines of problem+json. */
    public static final int MAX_ANSWER_BYTES = 4096;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String MARK = "@@hostile-input@@";
    private static final int DEEP = 10_000;
    private static final String MEGABYTE = "x".repeat(1_000_000);
    private static final String LONG_ID = "a".repeat(10_240);
    /** Headers whose values the API defines in ASCII: anything else in them is refused, not ignored. */
    private static final Set<String> ASCII_HEADERS = Set.of("if-match", "idempotency-key", "travya-trip-version");

    /** A request an operation would carry out; the corpus spoils it one part at a time. */
    public record Valid(String path, String token, Map<String, Object> body, Map<String, String> headers) {

        /** {@code path} with real ids (and a query string, if any); {@code token} null for public operations. */
        public static Valid request(String path, String token) {
            return new Valid(path, token, null, Map.of());
        }

        public Valid body(Map<String, Object> body) {
            return new Valid(path, token, body, headers);
        }

        public Valid header(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Valid(path, token, body, more);
        }
    }

    /** One request of the corpus: the operation, what is spoiled, and the request as sent. */
    public record Entry(
            String operation, String spoiled, String method, String target, Map<String, byte[]> headers, byte[] body) {

        @Override
        public String toString() {
            return operation + " with " + spoiled;
        }
    }

    private record Answer(int status, String contentType, byte[] body, String failure) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A bad value as JSON text, and what it is for a person reading a failure. */
    private record Bad(String what, String json) {}

    private final ApiContract contract;
    private final int port;
    private final Map<String, Valid> valid = new LinkedHashMap<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HostileInput(ApiContract contract, int port) {
        this.contract = contract;
        this.port = port;
    }

    public static HostileInput against(ApiContract contract, int port) {
        return new HostileInput(contract, port);
    }

    /**
     * The request the corpus of an operation ("POST /api/v1/trips", as the document names it) is made
     * from. {@link #everyValidRequestSucceeds()} sends them in the order given here.
     */
    public HostileInput valid(String operation, Valid request) {
        Endpoint endpoint = endpoint(operation);
        String path = request.path().split("\\?", 2)[0];
        String[] template = endpoint.path().split("/", -1);
        String[] concrete = path.split("/", -1);
        boolean fits = template.length == concrete.length;
        for (int i = 0; fits && i < template.length; i++) {
            fits = template[i].startsWith("{") || template[i].equals(concrete[i]);
        }
        if (!fits) {
            throw new IllegalArgumentException(request.path() + " is not a path of " + operation);
        }
        if ((request.body() == null) != (endpoint.operation().getRequestBody() == null)) {
            throw new IllegalArgumentException(
                    operation + " takes " + (request.body() == null ? "a body; give one" : "no body; give none"));
        }
        valid.put(operation, request);
        return this;
    }

    /** Every request of the corpus, operation by operation, without repeats. */
    public List<Entry> corpus() {
        List<String> missing = contract.endpoints().stream()
                .map(Endpoint::key)
                .filter(key -> !valid.containsKey(key))
                .toList();
        assertThat(missing)
                .as("operations of the document without a valid request to spoil")
                .isEmpty();
        Map<String, Entry> corpus = new LinkedHashMap<>();
        valid.forEach((operation, request) -> {
            Base base = new Base(endpoint(operation), request);
            List<Entry> entries = new ArrayList<>();
            entries.addAll(base.spoiledPaths());
            entries.addAll(base.spoiledQueries());
            entries.addAll(base.spoiledHeaders());
            entries.addAll(base.spoiledBodies());
            for (Entry entry : entries) {
                corpus.putIfAbsent(identity(entry), entry);
            }
        });
        return List.copyOf(corpus.values());
    }

    /**
     * Sends the whole corpus and returns what was not refused as it should be: an answer that is not a
     * 4xx, not problem+json, not short, or quotes the input unsafely. Each line names the operation,
     * the spoiled part and the answer.
     */
    public List<String> mishandled() {
        List<String> mishandled = new ArrayList<>();
        for (Entry entry : corpus()) {
            Answer answer = send(entry);
            String wrong = judge(answer);
            if (wrong != null) {
                mishandled.add(entry + ": " + wrong + "; answered " + describe(answer));
            }
        }
        return mishandled;
    }

    /**
     * Sends each valid request once, in the order given: each must succeed (a read model may take a
     * moment to have what a read asks for). Run it after the corpus, and after checking that the corpus
     * changed nothing.
     */
    public void everyValidRequestSucceeds() {
        List<String> failed = new ArrayList<>();
        valid.forEach((operation, request) -> {
            Entry entry = new Base(endpoint(operation), request).unchanged();
            if (entry.method().equals("GET")) {
                try {
                    await().atMost(Duration.ofSeconds(30))
                            .pollInterval(Duration.ofMillis(250))
                            .until(() -> send(entry), answer -> answer.status() / 100 == 2);
                } catch (ConditionTimeoutException e) {
                    failed.add(operation + " " + request.path() + " answered " + describe(send(entry)));
                }
            } else {
                Answer answer = send(entry);
                if (answer.status() / 100 != 2) {
                    failed.add(operation + " " + request.path() + " answered " + describe(answer));
                }
            }
        });
        assertThat(failed)
                .as("valid requests the corpus was made from, which must succeed")
                .isEmpty();
    }

    private Endpoint endpoint(String operation) {
        return contract.endpoints().stream()
                .filter(endpoint -> endpoint.key().equals(operation))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(operation + " is not an operation of the document"));
    }

    /** The valid request of one operation, in parts, and its spoiled variants. */
    private final class Base {

        private final Endpoint endpoint;
        private final String path;
        private final String query;
        private final Map<String, byte[]> headers = new LinkedHashMap<>();
        private final ObjectNode body;

        Base(Endpoint endpoint, Valid request) {
            this.endpoint = endpoint;
            String[] parts = request.path().split("\\?", 2);
            this.path = parts[0];
            this.query = parts.length > 1 ? parts[1] : "";
            if (request.token() != null) {
                headers.put("Authorization", ascii("Bearer " + request.token()));
            }
            request.headers().forEach((name, value) -> headers.put(name, ascii(value)));
            this.body = request.body() == null ? null : (ObjectNode) JSON.valueToTree(request.body());
        }

        Entry unchanged() {
            return entry("nothing", path, query, headers, body == null ? null : utf8(JSON.writeValueAsString(body)));
        }

        /** Each path variable as an overlong id, a number, bad percent-encodings and odd Unicode. */
        List<Entry> spoiledPaths() {
            List<Entry> entries = new ArrayList<>();
            String[] template = endpoint.path().split("/", -1);
            String[] concrete = path.split("/", -1);
            for (int i = 0; i < template.length; i++) {
                if (!template[i].startsWith("{")) {
                    continue;
                }
                String name = template[i].substring(1, template[i].length() - 1);
                String id = concrete[i];
                Map<String, String> variants = new LinkedHashMap<>();
                variants.put("an id of 10 KB", LONG_ID);
                variants.put("a number", "12345");
                variants.put("%zz", "%zz");
                variants.put("%2e%2e", "%2e%2e");
                variants.put("%ff after the id", id + "%ff");
                variants.put("%zz after the id", id + "%zz");
                variants.put("a lone % after the id", id + "%");
                variants.put("%00 after the id", id + "%00");
                variants.put("%2f after the id", id + "%2fx");
                variants.put(";x=1 after the id", id + ";x=1");
                variants.put("a lone surrogate (UTF-8 ED A0 80) after the id", id + "%ed%a0%80");
                variants.put("a zero-width space after the id", id + "%e2%80%8b");
                variants.put("a right-to-left override before the id", "%e2%80%ae" + id);
                int at = i;
                variants.forEach((what, value) -> {
                    String[] spoiled = concrete.clone();
                    spoiled[at] = value;
                    entries.add(entry(
                            "path " + name + " = " + what, String.join("/", spoiled), query, headers, validBody()));
                });
            }
            return entries;
        }

        /**
         * Each documented query parameter with values its schema refuses, and for every operation a
         * query string that cannot be decoded.
         */
        List<Entry> spoiledQueries() {
            List<Entry> entries = new ArrayList<>();
            for (Parameter parameter : parameters("query")) {
                String name = parameter.getName();
                Schema<?> schema = resolve(parameter.getSchema());
                Map<String, String> variants = new LinkedHashMap<>();
                variants.put("%ff", "%ff");
                variants.put("%zz", "%zz");
                variants.put("a lone %", "%");
                variants.put("%00", "%00");
                variants.put("a lone surrogate (UTF-8 ED A0 80)", "%ed%a0%80");
                variants.putAll(badQueryValues(schema));
                variants.forEach((what, value) -> entries.add(
                        entry("query " + name + " = " + what, path, withParameter(name, value), headers, validBody())));
                if (Boolean.TRUE.equals(parameter.getRequired())) {
                    entries.add(entry("query without " + name, path, withParameter(name, null), headers, validBody()));
                }
            }
            for (String garbage : List.of("x=%ff", "x=%zz", "x=%", "%ff=1", "x=%ed%a0%80")) {
                String spoiled = query.isEmpty() ? garbage : query + "&" + garbage;
                entries.add(entry("query " + garbage, path, spoiled, headers, validBody()));
            }
            return entries;
        }

        /**
         * The bearer token and each documented header with non-ASCII and control characters, and
         * values of 10 KB; the headers the API defines in ASCII also with values of another kind.
         */
        List<Entry> spoiledHeaders() {
            List<Entry> entries = new ArrayList<>();
            byte[] authorization = headers.get("Authorization");
            if (authorization != null && endpoint.secured()) {
                Map<String, byte[]> variants = new LinkedHashMap<>();
                variants.put("the token and é (UTF-8)", concat(authorization, utf8("é")));
                variants.put("€ (UTF-8) and the token", concat(ascii("Bearer "), utf8("€"), tail(authorization)));
                variants.put("the token and a control character", concat(authorization, new byte[] {1}));
                variants.put("the token and DEL", concat(authorization, new byte[] {0x7f}));
                variants.put("the token and byte FF", concat(authorization, new byte[] {(byte) 0xff}));
                variants.put(
                        "the token and a lone surrogate (ED A0 80)",
                        concat(authorization, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}));
                variants.put(
                        "a zero-width space and the token",
                        concat(ascii("Bearer "), utf8("\u200b"), tail(authorization)));
                variants.put("the token cut short", Arrays.copyOf(authorization, authorization.length - 1));
                variants.put("a token of 10 KB", ascii("Bearer " + LONG_ID));
                variants.forEach((what, value) -> entries.add(withHeader("Authorization", what, value)));
            }
            for (Parameter parameter : parameters("header")) {
                String name = parameter.getName();
                Map<String, byte[]> variants = new LinkedHashMap<>();
                variants.put("a control character", new byte[] {'1', 1});
                variants.put("DEL", new byte[] {'1', 0x7f});
                variants.put("a value of 10 KB", ascii(LONG_ID));
                if (ASCII_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    variants.put("\"é\" (UTF-8)", utf8("\"é\""));
                    variants.put("\"€\" (UTF-8)", utf8("\"€\""));
                    variants.put("byte FF", new byte[] {'"', '1', (byte) 0xff, '"'});
                    variants.put(
                            "a lone surrogate (ED A0 80)",
                            new byte[] {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'});
                    variants.put("a zero-width space", utf8("\"1\u200b\""));
                    variants.put("a right-to-left override", utf8("\"\u202e1\""));
                    variants.put("a full-width digit", utf8("\"１\""));
                }
                if (name.equalsIgnoreCase("Travya-Trip-Version") || name.equalsIgnoreCase("If-Match")) {
                    variants.put("not a version", ascii("\"abc\""));
                    variants.put("a negative version", ascii("\"-1\""));
                    variants.put("a version past 64 bits", ascii("\"99999999999999999999\""));
                }
                if (name.equalsIgnoreCase("Idempotency-Key")) {
                    variants.put("a blank key", ascii(" "));
                    variants.put("a key of 256 characters", ascii("k".repeat(256)));
                }
                variants.forEach((what, value) -> entries.add(withHeader(name, what, value)));
            }
            return entries;
        }

        /**
         * A body that is not the documented object (not JSON, another JSON type, too deep, too large,
         * not UTF-8, with an unknown property) and, property by property, values its schema refuses and
         * the body without each required property.
         */
        List<Entry> spoiledBodies() {
            List<Entry> entries = new ArrayList<>();
            if (body == null) {
                return entries;
            }
            Schema<?> schema = bodySchema();
            String text = JSON.writeValueAsString(body);
            Map<String, byte[]> whole = new LinkedHashMap<>();
            whole.put("no body", null);
            whole.put("a body of null", utf8("null"));
            whole.put("an array for a body", utf8("[]"));
            whole.put("a string for a body", utf8("\"x\""));
            whole.put("a number for a body", utf8("1"));
            whole.put("a body cut short", utf8(text.substring(0, text.length() - 1)));
            whole.put("a body of " + DEEP + " nested arrays", utf8(nestedArrays()));
            whole.put("a body of " + DEEP + " nested objects", utf8(nestedObjects()));
            whole.put("an unknown property", utf8(with("zz_unknown", "1")));
            whole.put("an unknown property of " + DEEP + " nested arrays", utf8(with("zz_unknown", nestedArrays())));
            whole.put("an unknown property with a name of 40,000 characters", utf8(with("n".repeat(40_000), "1")));
            whole.put("a body of 2 MB", utf8(with("zz_padding", "\"" + MEGABYTE + MEGABYTE + "\"")));
            whole.put(
                    "a property name with byte FF (not UTF-8)",
                    concat(utf8("{\"a"), new byte[] {(byte) 0xff}, utf8("\": 1}")));
            whole.put(
                    "a property name with an overlong UTF-8 encoding (C0 AF)",
                    concat(utf8("{\"a"), new byte[] {(byte) 0xc0, (byte) 0xaf}, utf8("\": 1}")));
            whole.forEach((what, bytes) -> entries.add(entry(what, path, query, headers, bytes)));

            Map<String, Schema> properties = schema.getProperties() == null ? Map.of() : schema.getProperties();
            properties.forEach((name, property) -> {
                for (Bad bad : badValues(resolve(property), true)) {
                    entries.add(entry(
                            "body " + name + " = " + bad.what(), path, query, headers, utf8(with(name, bad.json()))));
                }
            });
            List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
            for (String name : required) {
                ObjectNode without = body.deepCopy();
                without.remove(name);
                entries.add(
                        entry("body without " + name, path, query, headers, utf8(JSON.writeValueAsString(without))));
            }
            return entries;
        }

        private Entry withHeader(String name, String what, byte[] value) {
            Map<String, byte[]> spoiled = new LinkedHashMap<>(headers);
            spoiled.put(name, value);
            return entry("header " + name + " = " + what, path, query, spoiled, validBody());
        }

        private byte[] validBody() {
            return body == null ? null : utf8(JSON.writeValueAsString(body));
        }

        /** The valid body with a property set to a value given as JSON text. */
        private String with(String name, String json) {
            ObjectNode spoiled = body.deepCopy();
            spoiled.put(name, MARK);
            return JSON.writeValueAsString(spoiled).replace("\"" + MARK + "\"", json);
        }

        private String withParameter(String name, String value) {
            List<String> pairs = new ArrayList<>();
            boolean replaced = false;
            for (String pair : query.isEmpty() ? new String[0] : query.split("&")) {
                if (pair.split("=", 2)[0].equals(name)) {
                    if (value != null && !replaced) {
                        pairs.add(name + "=" + value);
                    }
                    replaced = true;
                } else {
                    pairs.add(pair);
                }
            }
            if (!replaced && value != null) {
                pairs.add(name + "=" + value);
            }
            return String.join("&", pairs);
        }

        private List<Parameter> parameters(String in) {
            List<Parameter> parameters = endpoint.operation().getParameters();
            return parameters == null
                    ? List.of()
                    : parameters.stream().filter(p -> in.equals(p.getIn())).toList();
        }

        private Schema<?> bodySchema() {
            MediaType json = endpoint.operation().getRequestBody().getContent().get("application/json");
            return resolve(json.getSchema());
        }

        private Entry entry(String spoiled, String path, String query, Map<String, byte[]> headers, byte[] body) {
            String target = query.isEmpty() ? path : path + "?" + query;
            return new Entry(endpoint.key(), spoiled, endpoint.method(), target, Map.copyOf(headers), body);
        }
    }

    /** Values of a query parameter that its schema refuses (already percent-encoded). */
    private static Map<String, String> badQueryValues(Schema<?> schema) {
        Map<String, String> bad = new LinkedHashMap<>();
        String format = schema.getFormat();
        if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
            bad.put("a number for an enum", "1");
            bad.put("an enum value with a zero-width space", schema.getEnum().get(0) + "%e2%80%8b");
        } else if ("date".equals(format)) {
            bad.put("a number for a date", "12345");
            bad.put("February 30th", "2027-02-30");
            bad.put("a date after a right-to-left override", "%e2%80%ae2027-05-01");
        } else if ("uuid".equals(format)) {
            bad.put("a number for a UUID", "12345");
            bad.put("a UUID and a zero-width space", UUID.randomUUID() + "%e2%80%8b");
            bad.put("an id of 10 KB", LONG_ID);
        } else if ("integer".equals(schema.getType())) {
            bad.put("text for an integer", "abc");
            bad.put("a fraction", "1.5");
            bad.put("a number past 64 bits", "99999999999999999999");
            bad.put("an exponent", "1e3");
            if (schema.getMinimum() != null) {
                bad.put(
                        "below the minimum",
                        schema.getMinimum().subtract(BigDecimal.ONE).toPlainString());
            }
            if (schema.getMaximum() != null) {
                bad.put(
                        "above the maximum",
                        schema.getMaximum().add(BigDecimal.ONE).toPlainString());
            }
        }
        return bad;
    }

    /**
     * Values of a body property that its schema refuses, as JSON text; {@code deep} adds the
     * expensive ones (a megabyte, deep nesting), which are left out for the items of an array.
     */
    private List<Bad> badValues(Schema<?> schema, boolean deep) {
        List<Bad> bad = new ArrayList<>();
        String type = schema.getType();
        String format = schema.getFormat();
        boolean isEnum = schema.getEnum() != null && !schema.getEnum().isEmpty();
        if (!Boolean.TRUE.equals(schema.getNullable())) {
            bad.add(new Bad("null", "null"));
        }
        if ("string".equals(type)) {
            bad.add(new Bad(
                    isEnum ? "a number for an enum" : "date".equals(format) ? "a number for a date" : "a number",
                    isEnum ? "1" : "12345"));
            bad.add(new Bad("a boolean", "true"));
            bad.add(new Bad("an object", "{}"));
            bad.add(new Bad("an array", "[\"x\"]"));
            bad.add(new Bad("a lone surrogate", "\"a\\ud800b\""));
            bad.add(new Bad("a NUL character", "\"a\\u0000b\""));
            if (isEnum) {
                bad.add(new Bad(
                        "an enum value with a zero-width space",
                        "\"" + schema.getEnum().get(0) + "\\u200b\""));
            }
            if ("date".equals(format)) {
                bad.add(new Bad("a fraction for a date", "1.7e9"));
                bad.add(new Bad("February 30th", "\"2027-02-30\""));
                bad.add(new Bad("an empty date", "\"\""));
                bad.add(new Bad("an array for a date", "[2027, 5, 1]"));
                bad.add(new Bad("a date after a right-to-left override", "\"\\u202e2027-05-01\""));
            }
            if ("uuid".equals(format)) {
                bad.add(new Bad("not a UUID", "\"12345\""));
                bad.add(new Bad("a UUID and a zero-width space", "\"" + UUID.randomUUID() + "\\u200b\""));
            }
            if ("email".equals(format)) {
                bad.add(new Bad("not an e-mail address", "\"not-an-email\""));
            }
            if (schema.getMinLength() != null && schema.getMinLength() > 0) {
                bad.add(new Bad("an empty string", "\"\""));
            }
            if (schema.getPattern() != null) {
                Pattern pattern = Pattern.compile(schema.getPattern());
                Map<String, String> odd = new LinkedHashMap<>();
                odd.put("a right-to-left override", "x\u202ey");
                odd.put("a zero-width space", "x\u200by");
                odd.put("a control character", "x\u0001y");
                odd.put("a line break", "x\ny");
                odd.put("blanks", "   ");
                odd.forEach((what, value) -> {
                    if (!pattern.matcher(value).matches()) {
                        bad.add(new Bad(what + " (against the pattern)", JSON.writeValueAsString(value)));
                    }
                });
            }
            boolean bounded = (schema.getMaxLength() != null && schema.getMaxLength() < MEGABYTE.length())
                    || isEnum
                    || Set.of("date", "date-time", "uuid", "email", "password").contains(String.valueOf(format));
            if (deep && bounded) {
                bad.add(new Bad("a string of 1 MB", "\"" + MEGABYTE + "\""));
            }
        } else if ("number".equals(type) || "integer".equals(type)) {
            bad.add(new Bad("a string", "\"12\""));
            bad.add(new Bad("a boolean", "true"));
            bad.add(new Bad("an array", "[1]"));
            bad.add(new Bad("an object", "{}"));
            bad.add(new Bad("an exponent of a billion", "1e1000000000"));
            bad.add(new Bad("an exponent of minus a billion", "1e-1000000000"));
            bad.add(new Bad("a number of 2,000 digits", "1" + "0".repeat(1999)));
            if ("integer".equals(type)) {
                bad.add(new Bad("a fraction", "1.5"));
                bad.add(new Bad(
                        "a number past " + ("int64".equals(format) ? "64" : "32") + " bits",
                        "int64".equals(format) ? "9223372036854775808" : "2147483648"));
            }
            if (schema.getMinimum() != null) {
                bad.add(new Bad(
                        "below the minimum",
                        schema.getMinimum().subtract(BigDecimal.ONE).toPlainString()));
            }
            if (schema.getMaximum() != null) {
                bad.add(new Bad(
                        "above the maximum",
                        schema.getMaximum().add(BigDecimal.ONE).toPlainString()));
            }
        } else if ("boolean".equals(type)) {
            bad.add(new Bad("a string", "\"true\""));
            bad.add(new Bad("a number", "1"));
            bad.add(new Bad("an array", "[true]"));
        } else if ("array".equals(type)) {
            bad.add(new Bad("a string", "\"x\""));
            bad.add(new Bad("a number", "1"));
            bad.add(new Bad("an object", "{}"));
            if (deep) {
                bad.add(new Bad(DEEP + " nested arrays", nestedArrays()));
            }
            if (schema.getItems() != null) {
                for (Bad item : badValues(resolve(schema.getItems()), false)) {
                    bad.add(new Bad("an item that is " + item.what(), "[" + item.json() + "]"));
                }
            }
            if (schema.getMaxItems() != null) {
                bad.add(new Bad(
                        "more items than allowed",
                        "[" + String.join(",", java.util.Collections.nCopies(schema.getMaxItems() + 1, "\"x\""))
                                + "]"));
            }
        } else if ("object".equals(type)) {
            bad.add(new Bad("a string", "\"x\""));
            bad.add(new Bad("an array", "[]"));
            if (deep) {
                bad.add(new Bad(DEEP + " nested objects", nestedObjects()));
            }
        }
        return bad;
    }

    private Schema<?> resolve(Schema<?> schema) {
        Schema<?> resolved = schema;
        while (resolved.get$ref() != null) {
            String ref = resolved.get$ref();
            OpenAPI document = contract.document();
            resolved = document.getComponents().getSchemas().get(ref.substring(ref.lastIndexOf('/') + 1));
        }
        return resolved;
    }

    private static String nestedArrays() {
        return "[".repeat(DEEP) + "]".repeat(DEEP);
    }

    private static String nestedObjects() {
        return "{\"a\":".repeat(DEEP) + "1" + "}".repeat(DEEP);
    }

    /** Null if the answer is a proper refusal, else what is wrong with it. */
    private static String judge(Answer answer) {
        if (answer.failure() != null) {
            return answer.failure();
        }
        if (answer.status() < 400 || answer.status() >= 500) {
            return "not refused with a 4xx";
        }
        if (answer.contentType() == null || !answer.contentType().startsWith("application/problem+json")) {
            return "not problem+json";
        }
        if (answer.body().length > MAX_ANSWER_BYTES) {
            return "an answer of more than " + MAX_ANSWER_BYTES + " bytes";
        }
        JsonNode problem;
        try {
            problem = JSON.readTree(answer.body());
        } catch (RuntimeException e) {
            return "a problem that is not JSON";
        }
        if (!problem.isObject()
                || problem.path("status").asInt() != answer.status()
                || !problem.path("title").isString()
                || !problem.path("type").isString()) {
            return "a problem without its type, title and status";
        }
        String unsafe = unsafeCharacter(problem);
        return unsafe == null ? null : "a problem that quotes " + unsafe + " as such";
    }

    /**
     * A character an answer must not carry as such (it is escaped if quoted): control and format
     * characters (bidirectional overrides, zero-width), lone surrogates, and U+FFFD, which is what
     * bytes that are not UTF-8 decode to.
     */
    private static String unsafeCharacter(JsonNode node) {
        if (node.isString()) {
            String text = node.asString();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                boolean pair = Character.isHighSurrogate(c)
                        && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1));
                if (pair) {
                    i++;
                    continue;
                }
                int type = Character.getType(c);
                if (type == Character.CONTROL
                        || type == Character.FORMAT
                        || type == Character.SURROGATE
                        || c == '\ufffd') {
                    return String.format("U+%04X", (int) c);
                }
            }
            return null;
        }
        for (JsonNode child : node) {
            String unsafe = unsafeCharacter(child);
            if (unsafe != null) {
                return unsafe;
            }
        }
        for (String name : node.propertyNames()) {
            String unsafe = unsafeCharacter(JSON.getNodeFactory().stringNode(name));
            if (unsafe != null) {
                return unsafe;
            }
        }
        return null;
    }

    private Answer send(Entry entry) {
        for (int attempt = 1; ; attempt++) {
            try {
                return needsRawSocket(entry) ? sendRaw(entry) : sendWithClient(entry);
            } catch (IOException | RuntimeException e) {
                // a server that refuses a request may close the connection before it has read it all
                if (attempt == 2) {
                    return new Answer(0, null, new byte[0], "no answer (" + e + ")");
                }
            }
        }
    }

    /** Java's client refuses to send what is not a URI, and header values beyond visible ASCII. */
    private static boolean needsRawSocket(Entry entry) {
        try {
            new URI("http://127.0.0.1" + entry.target());
        } catch (URISyntaxException e) {
            return true;
        }
        for (byte[] value : entry.headers().values()) {
            for (byte b : value) {
                if ((b & 0xff) < 0x20 || (b & 0xff) >= 0x7f) {
                    return true;
                }
            }
        }
        return false;
    }

    private Answer sendWithClient(Entry entry) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + entry.target()))
                .timeout(Duration.ofSeconds(30));
        entry.headers().forEach((name, value) -> request.header(name, new String(value, StandardCharsets.ISO_8859_1)));
        if (entry.body() == null) {
            request.method(entry.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json");
            request.method(entry.method(), HttpRequest.BodyPublishers.ofByteArray(entry.body()));
        }
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                // a success may be a stream that never ends: its body is not needed
                byte[] body = response.statusCode() / 100 == 2 ? new byte[0] : in.readNBytes(MAX_ANSWER_BYTES + 1);
                return new Answer(
                        response.statusCode(),
                        response.headers().firstValue("Content-Type").orElse(null),
                        body,
                        null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Answer sendRaw(Entry entry) {
        HttpApi.Response response =
                RawHttp.send(port, entry.method(), entry.target(), null, entry.headers(), entry.body());
        return new Answer(response.status(), response.header("Content-Type"), utf8(response.text()), null);
    }

    private static String describe(Answer answer) {
        if (answer.failure() != null && answer.status() == 0) {
            return "nothing";
        }
        String text = answer.text();
        return answer.status() + " " + answer.contentType() + " "
                + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
    }

    private static String identity(Entry entry) {
        StringBuilder identity = new StringBuilder(entry.method()).append(' ').append(entry.target());
        entry.headers().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(header -> identity.append('\n')
                        .append(header.getKey())
                        .append(": ")
                        .append(Arrays.hashCode(header.getValue())));
        identity.append('\n')
                .append(entry.body() == null ? "-" : Arrays.hashCode(entry.body()) + "/" + entry.body().length);
        return identity.toString();
    }

    private static byte[] tail(byte[] authorization) {
        return Arrays.copyOfRange(authorization, "Bearer ".length(), authorization.length);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
