package io.touchline.playbook.messaging;

import java.time.Instant;

import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.Topics;
import io.touchline.messaging.contract.CsTask;
import io.touchline.messaging.contract.MessageTemplates;
import io.touchline.messaging.contract.MessageTypes;
import io.touchline.messaging.contract.TouchMessage;
import io.touchline.messaging.outbox.Outbox;
import io.touchline.playbook.domain.Audience;
import io.touchline.playbook.domain.Decision;
import io.touchline.playbook.domain.Playbook;
import io.touchline.playbook.domain.TaskStatus;
import io.touchline.playbook.domain.Wire;

/** What playbook-service publishes, through its outbox: task events on cs-tasks, message requests on touch-messages. */
public final class OutgoingMessages {

    private OutgoingMessages() {
    }

    /**
     * The event of a task's change: {@code cs.task.created} for version 1, {@code cs.task.completed}
     * when it completed it, else {@code cs.task.updated}. Its id is the task's id and version, so a
     * change published twice is one event.
     */
    public static Outbox.Pending taskEvent(String tenantId, CsTask task, Instant eventTime, String traceParent) {
        String type = task.version() == 1 ? MessageTypes.CS_TASK_CREATED
                : Wire.name(TaskStatus.COMPLETED).equals(task.status()) ? MessageTypes.CS_TASK_COMPLETED
                        : MessageTypes.CS_TASK_UPDATED;
        return new Outbox.Pending(Topics.CS_TASKS, new EnvelopeCodec.Typed<>(task.taskId() + ":" + task.version(), type,
                tenantId, task.accountId(), eventTime, Instant.now(), task), traceParent);
    }

    /** A message request of a playbook's decision. */
    public static Outbox.Pending touchMessage(Playbook playbook, Decision.MessageDraft draft, String tenantId,
            String accountId, String signalId, Instant eventTime, String traceParent) {
        MessageTemplates.Text text = MessageTemplates.of(draft.template());
        TouchMessage message = new TouchMessage(draft.id(), Wire.name(draft.channel()),
                draft.audience() == Audience.ACTIVE_USERS ? draft.recipient() : null, text == null ? null : text.title(),
                text == null ? null : text.body(), draft.taskId(), draft.template(), Wire.name(draft.audience()),
                draft.recipient(), playbook.id(), playbook.version(), signalId);
        return new Outbox.Pending(Topics.TOUCH_MESSAGES, new EnvelopeCodec.Typed<>(draft.id(), MessageTypes.TOUCH_MESSAGE,
                tenantId, accountId, eventTime, Instant.now(), message), traceParent);
    }
}
