package io.touchline.testing;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} at real infrastructure: the test broker of {@link KafkaBroker},
 * the test database of {@link TestDatabase}, and the API keys of {@link TestKeys}. Use it with
 * {@code @WithTestResource(TouchlineTestResource.class)}.
 */
public class TouchlineTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(TestDatabase.coordinates().quarkusConfig());
        config.put("kafka.bootstrap.servers", KafkaBroker.bootstrapServers());
        config.put("touchline.auth.keys", TestKeys.authKeysConfig());
        // The test broker creates no topics on first use: a send to a missing one fails in 2 s, not 10.
        config.put("touchline.outbox.send-timeout", "PT2S");
        return config;
    }

    @Override
    public void stop() {
        // The broker and database serve every test class of the JVM; shutdown hooks stop them.
    }
}
