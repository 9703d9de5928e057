package io.touchline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.touchline.testing.TestKeys;
import io.touchline.testing.WebhookReceiver;

/**
 * Tracing on (as the pipeline runs here): the W3C trace context of an ingest request travels in
 * Kafka headers through scoring and playbook to notification-service, whose webhook carries it,
 * and every service exports its hop's span of that one trace.
 */
class TracingIT {

    private static final List<String> SERVICES = List.of("ingest-service", "scoring-service", "playbook-service",
            "notification-service");

    private static Pipeline pipeline;
    private static WebhookReceiver csmHooks;

    @BeforeAll
    static void startTheServices() {
        pipeline = Pipeline.get();
        csmHooks = new WebhookReceiver();
        // The other tenant's CSMs hear of tasks by webhook, so this test's tenant-a stays as the others expect it.
        assertThat(pipeline.notification.put("/v1/channels", TestKeys.OTHER_TENANT_OPS, """
                {"timeZone":"UTC","senderEmail":"cs@initech.test","senderName":"Initech CS","digestHour":8,
                 "emailCap":1,"emailCapDays":3,"csmChannel":"webhook","csmWebhookUrl":"%s","webhookFormat":"json"}"""
                .formatted(csmHooks.url("/csm"))).statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stopTheReceiver() {
        csmHooks.close();
    }

    @Test
    void aWebhookDeliveryCarriesTheTraceIdOfTheIngestRequest() {
        String account = "initech-" + UUID.randomUUID();
        String group = """
                {"userId":"u-1","groupId":"%s","traits":{"mrr":650000,"currency":"JPY","csmOwner":"csm-1@initech.test","primaryContact":"%s"}}""";
        HttpResponse<String> first = pipeline.ingest.post("/v1/group", TestKeys.OTHER_TENANT_INGEST,
                group.formatted(account, "ada@initech.test"));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        await("the first contact is known").atMost(Duration.ofSeconds(30)).until(() -> pipeline.playbook
                .get("/v1/tasks?accountId=" + account, TestKeys.OTHER_TENANT_OPS).body().contains("\"taskId\""));

        String traceId = HexFormat.of().formatHex(uuidBytes());
        String traceParent = "00-" + traceId + "-" + traceId.substring(0, 16) + "-01";
        HttpResponse<String> second = pipeline.ingest.post("/v1/group", TestKeys.OTHER_TENANT_INGEST,
                group.formatted(account, "bob@initech.test"), Map.of("traceparent", traceParent));
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);

        WebhookReceiver.Received hook = await("the new-contact task's webhook").atMost(Duration.ofSeconds(30))
                .until(() -> csmHooks.received("/csm").stream()
                        .filter(r -> r.body().contains(account) && r.body().contains("Meet the new contact")).toList(),
                        hooks -> hooks.size() == 1)
                .get(0);
        String delivered = hook.header("traceparent");
        assertThat(delivered).as("the webhook's traceparent").isNotNull().startsWith("00-" + traceId + "-");
        assertThat(delivered.substring(36, 52)).as("a span of its own, not the caller's")
                .isNotEqualTo(traceId.substring(0, 16));

        byte[] traceIdBytes = HexFormat.of().parseHex(traceId);
        Set<String> exporting = await("every service's spans of that trace").atMost(Duration.ofSeconds(30))
                .until(() -> servicesExporting(traceIdBytes), services -> services.containsAll(SERVICES));
        assertThat(exporting).containsAll(SERVICES);
    }

    /** The services whose OTLP exports (protobuf, read as bytes) hold a span of the trace. */
    private static Set<String> servicesExporting(byte[] traceId) {
        Set<String> services = new TreeSet<>();
        for (WebhookReceiver.Received export : pipeline.collector.received()) {
            byte[] content = export.content();
            if (indexOf(content, traceId) >= 0) {
                for (String service : SERVICES) {
                    if (indexOf(content, service.getBytes(StandardCharsets.UTF_8)) >= 0) {
                        services.add(service);
                    }
                }
            }
        }
        return services;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] uuidBytes() {
        UUID id = UUID.randomUUID();
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
                .array();
    }
}
