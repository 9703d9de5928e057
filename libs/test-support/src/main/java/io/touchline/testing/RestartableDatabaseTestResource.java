package io.touchline.testing;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Like {@link TouchlineTestResource}, but with the {@link RestartableDatabase}, for tests that
 * stop the database under a running service.
 */
public class RestartableDatabaseTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(RestartableDatabase.get().coordinates().quarkusConfig());
        config.put("kafka.bootstrap.servers", KafkaBroker.bootstrapServers());
        config.put("touchline.auth.keys", TestKeys.authKeysConfig());
        return config;
    }

    @Override
    public void stop() {
        // A shutdown hook stops the database with the JVM.
    }
}
