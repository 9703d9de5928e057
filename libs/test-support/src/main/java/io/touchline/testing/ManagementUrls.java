package io.touchline.testing;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * URLs on the management interface of the service under test: its fixed test port
 * ({@code quarkus.management.test-port}) and host. {@code @TestHTTPResource(management = true)}
 * resolves to the default port 9001 and doubles the {@code /q} root in this Quarkus version.
 */
public final class ManagementUrls {

    private ManagementUrls() {
    }

    /** The management URL of {@code path}, such as {@code /q/health/ready}. */
    public static URL of(String path) {
        Config config = ConfigProvider.getConfig();
        int port = config.getValue("quarkus.management.test-port", Integer.class);
        String host = config.getOptionalValue("quarkus.management.host", String.class).orElse("127.0.0.1");
        try {
            return URI.create("http://" + host + ":" + port + path).toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(path, e);
        }
    }
}
