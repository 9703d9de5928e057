package io.touchline.e2e.reliability;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.touchline.e2e.reliability.PublicApi.Access;
import io.touchline.e2e.reliability.PublicApi.Operation;
import io.touchline.testing.TestKeys;

/**
 * The bad input the fuzzing pass sends to an operation: path and query parameters that are too
 * long, of the wrong type or hostile; bodies that are malformed, of the wrong type, deeply
 * nested, not UTF-8 or over the size limit; wrong content types and absurd credentials. Each
 * case is sent with a key that passes the operation's authentication, so the input is what is
 * judged. Operations of tenants' configuration use a tenant no other scenario reads.
 */
final class Fuzz {

    /** ingest-service's body limit (quarkus.http.limits.max-body-size) and the others' (Quarkus' default). */
    private static final int INGEST_LIMIT = 2 * 1024 * 1024;
    private static final int DEFAULT_LIMIT = 10 * 1024 * 1024;

    private static final List<String> PARAMETER_VALUES = List.of("abc", "-1", "99999999999999999999", "", "%00",
            "2026-13-45T99:99:99Z", "%27%20or%201%3D1--", "%F0%9F%99%82", "x".repeat(3000));
    private static final List<String> PATH_VALUES = List.of("x".repeat(3000), "..%2F..%2Fetc%2Fpasswd", "%00",
            "%C3%BC%F0%9F%99%82", "%27%20or%201%3D1--", "-1", "99999999999999999999");

    /** One request; {@code expected} is the status it must get, or 0 for any refusal or success but a 5xx. */
    record Case(String name, String pathAndQuery, Map<String, String> headers, byte[] body, int expected) {
    }

    private Fuzz() {
    }

    static List<Case> cases(Operation operation) {
        List<Case> cases = new ArrayList<>();
        String path = SecurityIT.fill(operation.path(), "fuzz-id");
        String template = operation.path().replace("{call}", "track");
        Map<String, String> auth = auth(operation);
        boolean writes = operation.body() || List.of("POST", "PUT", "PATCH").contains(operation.method());
        byte[] valid = "{}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> json = with(auth, "Content-Type", "application/json");

        // Credentials no one would send (the unsubscribe link takes none).
        int unauthorized = operation.access() == Access.LINK ? 0 : 401;
        cases.add(new Case("an 8 KB bearer token", path, with(json, "Authorization", "Bearer " + "A".repeat(8192)),
                writes ? valid : null, unauthorized));
        cases.add(new Case("basic credentials that are not base64", path,
                with(json, "Authorization", "Basic !!!not-base64!!!"), writes ? valid : null, unauthorized));
        if (operation.stream() && operation.key() != null) {
            return cases; // authorised, it is a stream that stays open
        }
        if (template.contains("{")) {
            for (String value : PATH_VALUES) {
                cases.add(new Case("path parameter " + abbreviate(value), template.replaceAll("\\{[^}]+}", value),
                        json, writes ? valid : null, 0));
            }
        }
        for (String parameter : operation.queryParameters()) {
            for (String value : PARAMETER_VALUES) {
                cases.add(new Case("query " + parameter + "=" + abbreviate(value), path + "?" + parameter + "=" + value,
                        json, writes ? valid : null, 0));
            }
        }
        if (!writes) {
            return cases;
        }
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("malformed JSON", bytes("{\"a\":"));
        bodies.put("an array", bytes("[]"));
        bodies.put("a string", bytes("\"text\""));
        bodies.put("null", bytes("null"));
        bodies.put("a number too large", bytes("1e999999"));
        bodies.put("wrongly typed fields", bytes("""
                {"batch":7,"event":[],"userId":{},"groupId":false,"traits":"x","label":[1],"timeZone":5,"score":"high",\
                "reason":{},"webhookUrl":42,"definition":"x","trigger":[],"version":"one","from":true,"status":{}}"""));
        bodies.put("arrays nested 100,000 deep", bytes("[".repeat(100_000) + "]".repeat(100_000)));
        bodies.put("objects nested 20,000 deep", bytes("{\"a\":".repeat(20_000) + "1" + "}".repeat(20_000)));
        bodies.put("bytes that are not UTF-8", new byte[] { '{', '"', (byte) 0xff, (byte) 0xfe, '"', ':', '1', '}' });
        bodies.put("an empty body", new byte[0]);
        bodies.forEach((name, body) -> cases.add(new Case(name, path, json, body, 0)));
        // 415, or 400 where the body is read as bytes whatever its type (Segment's calls take any).
        cases.add(new Case("an XML body", path, with(auth, "Content-Type", "application/xml"), bytes("<a/>"), 0));
        int limit = operation.service().name.equals("ingest-service") ? INGEST_LIMIT : DEFAULT_LIMIT;
        cases.add(new Case("a body over the size limit", path, json, oversized(limit + 64 * 1024), 413));
        return cases;
    }

    /** Why the answer is wrong for the case, or null when it is right. */
    static String judge(Case fuzz, Http.Answer answer) {
        if (answer.status() == -1) {
            return "no answer within " + Http.HANG.toSeconds() + " s";
        }
        if (answer.status() == 0) {
            return "the connection closed without an answer";
        }
        if (answer.status() >= 500) {
            return "a server error";
        }
        if (answer.status() >= 400 && !answer.problem()) {
            return "a refusal that is not problem+json";
        }
        if (fuzz.expected() != 0 && answer.status() != fuzz.expected()) {
            return "expected " + fuzz.expected();
        }
        return null;
    }

    private static Map<String, String> auth(Operation operation) {
        return switch (operation.access()) {
            case INGEST, IMPORT -> Map.of("Authorization", "Bearer " + operation.key());
            // A tenant of its own: a configuration call that happens to be valid changes no scenario's tenant.
            case OPS, ADMIN -> Map.of("Authorization", "Bearer " + TestKeys.THIRD_TENANT_ADMIN);
            case USER_TOKEN -> Map.of("Authorization", "Bearer not-a-token");
            case KEY_IN_PATH -> Map.of();
            case LINK -> Map.of();
        };
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return copy;
    }

    private static byte[] oversized(int size) {
        byte[] body = new byte[size];
        java.util.Arrays.fill(body, (byte) 'a');
        byte[] open = bytes("{\"a\":\"");
        System.arraycopy(open, 0, body, 0, open.length);
        body[size - 2] = '"';
        body[size - 1] = '}';
        return body;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String value) {
        return value.length() > 20 ? value.substring(0, 20) + "... (" + value.length() + ")" : value;
    }
}
