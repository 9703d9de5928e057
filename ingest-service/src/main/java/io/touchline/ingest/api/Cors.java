package io.touchline.ingest.api;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.touchline.ingest.config.IngestConfig;
import io.touchline.ingest.domain.KeyPolicy;
import io.touchline.ingest.domain.Violation;
import io.touchline.ingest.store.RefusalLog;
import io.touchline.ingest.store.RefusalLog.Refusal;
import io.touchline.ingest.store.WriteKeyStore;
import io.touchline.web.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;

/**
 * CORS for the endpoints browsers send events to, per write key. A preflight is answered for an
 * origin the key allows when the key is in the URL (a settings document, {@code ?writeKey=}),
 * else for an origin some active browser key allows, since a preflight carries no credentials;
 * the request itself is then held to its own key's origins by {@link KeyGuard}. Credentials are
 * never allowed, and browsers may cache the answer for {@code preflight-max-age}. Every other
 * path gets no CORS headers, so the admin and ops APIs stay closed to pages.
 */
@ApplicationScoped
public class Cors {

    /** Where browser SDKs send events and load their settings. */
    static final Pattern BROWSER_PATHS = Pattern.compile(
            "/v1/(?:track|identify|group|page|screen|batch|[tpigsab]|projects/([^/]+)/settings)|/sourceConfig/?|/beacon/v1/batch");
    /**
     * Headers allowed when a preflight asks for none or for something that is not a plain list of
     * header names: what analytics.js and RudderStack's SDK send, retries included.
     */
    static final String ALLOWED_HEADERS = "Authorization, Content-Type, Content-Encoding, AnonymousId, SentAt, "
            + "X-Retry-Count, Rsa-Recovered, Rsa-Retry-Attempt, Rsa-Since-Last-Attempt, Rsa-Since-First-Attempt";
    /** A list of header names a preflight may ask for, which is then allowed as asked. */
    private static final Pattern HEADER_NAMES = Pattern.compile("[A-Za-z0-9-]{1,64}(?:\\s*,\\s*[A-Za-z0-9-]{1,64}){0,31}");

    private final WriteKeyStore keys;
    private final RefusalLog refusals;
    private final long maxAgeSeconds;
    private final byte[] refusal;

    Cors(WriteKeyStore keys, RefusalLog refusals, IngestConfig config, ObjectMapper mapper) throws JsonProcessingException {
        this.keys = keys;
        this.refusals = refusals;
        this.maxAgeSeconds = config.browser().preflightMaxAge().toSeconds();
        this.refusal = mapper.writeValueAsBytes(new Problem("https://touchline.dev/problems/403", "Forbidden", 403,
                "No write key accepts events from this origin", List.of(new Problem.FieldError(KeyGuard.ORIGIN,
                        "allowed-origin", "add the page's origin to the write key's allowedOrigins"))));
    }

    /** Lets a browser read the answer to a request from an origin its key allows. */
    static void allow(HttpServerResponse response, String origin) {
        response.putHeader("Access-Control-Allow-Origin", origin);
        response.putHeader(HttpHeaders.VARY, KeyGuard.ORIGIN);
        response.putHeader("Access-Control-Expose-Headers", "Retry-After");
    }

    void answerPreflights(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(context -> {
            HttpServerRequest request = context.request();
            String origin = request.getHeader(KeyGuard.ORIGIN);
            Matcher path = BROWSER_PATHS.matcher(request.path());
            if (request.method() != HttpMethod.OPTIONS || origin == null
                    || request.getHeader("Access-Control-Request-Method") == null || !path.matches()) {
                context.next();
                return;
            }
            HttpServerResponse response = context.response();
            if (!allowed(origin, keyIn(path, request), request)) {
                response.setStatusCode(403).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .end(Buffer.buffer(refusal));
                return;
            }
            allow(response, origin);
            response.putHeader("Access-Control-Allow-Methods", "GET, POST")
                    .putHeader("Access-Control-Allow-Headers", allowedHeaders(request))
                    .putHeader("Access-Control-Max-Age", Long.toString(maxAgeSeconds))
                    .setStatusCode(204).end();
        });
    }

    private boolean allowed(String origin, String key, HttpServerRequest request) {
        if (key == null) {
            if (keys.anyKeyAllows(origin)) {
                return true;
            }
            refusals.refusedUnknown("allowed-origin");
            return false;
        }
        KeyPolicy policy = keys.policy(key).orElse(null);
        if (policy == null) {
            refusals.refusedUnknown("allowed-origin");
            return false;
        }
        if (policy.isBrowserKey() && policy.allowsOrigin(origin)) {
            return true;
        }
        refusals.refused(new Refusal(policy.tenantId(), policy.keyId(), new Violation(KeyGuard.ORIGIN,
                "allowed-origin", "a preflight from " + origin + ", which this write key does not allow"), origin,
                KeyGuard.clientAddress(request)), 0, java.time.Instant.now());
        return false;
    }

    /**
     * The headers a preflight asks for, when they are a plain list of names: headers carry no
     * credentials here and ingest ignores those it does not know, so a new SDK release that adds a
     * header of its own keeps delivering instead of failing its preflight.
     */
    static String allowedHeaders(HttpServerRequest request) {
        String asked = request.getHeader("Access-Control-Request-Headers");
        return asked != null && HEADER_NAMES.matcher(asked.strip()).matches() ? asked.strip() : ALLOWED_HEADERS;
    }

    private static String keyIn(Matcher path, HttpServerRequest request) {
        return path.group(1) != null ? path.group(1) : request.getParam("writeKey");
    }
}
