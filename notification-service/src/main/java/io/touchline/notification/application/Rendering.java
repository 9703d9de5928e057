package io.touchline.notification.application;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.mailer.Mail;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.Variant;
import io.smallrye.mutiny.Uni;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.contract.CsTask;
import io.touchline.messaging.contract.TouchMessage;
import io.touchline.notification.config.NotificationConfig;
import io.touchline.notification.domain.TenantChannels;
import io.touchline.notification.domain.UnsubscribeTokens;
import io.touchline.notification.domain.WebhookSignature;
import io.touchline.notification.store.Delivery;
import io.touchline.notification.store.DeliveryStore;
import io.touchline.notification.store.TemplateStore;
import io.touchline.notification.store.TenantStore;
import io.vertx.mutiny.sqlclient.SqlClient;

/** What a delivery sends, rendered from its request, the tenant's channels and templates. */
@ApplicationScoped
public class Rendering {

    /** A delivery, ready to send. */
    public sealed interface Rendered {
    }

    public record Email(Mail mail) implements Rendered {
    }

    /** @param headers besides {@code Content-Type: application/json} */
    public record Webhook(String url, String body, Map<String, String> headers) implements Rendered {
    }

    /** A delivery that cannot be rendered: no later attempt would do better. */
    public static class NotRenderable extends RuntimeException {

        private final String part;

        NotRenderable(String part, String message) {
            super(message);
            this.part = part;
        }

        /** The template's part that failed: {@code subject}, {@code textBody} or {@code htmlBody}; null for none. */
        public String part() {
            return part;
        }
    }

    public static final String DELIVERY_ID_HEADER = "Touchline-Delivery-Id";

    private final Engine engine;
    private final TemplateStore templates;
    private final DeliveryStore deliveries;
    private final EnvelopeCodec codec;
    private final ObjectMapper mapper;
    private final NotificationConfig config;

    public Rendering(Engine engine, TemplateStore templates, DeliveryStore deliveries, EnvelopeCodec codec,
            ObjectMapper mapper, NotificationConfig config) {
        this.engine = engine;
        this.templates = templates;
        this.deliveries = deliveries;
        this.codec = codec;
        this.mapper = mapper;
        this.config = config;
    }

    public Uni<Rendered> render(SqlClient client, TenantStore.Tenant tenant, Delivery delivery) {
        TenantChannels channels = tenant.channels();
        return switch (delivery.kind()) {
            case MESSAGE -> TouchMessage.EMAIL.equals(delivery.channel())
                    ? templates.get(client, tenant.tenantId(), delivery.templateId())
                            .map(template -> messageEmail(tenant, delivery, template))
                    : Uni.createFrom().item(messageWebhook(tenant, delivery));
            case TASK -> Uni.createFrom().item(TenantChannels.EMAIL.equals(delivery.channel())
                    ? taskEmail(channels, delivery, "task-notification", Map.of("task", task(delivery)),
                            "New task: " + delivery.title())
                    : slack(channels.csmWebhookUrl(), delivery, taskLine(task(delivery))));
            case DIGEST -> deliveries.digestItems(client, tenant.tenantId(), delivery.id()).map(items -> {
                List<Map<String, Object>> tasks = items.stream().map(this::task).toList();
                return TenantChannels.EMAIL.equals(delivery.channel())
                        ? taskEmail(channels, delivery, "task-digest", Map.of("tasks", tasks),
                                tasks.size() + (tasks.size() == 1 ? " new task" : " new tasks"))
                        : slack(channels.csmWebhookUrl(), delivery, tasks.size() + " new tasks:\n"
                                + String.join("\n", tasks.stream().map(Rendering::taskLine).toList()));
            });
            case DIGEST_ITEM -> throw new IllegalStateException("digest items go out in their digest");
        };
    }

    /** The signed link that opts the recipient out of the channel, without login. */
    public String unsubscribeUrl(TenantStore.Tenant tenant, String recipient, String channel) {
        String token = UnsubscribeTokens.sign(new UnsubscribeTokens.OptOut(tenant.tenantId(), recipient, channel),
                tenant.secrets().signingSecret());
        return config.publicUrl() + "/v1/unsubscribe?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    private Rendered messageEmail(TenantStore.Tenant tenant, Delivery delivery, TemplateStore.Template stored) {
        TemplateStore.Template template = stored != null ? stored : fallback(delivery);
        TouchMessage message = message(delivery);
        String unsubscribe = unsubscribeUrl(tenant, delivery.recipient(), TouchMessage.EMAIL);
        Map<String, Object> data = new HashMap<>();
        data.put("account", Map.of("id", delivery.accountId()));
        Map<String, Object> user = new HashMap<>();
        user.put("id", message.recipientUserId());
        user.put("email", delivery.recipient());
        data.put("user", user);
        Map<String, Object> text = new HashMap<>();
        text.put("title", message.title());
        text.put("body", message.body());
        text.put("templateId", message.templateId());
        text.put("playbookId", message.playbookId());
        data.put("message", text);
        data.put("sender", Map.of("name", tenant.channels().senderName(), "email", tenant.channels().senderEmail()));
        data.put("unsubscribeUrl", unsubscribe);
        Mail mail = new Mail()
                .setFrom(from(tenant.channels()))
                .setTo(List.of(delivery.recipient()))
                .setSubject(render("subject", template.subject(), Variant.TEXT_PLAIN, data).strip())
                .setText(render("textBody", template.textBody(), Variant.TEXT_PLAIN, data))
                .setHtml(render("htmlBody", template.htmlBody(), Variant.TEXT_HTML, data))
                // RFC 2369 and RFC 8058: mail clients show an unsubscribe button that works in one click.
                .addHeader("List-Unsubscribe", "<" + unsubscribe + ">")
                .addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
                .addHeader(DELIVERY_ID_HEADER, delivery.id());
        return new Email(mail);
    }

