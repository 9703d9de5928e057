package io.touchline.e2e.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.touchline.e2e.ServiceProcess;
import io.touchline.testing.TestKeys;

/**
 * Every public operation of the four services, read from each one's OpenAPI document, and the
 * key each needs: so a new endpoint is checked without anyone remembering to add it here.
 */
final class PublicApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

    /** What an operation authenticates with. */
    enum Access {
        /** Segment's calls: a key with scope ingest (or a write key). */
        INGEST,
        /** The settings analytics.js loads: the write key is in the path. */
        KEY_IN_PATH,
        /** History imports: scope import. */
        IMPORT,
        /** CS ops: scope ops or admin. */
        OPS,
        /** Changes to a tenant's configuration: scope admin. */
        ADMIN,
        /** A product app's browser: a per-user inbox token, never an API key. */
        USER_TOKEN,
        /** The unsubscribe link: a signed token in the query, no login. */
        LINK
    }

    /** What browser SDKs call besides Segment's own paths; the key may also be in the body or query. */
    private static final Set<String> BROWSER_SDKS = Set.of("/v1/b", "/beacon/v1/batch", "/sourceConfig");

    /** The operations only an admin key may call, besides ingest's {@code /v1/write-keys}. */
    private static final Set<String> ADMIN_ONLY = Set.of(
            "scoring-service POST /v1/accounts/{accountId}/outcomes",
            "scoring-service POST /v1/churn-models/train",
            "scoring-service POST /v1/churn-models/{version}/activate",
            "scoring-service POST /v1/scorecards",
            "scoring-service POST /v1/scorecards/validate",
            "scoring-service POST /v1/scorecards/{version}/activate",
            "scoring-service POST /v1/rescores",
            "playbook-service PUT /v1/playbook-settings",
            "playbook-service POST /v1/playbooks",
            "playbook-service PUT /v1/playbooks/{id}",
            "playbook-service DELETE /v1/playbooks/{id}");

    private static final Set<String> USER_TOKEN = Set.of(
            "notification-service GET /v1/inbox",
            "notification-service GET /v1/inbox/stream",
            "notification-service POST /v1/inbox/{id}/read");

    record Operation(ServiceProcess service, String method, String path, List<String> queryParameters, boolean body,
            Access access) {

        String name() {
            return service.name + " " + method + " " + path;
        }

        /** Server-sent events: an authorised call is a stream that stays open. */
        boolean stream() {
            return path.endsWith("/stream");
        }

        /** The key that passes this operation's authentication, or null when it takes none. */
        String key() {
            return switch (access) {
                case INGEST, KEY_IN_PATH -> TestKeys.INGEST;
                case IMPORT -> TestKeys.IMPORT;
                case OPS, ADMIN -> TestKeys.ADMIN;
                case USER_TOKEN, LINK -> null;
            };
        }
    }

    private PublicApi() {
    }

    static List<Operation> of(List<ServiceProcess> services) {
        List<Operation> operations = new ArrayList<>();
        for (ServiceProcess service : services) {
            JsonNode document = read(service.management("/q/openapi?format=json").body());
            for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext();) {
                Map.Entry<String, JsonNode> path = paths.next();
                for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                    Map.Entry<String, JsonNode> op = ops.next();
                    if (!METHODS.contains(op.getKey())) {
                        continue;
                    }
                    List<String> query = new ArrayList<>();
                    for (JsonNode parameter : op.getValue().path("parameters")) {
                        if (parameter.path("in").asText().equals("query")) {
                            query.add(parameter.path("name").asText());
                        }
                    }
                    String method = op.getKey().toUpperCase(java.util.Locale.ROOT);
                    operations.add(new Operation(service, method, path.getKey(), query,
                            op.getValue().has("requestBody"), access(service.name, method, path.getKey())));
                }
            }
        }
        return operations;
    }

    private static Access access(String service, String method, String path) {
        String name = service + " " + method + " " + path;
        if (USER_TOKEN.contains(name)) {
            return Access.USER_TOKEN;
        }
        if (path.startsWith("/v1/unsubscribe")) {
            return Access.LINK;
        }
        if (service.equals("ingest-service")) {
            if (BROWSER_SDKS.contains(path) || path.equals("/v1/batch") || path.equals("/v1/{call}")) {
                return Access.INGEST;
            }
            if (path.equals("/v1/projects/{writeKey}/settings")) {
                return Access.KEY_IN_PATH;
            }
            if (path.startsWith("/v1/import")) {
                return Access.IMPORT;
            }
            if (path.startsWith("/v1/write-keys")) {
                return Access.ADMIN;
            }
        }
        return ADMIN_ONLY.contains(name) ? Access.ADMIN : Access.OPS;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
