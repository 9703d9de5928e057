package io.touchline.messaging.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code touchline.inbox.*}: how long applied message ids are remembered. */
@ConfigMapping(prefix = "touchline.inbox")
public interface InboxConfig {

    /** Far beyond any redelivery after a rebalance or restart. */
    @WithDefault("P7D")
    Duration retention();

    @WithDefault("PT1H")
    Duration purgeInterval();
}