    /** A message whose template the tenant does not have, sent with the title and body it carries. */
    private static TemplateStore.Template fallback(Delivery delivery) {
        if (delivery.title() == null || delivery.body() == null) {
            throw new NotRenderable(null, "no email template '" + delivery.templateId() + "' and no title and body to send");
        }
        return new TemplateStore.Template(delivery.templateId(), "{message.title}",
                "{message.body}\n\nTo stop these emails: {unsubscribeUrl}\n",
                "<p>{message.body}</p>\n<p style=\"font-size:12px;color:#666\"><a href=\"{unsubscribeUrl}\">Unsubscribe</a></p>\n");
    }

    private String render(String part, String content, String contentType, Map<String, Object> data) {
        try {
            Template template = engine.parse(content, Variant.forContentType(contentType));
            return template.data(data).render();
        } catch (RuntimeException e) {
            throw new NotRenderable(part, "template " + part + " does not render: " + e.getMessage());
        }
    }

    /** Renders a template with sample data: the check a template passes before it is stored. */
    public void check(TemplateStore.Template template) {
        Map<String, Object> data = new HashMap<>();
        data.put("account", Map.of("id", "acme"));
        data.put("user", Map.of("id", "ada", "email", "ada@example.com"));
        data.put("message", Map.of("title", "Title", "body", "Body", "templateId", template.templateId(),
                "playbookId", "playbook"));
        data.put("sender", Map.of("name", "Sender", "email", "sender@example.com"));
        data.put("unsubscribeUrl", "https://example.com/unsubscribe");
        render("subject", template.subject(), Variant.TEXT_PLAIN, data);
        render("textBody", template.textBody(), Variant.TEXT_PLAIN, data);
        render("htmlBody", template.htmlBody(), Variant.TEXT_HTML, data);
    }

    private Rendered taskEmail(TenantChannels channels, Delivery delivery, String template, Map<String, Object> data,
            String subject) {
        return new Email(new Mail()
                .setFrom(from(channels))
                .setTo(List.of(delivery.recipient()))
                .setSubject(subject)
                .setText(engine.getTemplate(template + ".txt").data(data).render())
                .setHtml(engine.getTemplate(template + ".html").data(data).render())
                .addHeader(DELIVERY_ID_HEADER, delivery.id()));
    }

    private Rendered messageWebhook(TenantStore.Tenant tenant, Delivery delivery) {
        TenantChannels channels = tenant.channels();
        TouchMessage message = message(delivery);
        if (TenantChannels.SLACK.equals(channels.webhookFormat())) {
            String title = message.title() == null ? message.templateId() : message.title();
            return slack(channels.webhookUrl(), delivery,
                    "*" + title + "*" + (message.body() == null ? "" : "\n" + message.body()));
        }
        ObjectNode body = mapper.createObjectNode()
                .put("id", delivery.id())
                .put("type", "touch.message")
                .put("tenantId", delivery.tenantId())
                .put("accountId", delivery.accountId())
                .put("templateId", message.templateId())
                .put("title", message.title())
                .put("body", message.body())
                .put("audience", message.audience())
                .put("recipient", message.recipient())
                .put("playbookId", message.playbookId())
                .put("signalId", message.signalId())
                .put("requestedAt", delivery.requestedAt().toString());
        String json = body.toString();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(DELIVERY_ID_HEADER, delivery.id());
        String secret = tenant.secrets().webhookSecret();
        if (secret != null) {
            headers.put(WebhookSignature.HEADER, WebhookSignature.header(secret, Instant.now(), json));
        }
        return new Webhook(channels.webhookUrl(), json, headers);
    }

    /** Slack's incoming-webhook JSON: {@code {"text": ...}}. */
    private Webhook slack(String url, Delivery delivery, String text) {
        return new Webhook(url, mapper.createObjectNode().put("text", text).toString(),
                Map.of(DELIVERY_ID_HEADER, delivery.id()));
    }

    private static String taskLine(Map<String, Object> task) {
        return "New " + task.get("priority") + " priority task for " + task.get("owner") + ": *" + task.get("title")
                + "* (account " + task.get("accountId") + ", due " + task.get("dueDate") + ")";
    }

    private TouchMessage message(Delivery delivery) {
        Envelope envelope = codec.decode(delivery.request());
        return codec.payload(envelope, TouchMessage.class);
    }

    private Map<String, Object> task(Delivery delivery) {
        CsTask task = codec.payload(codec.decode(delivery.request()), CsTask.class);
        Map<String, Object> view = new HashMap<>();
        view.put("taskId", task.taskId());
        view.put("accountId", task.accountId());
        view.put("title", task.title());
        view.put("priority", task.priority());
        view.put("owner", task.owner());
        view.put("dueDate", String.valueOf(task.dueDate()));
        view.put("signalType", task.signalType());
        view.put("playbookId", task.playbookId());
        view.put("checklist", task.checklist());
        return view;
    }

    private static String from(TenantChannels channels) {
        return channels.senderName() + " <" + channels.senderEmail() + ">";
    }
}
