package io.touchline.messaging.contract;

/** Values of {@code Envelope.type}; docs/event-schemas.md describes each payload. */
public final class MessageTypes {

    /** A Segment-spec usage event; the suffix is the Segment call: track, identify, group, page, screen. */
    public static final String USAGE_PREFIX = "usage.";
    public static final String HEALTH_SIGNAL = "health.signal";
    public static final String HEALTH_SCORE = "health.score";
    /** On every partition of {@code usage-imports}, after an import's last event: the import ended. */
    public static final String IMPORT_COMPLETED = "import.completed";
    /** Scoring's progress through an import, on {@code import-progress}. */
    public static final String IMPORT_PROGRESS = "import.progress";
    public static final String TOUCH_MESSAGE = "touch.message";
    /** A CSM task was created, changed (acknowledged, snoozed, reassigned, dismissed, reopened) or completed. */
    public static final String CS_TASK_CREATED = "cs.task.created";
    public static final String CS_TASK_UPDATED = "cs.task.updated";
    public static final String CS_TASK_COMPLETED = "cs.task.completed";

    private MessageTypes() {
    }

    public static String usage(String segmentCall) {
        return USAGE_PREFIX + segmentCall;
    }
}
