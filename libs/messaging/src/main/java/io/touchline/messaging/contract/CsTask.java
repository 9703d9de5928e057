package io.touchline.messaging.contract;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Payload of {@code cs.task.created}, {@code cs.task.updated} and {@code cs.task.completed} on
 * {@code cs-tasks}, and the task as playbook-service's REST API shows it: a CSM task as it is
 * after the change the message reports.
 *
 * @param taskId deterministic from the signal, the playbook and the action; the envelope id is
 *        {@code <taskId>:<version>}
 * @param playbookVersion the version of the playbook that made it
 * @param tier the account's touch tier when the signal fired
 * @param stage the account's lifecycle stage when the signal fired
 * @param checklist steps for the CSM, in order
 * @param priority {@code high}, {@code normal} or {@code low}
 * @param owner the CSM's email, else the team queue of the account's tier, else the tenant's
 *        fallback owner
 * @param status {@code open}, {@code acknowledged}, {@code snoozed}, {@code completed} or
 *        {@code dismissed}
 * @param dueDate the business day it is due, in the tenant's time zone
 * @param dueAt the end of that day, as an instant
 * @param snoozedUntil while snoozed, when it opens again
 * @param outcome how it was completed
 * @param note the CSM's note on completing it
 * @param dismissReason why it was dismissed
 * @param version 1 when created, one more with every change; the REST API's ETag
 * @param changedBy who made the last change, when the caller said
 */
public record CsTask(String taskId, String accountId, String playbookId, int playbookVersion, String signalId,
        String signalType, String tier, String stage, String title, List<String> checklist, String priority,
        String owner, String status, LocalDate dueDate, Instant dueAt, Instant snoozedUntil, String outcome,
        String note, String dismissReason, int version, Instant createdAt, Instant updatedAt, String changedBy) {

    public CsTask {
        Contracts.require(taskId, "taskId");
        Contracts.require(status, "status");
        checklist = checklist == null ? List.of() : List.copyOf(checklist);
    }
}
