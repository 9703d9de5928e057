package io.touchline.notification.store;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.touchline.messaging.Sql;
import io.touchline.messaging.contract.MessageTemplates;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Tenants' email templates, in Qute: a subject, a plain-text part and an HTML part. A new tenant
 * gets one per default playbook message, with the default text; the variables are in
 * docs/notifications.md.
 */
@ApplicationScoped
public class TemplateStore {

    public record Template(String templateId, String subject, String textBody, String htmlBody) {
    }

    /** A default template: the message's text between a greeting and the sign-off and unsubscribe link. */
    static Template defaultTemplate(String templateId) {
        MessageTemplates.Text text = MessageTemplates.of(templateId);
        return new Template(templateId, text.title(), """
                Hi,

                %s

                {sender.name}

                To stop these emails: {unsubscribeUrl}
                """.formatted(text.body()), """
                <p>Hi,</p>
                <p>%s</p>
                <p>{sender.name}</p>
                <p style="font-size:12px;color:#666"><a href="{unsubscribeUrl}">Unsubscribe</a></p>
                """.formatted(text.body()));
    }

    Uni<Void> seed(SqlConnection connection, String tenantId) {
        List<Template> defaults = new ArrayList<>();
        MessageTemplates.ids().stream().sorted().forEach(id -> defaults.add(defaultTemplate(id)));
        return connection.preparedQuery("""
                insert into email_template (tenant_id, template_id, subject, text_body, html_body, updated_at)
                select $1, i, s, t, h, now() from unnest($2::text[], $3::text[], $4::text[], $5::text[]) as u(i, s, t, h)
                on conflict do nothing""")
                .execute(Tuple.of(tenantId, defaults.stream().map(Template::templateId).toArray(String[]::new),
                        defaults.stream().map(Template::subject).toArray(String[]::new),
                        defaults.stream().map(Template::textBody).toArray(String[]::new),
                        defaults.stream().map(Template::htmlBody).toArray(String[]::new)))
                .replaceWithVoid();
    }

    public Uni<List<Template>> all(SqlClient client, String tenantId) {
        return client.preparedQuery("select * from email_template where tenant_id = $1 order by template_id")
                .execute(Tuple.of(tenantId))
                .map(rows -> Sql.list(rows, TemplateStore::read));
    }

    /** The template; null when the tenant has none of that id. */
    public Uni<Template> get(SqlClient client, String tenantId, String templateId) {
        return client.preparedQuery("select * from email_template where tenant_id = $1 and template_id = $2")
                .execute(Tuple.of(tenantId, templateId))
                .map(rows -> rows.size() == 0 ? null : read(rows.iterator().next()));
    }

    public Uni<Template> put(SqlClient client, String tenantId, Template template) {
        return client.preparedQuery("""
                insert into email_template (tenant_id, template_id, subject, text_body, html_body, updated_at)
                values ($1, $2, $3, $4, $5, now())
                on conflict (tenant_id, template_id) do update
                set subject = excluded.subject, text_body = excluded.text_body, html_body = excluded.html_body,
                    updated_at = now()
                returning *""")
                .execute(Tuple.of(tenantId, template.templateId(), template.subject(), template.textBody(),
                        template.htmlBody()))
                .map(rows -> read(rows.iterator().next()));
    }

    private static Template read(Row row) {
        return new Template(row.getString("template_id"), row.getString("subject"), row.getString("text_body"),
                row.getString("html_body"));
    }
}
