package io.touchline.playbook.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code touchline.playbook.*}: playbook-service's timers and limits. */
@ConfigMapping(prefix = "touchline.playbook")
public interface PlaybookConfig {

    /** How often snoozed tasks whose snooze ended are opened again. */
    @WithDefault("PT30S")
    Duration wakeSnoozedEvery();

    /** How often the open and overdue tasks per owner are counted for the metrics. */
    @WithDefault("PT30S")
    Duration ownerLoadEvery();

    /** How often an alerts stream looks for new alerts. */
    @WithDefault("PT0.5S")
    Duration streamPollEvery();

    /** How often an idle alerts stream sends a comment, so proxies keep the connection. */
    @WithDefault("PT15S")
    Duration streamKeepAliveEvery();

    /** The widest date range a simulation covers. */
    @WithDefault("P400D")
    Duration maxSimulationRange();
}
