package io.touchline.notification.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** notification-service's settings, {@code touchline.notification.*}. */
@ConfigMapping(prefix = "touchline.notification")
public interface NotificationConfig {

    /** Where this service is reached from outside, for the unsubscribe links in emails. */
    @WithDefault("http://127.0.0.1:8084")
    String publicUrl();

    /** A new tenant's sender address, until it configures its own. */
    @WithDefault("touchline@localhost")
    String senderEmail();

    /** A new tenant's sender name. */
    @WithDefault("Touchline")
    String senderName();

    /** How often the worker looks for deliveries that are due. */
    @WithDefault("1s")
    Duration workEvery();

    /** At most this many deliveries are started per look. */
    @WithDefault("50")
    int batch();

    /** The wait after a first transient failure; it doubles with each further one. */
    @WithDefault("PT5S")
    Duration retryBase();

    /** The longest wait between attempts. */
    @WithDefault("PT15M")
    Duration retryMax();

    /** Attempts before a delivery that keeps failing transiently is marked FAILED. */
    @WithDefault("8")
    int maxAttempts();

    /** How long one send may take before it counts as a transient failure. */
    @WithDefault("PT10S")
    Duration sendTimeout();

    /**
     * An attempt still in flight this long after it started belongs to a process that died
     * mid-send: it is marked unknown and its delivery FAILED, never sent again. Longer than any
     * send may take.
     */
    @WithDefault("PT2M")
    Duration inFlightLease();

    /** How often an inbox stream looks for new messages. */
    @WithDefault("0.5s")
    Duration streamPollEvery();

    /** How often an idle inbox stream sends a comment, so proxies keep it open. */
    @WithDefault("15s")
    Duration streamKeepAliveEvery();
}
