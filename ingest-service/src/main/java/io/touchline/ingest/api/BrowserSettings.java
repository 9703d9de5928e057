package io.touchline.ingest.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.touchline.ingest.domain.KeyPolicy;

/**
 * The documents browser SDKs load at start-up, as their vendors' CDNs would serve them for a
 * source whose only destination is Touchline: no device-mode destinations, no remote plugins or
 * middleware, and no SDK metrics or error reports, so a page talks to ingest and nothing else.
 */
final class BrowserSettings {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private BrowserSettings() {
    }

    /**
     * analytics.js 2.0's {@code /v1/projects/{writeKey}/settings}, delivering to this ingest.
     *
     * @param publicUrl where browsers reach ingest, e.g. {@code https://ingest.example.com}
     */
    static ObjectNode segment(String writeKey, String publicUrl) {
        int scheme = publicUrl.indexOf("://");
        ObjectNode settings = JSON.objectNode();
        ObjectNode segmentIo = settings.putObject("integrations").putObject("Segment.io");
        segmentIo.put("apiKey", writeKey);
        segmentIo.put("apiHost", publicUrl.substring(scheme + 3) + "/v1");
        segmentIo.put("protocol", publicUrl.substring(0, scheme));
        segmentIo.putArray("unbundledIntegrations");
        segmentIo.put("addBundledMetadata", true);
        segmentIo.putObject("maybeBundledConfigIds");
        ObjectNode plan = settings.putObject("plan");
        plan.putObject("track").putObject("__default").put("enabled", true).putObject("integrations");
        plan.putObject("identify").putObject("__default").put("enabled", true);
        plan.putObject("group").putObject("__default").put("enabled", true);
        settings.putObject("edgeFunction");
        settings.put("analyticsNextEnabled", true);
        settings.putObject("middlewareSettings");
        settings.putObject("enabledMiddleware");
        settings.putObject("metrics").put("sampleRate", 0);
        settings.put("legacyVideoPluginsEnabled", false);
        settings.putArray("remotePlugins");
        return settings;
    }

    /** RudderStack's source configuration ({@code /sourceConfig}) for the key's tenant. */
    static ObjectNode rudderStack(String writeKey, KeyPolicy policy) {
        ObjectNode config = JSON.objectNode();
        config.put("isHosted", false);
        ObjectNode source = config.putObject("source");
        source.put("id", policy.keyId() == null ? policy.tenantId() : policy.keyId());
        source.put("name", "Touchline");
        source.put("writeKey", writeKey);
        source.put("enabled", true);
        source.put("workspaceId", policy.tenantId());
        ObjectNode stats = source.putObject("config").putObject("statsCollection");
        stats.putObject("errors").put("enabled", false);
        stats.putObject("metrics").put("enabled", false);
        source.putArray("destinations");
        return config;
    }
}
