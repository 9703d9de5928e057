package io.touchline.messaging;

/**
 * Reactive Messaging channel names. Each incoming channel reads the topic of the same name;
 * each service configures the channels it uses in its application.properties.
 */
public final class Channels {

    public static final String USAGE_EVENTS_OUT = "usage-events-out";
    public static final String USAGE_EVENTS_IN = "usage-events-in";
    public static final String USAGE_EVENTS_RAW_IN = "usage-events-raw-in";
    public static final String USAGE_EVENTS_RAW_DLQ_OUT = "usage-events-raw-dlq-out";
    public static final String USAGE_EVENTS_DLQ_OUT = "usage-events-dlq-out";
    public static final String USAGE_IMPORTS_OUT = "usage-imports-out";
    public static final String USAGE_IMPORTS_IN = "usage-imports-in";
    public static final String USAGE_IMPORTS_DLQ_OUT = "usage-imports-dlq-out";
    public static final String IMPORT_PROGRESS_IN = "import-progress-in";
    public static final String HEALTH_SIGNALS_IN = "health-signals-in";
    public static final String HEALTH_SIGNALS_DLQ_OUT = "health-signals-dlq-out";
    public static final String TOUCH_MESSAGES_IN = "touch-messages-in";
    public static final String CS_TASKS_IN = "cs-tasks-in";

    private Channels() {
    }
}
