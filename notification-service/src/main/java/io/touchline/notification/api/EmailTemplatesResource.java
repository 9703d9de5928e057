package io.touchline.notification.api;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.mutiny.Uni;
import io.touchline.notification.application.Rendering;
import io.touchline.notification.store.TemplateStore;
import io.touchline.notification.store.TenantStore;
import io.touchline.web.BodyFields;
import io.touchline.web.ProblemException;
import io.touchline.web.StrictJson;
import io.touchline.web.auth.CurrentCaller;
import io.touchline.web.auth.RequiresScope;
import io.touchline.web.auth.Scope;
import io.vertx.mutiny.sqlclient.Pool;

/** The tenant's email templates (Qute), one per template id a playbook names; docs/notifications.md lists the variables. */
@Path("/v1/email-templates")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope({ Scope.OPS, Scope.ADMIN })
public class EmailTemplatesResource {

    static final int MAX_ID = 64;
    static final int MAX_SUBJECT = 500;
    static final int MAX_BODY = 100_000;

    public record TemplateRequest(String subject, String textBody, String htmlBody) {
    }

    private final Pool pool;
    private final TenantStore tenants;
    private final TemplateStore templates;
    private final Rendering rendering;
    private final CurrentCaller caller;

    public EmailTemplatesResource(Pool pool, TenantStore tenants, TemplateStore templates, Rendering rendering,
            CurrentCaller caller) {
        this.pool = pool;
        this.tenants = tenants;
        this.templates = templates;
        this.rendering = rendering;
        this.caller = caller;
    }

    @GET
    public Uni<List<TemplateStore.Template>> list() {
        String tenantId = caller.tenantId();
        return pool.withTransaction(connection -> tenants.ensure(connection, tenantId)
                .flatMap(x -> templates.all(connection, tenantId)));
    }

    @GET
    @Path("/{templateId}")
    public Uni<TemplateStore.Template> get(@PathParam("templateId") String templateId) {
        String tenantId = caller.tenantId();
        return pool.withTransaction(connection -> tenants.ensure(connection, tenantId)
                .flatMap(x -> templates.get(connection, tenantId, templateId)))
                .map(template -> {
                    if (template == null) {
                        throw ProblemException.notFound("No email template " + templateId);
                    }
                    return template;
                });
    }

    /** Creates or replaces a template, once all three parts render. */
    @PUT
    @Path("/{templateId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    public Uni<TemplateStore.Template> put(@PathParam("templateId") String templateId, TemplateRequest request) {
        BodyFields.body(request, "subject, textBody and htmlBody");
        if (!templateId.matches("[a-z0-9][a-z0-9-]{0," + (MAX_ID - 1) + "}")) {
            throw ProblemException.invalidField("templateId", "pattern",
                    "must be lower-case letters, digits and dashes, at most " + MAX_ID + " characters");
        }
        TemplateStore.Template template = new TemplateStore.Template(templateId,
                BodyFields.requiredText("subject", request.subject(), MAX_SUBJECT),
                BodyFields.requiredText("textBody", request.textBody(), MAX_BODY),
                BodyFields.requiredText("htmlBody", request.htmlBody(), MAX_BODY));
        try {
            rendering.check(template);
        } catch (Rendering.NotRenderable e) {
            throw ProblemException.invalidField(e.part(), "template", e.getMessage());
        }
        String tenantId = caller.tenantId();
        return pool.withTransaction(connection -> tenants.ensure(connection, tenantId)
                .flatMap(x -> templates.put(connection, tenantId, template)));
    }
}
