package io.touchline.ingest.api;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.touchline.ingest.config.IngestConfig;
import io.touchline.ingest.domain.KeyPolicy;
import io.touchline.ingest.domain.TokenBuckets;
import io.touchline.ingest.domain.Violation;
import io.touchline.ingest.store.RefusalLog;
import io.touchline.ingest.store.RefusalLog.Refusal;
import io.touchline.ingest.store.WriteKeyStore;
import io.touchline.web.Problem;
import io.touchline.web.ProblemException;
import io.vertx.core.http.HttpServerRequest;

/**
 * Admits a request that carries events (or loads an SDK's settings) under its write key's
 * {@link KeyPolicy}: a browser's {@code Origin} must be one the key allows, and a browser key
 * stays within its rate limits, per client address and in all. An admitted browser gets the CORS
 * headers that let it read the answer; a refusal gets none, is counted, and shows up in the
 * tenant's rejections ({@link RefusalLog}).
 */
@ApplicationScoped
public class KeyGuard {

    static final String ORIGIN = "Origin";

    private final WriteKeyStore keys;
    private final RefusalLog refusals;
    private final TokenBuckets perAddress;
    private final TokenBuckets perKey;
    private final Clock clock = Clock.systemUTC();

    public KeyGuard(WriteKeyStore keys, RefusalLog refusals, IngestConfig config) {
        this.keys = keys;
        this.refusals = refusals;
        IngestConfig.Browser browser = config.browser();
        long memory = browser.rateLimitMemory().asLongValue();
        this.perAddress = new TokenBuckets(browser.eventsPerSecondPerAddress(), browser.burstPerAddress(), memory);
        // Keys are few: a sliver of the memory bound is room for thousands.
        this.perKey = new TokenBuckets(browser.eventsPerSecondPerKey(), browser.burstPerKey(), Math.max(memory / 16,
                TokenBuckets.BYTES_PER_BUCKET));
    }

    /**
     * @param rawKey the write key the request carries, or null
     * @param events how many events it carries (a settings load counts as one)
     * @return the key's policy; otherwise a 401, 403 or 429 problem is thrown
     */
    public KeyPolicy admit(String rawKey, HttpServerRequest request, int events) {
        if (rawKey == null || rawKey.isBlank()) {
            throw ProblemException.unauthorized("Send the write key: as 'writeKey' in the body, as the Basic user "
                    + "name, or as 'Authorization: Bearer <key>'");
        }
        KeyPolicy policy = keys.policy(rawKey).orElseThrow(() -> keys.lacksIngestScope(rawKey)
                ? ProblemException.forbidden("This key lacks the scope sending events needs: ingest")
                : ProblemException.unauthorized("Unknown or revoked write key"));
        String origin = request.getHeader(ORIGIN);
        String address = clientAddress(request);
        if (!policy.allowsOrigin(origin)) {
            Violation reason = new Violation(ORIGIN, "allowed-origin", "origin " + origin + " is not one this write "
                    + "key allows; add it to the key's allowedOrigins");
            refusals.refused(new Refusal(policy.tenantId(), policy.keyId(), reason, origin, address), events,
                    clock.instant());
            throw new ProblemException(403, "Forbidden", "This write key does not accept events from " + origin,
                    List.of(new Problem.FieldError(reason.field(), reason.rule(), reason.message())), null);
        }
        if (origin != null) {
            Cors.allow(request.response(), origin);
        }
        if (policy.isBrowserKey()) {
            long now = System.nanoTime();
            String addressKey = policy.keyId() + "|" + address;
            Duration wait = perAddress.take(addressKey, events, now);
            String rule = "rate-limit-address";
            if (wait.isZero()) {
                wait = perKey.take(policy.keyId(), events, now);
                rule = "rate-limit-key";
                if (!wait.isZero()) {
                    perAddress.giveBack(addressKey, events);
                }
            }
            if (!wait.isZero()) {
                Violation reason = new Violation("", rule, rule.equals("rate-limit-address")
                        ? "this client address sent more events with this key than its rate limit"
                        : "this key's clients together sent more events than its rate limit");
                refusals.refused(new Refusal(policy.tenantId(), policy.keyId(), reason, origin, address), events,
                        clock.instant());
                int seconds = (int) Math.max(1, (wait.toMillis() + 999) / 1000);
                throw ProblemException.tooManyRequests("Too many events with this write key"
                        + (rule.equals("rate-limit-address") ? " from this address" : "") + "; none of this request's "
                        + "were accepted. Retry after " + seconds + " s.", seconds);
            }
        }
        return policy;
    }

    /** The key a request carries: in its body or query when given, else in {@code Authorization}. */
    static String keyOf(String inRequest, String authorization) {
        return inRequest != null && !inRequest.isBlank() ? inRequest
                : io.touchline.web.auth.Credentials.keyFrom(authorization).orElse(null);
    }

    /**
     * The client's address as the HTTP server sees it: behind a proxy, the forwarded address once
     * {@code quarkus.http.proxy.proxy-address-forwarding} is on (docs/sending-events.md).
     */
    static String clientAddress(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }
}
