package io.touchline.notification.application;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Instant;
import java.util.concurrent.CompletionException;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.touchline.messaging.tracing.TraceContext;
import io.touchline.notification.config.NotificationConfig;
import io.touchline.notification.domain.SendOutcome;

/**
 * POSTs a webhook. 2xx is sent; 429, 5xx, a connection failure and a timeout are transient; any
 * other status (a 4xx, a redirect) is permanent: the receiver said no and will say it again. A
 * timeout is retried although the receiver may have taken the request: webhooks are at least
 * once there, and the receiver drops a repeat by its {@code Touchline-Delivery-Id}.
 */
@ApplicationScoped
public class WebhookSender {

    private final HttpClient client;
    private final NotificationConfig config;
    private final TraceContext tracing;

    public WebhookSender(NotificationConfig config, TraceContext tracing) {
        this.config = config;
        this.tracing = tracing;
        this.client = HttpClient.newBuilder().connectTimeout(config.sendTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Sends {@code webhook}. A traced delivery ({@code traceParent} not null) is a span from when
     * it was queued, and the request carries that span's W3C {@code traceparent} header.
     */
    public Uni<SendOutcome> send(Rendering.Webhook webhook, String traceParent, Instant queuedAt) {
        String trace = tracing.hop("deliver webhook", traceParent, queuedAt);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(webhook.url()))
                .timeout(config.sendTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Touchline-Webhooks/1")
                .POST(HttpRequest.BodyPublishers.ofString(webhook.body()));
        webhook.headers().forEach(request::header);
        if (trace != null) {
            request.header(TraceContext.HEADER, trace);
        }
        return Uni.createFrom().completionStage(() -> client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()))
                .map(response -> classify(response.statusCode()))
                .onFailure().recoverWithItem(WebhookSender::classify);
    }

    static SendOutcome classify(int status) {
        String detail = "HTTP " + status;
        if (status >= 200 && status < 300) {
            return SendOutcome.sent(detail);
        }
        return status == 429 || status >= 500 ? SendOutcome.transientFailure(detail) : SendOutcome.permanentFailure(detail);
    }

    private static SendOutcome classify(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return SendOutcome.transientFailure(cause instanceof HttpTimeoutException ? "no answer in time"
                : cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }
}
