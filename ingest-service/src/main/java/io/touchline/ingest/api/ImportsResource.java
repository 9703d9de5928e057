package io.touchline.ingest.api;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.smallrye.mutiny.Uni;
import io.touchline.ingest.messaging.IngestPipeline;
import io.touchline.ingest.messaging.IngestPipeline.IncomingEvent;
import io.touchline.ingest.messaging.UsageEventPublisher;
import io.touchline.ingest.store.ImportJobStore;
import io.touchline.ingest.store.ImportJobStore.ImportJob;
import io.touchline.ingest.store.ImportJobStore.OpenImportException;
import io.touchline.web.Problem;
import io.touchline.web.ProblemException;
import io.touchline.web.auth.CurrentCaller;
import io.touchline.web.auth.RequiresScope;
import io.touchline.web.auth.Scope;

/**
 * Imports of history (docs/backfill.md): Segment batches whose events carry their own
 * {@code timestamp}, sent with a key of scope {@code import} to {@code POST /v1/import}, go to
 * {@code usage-imports}, where scoring applies them on event time. An import is a job: opened
 * (explicitly, or by its first batch), fed, ended, then handed over by scoring to the wall clock.
 * A tenant has one open import at a time. Events keep their message ids, so a batch sent twice is
 * applied once.
 */
@Path("/v1")
@RequiresScope(Scope.IMPORT)
@Produces(MediaType.APPLICATION_JSON)
public class ImportsResource {

    private static final String SOURCE = "import";

    /**
     * How to open an import.
     *
     * @param actionsFrom signals for moments from this instant on may act (tasks, messages); by
     *        default none of the import's signals do
     */
    public record NewImport(String actionsFrom) {
    }

    private final IngestPipeline pipeline;
    private final UsageEventPublisher publisher;
    private final ImportJobStore jobs;
    private final SegmentRequests requests;
    private final CurrentCaller caller;
    private final Clock clock = Clock.systemUTC();

    public ImportsResource(IngestPipeline pipeline, UsageEventPublisher publisher, ImportJobStore jobs,
            SegmentRequests requests, CurrentCaller caller) {
        this.pipeline = pipeline;
        this.publisher = publisher;
        this.jobs = jobs;
        this.requests = requests;
        this.caller = caller;
    }

    @POST
    @Path("/imports")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Open an import of history: {\"actionsFrom\": optional ISO-8601 instant}")
    public Uni<Response> open(NewImport request) {
        Instant actionsFrom = request == null || request.actionsFrom() == null ? null
                : instant(request.actionsFrom(), "actionsFrom");
        return jobs.create(caller.tenantId(), actionsFrom)
                .onFailure(OpenImportException.class).transform(ImportsResource::conflict)
                .map(job -> Response.status(201).entity(job).build());
    }

    @POST
    @Path("/import")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "A batch of historical Segment calls (gzip accepted), into the tenant's open import or ?importId")
    public Uni<SegmentResource.BatchResponse> batch(@QueryParam("importId") String importId,
            @HeaderParam("Content-Encoding") String encoding, byte[] body) {
        Instant receivedAt = clock.instant();
        SegmentRequests.ParsedBatch batch = requests.parseBatch(body, encoding);
        List<IncomingEvent> events = batch.requireEvents();
        return receiving(importId).flatMap(job -> pipeline
                .ingest(caller.tenantId(), null, events, receivedAt, batch.sentAt(), SOURCE,
                        new IngestPipeline.Lane(job.id(), job.actionsFrom()))
                .onFailure().transform(requests::unavailable)
                .call(outcome -> jobs.count(job.id(), events.size(), outcome.accepted(), reasons(outcome))))
                .map(SegmentRequests::toResponse);
    }

    @POST
    @Path("/imports/{id}/end")
    @Operation(summary = "End an import: scoring applies the rest, then hands the tenant over to the wall clock")
    public Uni<Response> end(@PathParam("id") String id) {
        return jobs.end(caller.tenantId(), id).flatMap(job -> {
            if (job == null) {
                return jobs.find(caller.tenantId(), id).map(found -> {
                    if (found == null) {
                        throw ProblemException.notFound("No import '" + id + "' in this tenant");
                    }
                    // Ended already: ending again changes nothing.
                    return Response.accepted(found).build();
                });
            }
            return publisher.endImport(caller.tenantId(), id, clock.instant())
                    .onFailure().transform(requests::unavailable)
                    .replaceWith(Response.accepted(job).build());
        });
    }

    @GET
    @Path("/imports/{id}")
    @Operation(summary = "An import: events read, accepted, rejected (by reason), applied, late, the watermark and state")
    public Uni<ImportJob> get(@PathParam("id") String id) {
        return jobs.find(caller.tenantId(), id).map(job -> {
            if (job == null) {
                throw ProblemException.notFound("No import '" + id + "' in this tenant");
            }
            return job;
        });
    }

    @GET
    @Path("/imports")
    @Operation(summary = "The tenant's imports, newest first")
    public Uni<List<ImportJob>> list() {
        return jobs.list(caller.tenantId(), 100);
    }

    /** The job a batch goes to: the one named, else the tenant's open one, opened now if none. */
    private Uni<ImportJob> receiving(String importId) {
        Uni<ImportJob> job = importId == null
                ? jobs.open(caller.tenantId()).flatMap(open -> open != null ? Uni.createFrom().item(open)
                        : jobs.create(caller.tenantId(), null).onFailure(OpenImportException.class)
                                .recoverWithUni(() -> jobs.open(caller.tenantId())))
                : jobs.find(caller.tenantId(), importId);
        return job.map(found -> {
            if (found == null) {
                throw ProblemException.invalidField("importId", "exists", "no import '" + importId + "' in this tenant");
            }
            if (!ImportJobStore.RECEIVING.equals(found.state())) {
                throw ProblemException.conflict("Import " + found.id() + " has ended; open a new one for more history");
            }
            return found;
        });
    }

    private static Map<String, Integer> reasons(IngestPipeline.Outcome outcome) {
        Map<String, Integer> reasons = new LinkedHashMap<>();
        for (IngestPipeline.Rejected rejected : outcome.rejected()) {
            rejected.reasons().forEach(v -> reasons.merge((v.field().isEmpty() ? "" : v.field() + ": ") + v.rule(), 1,
                    Integer::sum));
        }
        return reasons;
    }

    private static Throwable conflict(Throwable failure) {
        ImportJob open = ((OpenImportException) failure).open;
        return ProblemException.conflict("Import " + open.id() + " is still open (" + open.state()
                + "); a tenant has one open import at a time");
    }

    private static Instant instant(String value, String field) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("The import cannot be opened",
                    new Problem.FieldError(field, "iso-8601", "must be an ISO-8601 instant, e.g. 2026-01-01T00:00:00Z"));
        }
    }
}
