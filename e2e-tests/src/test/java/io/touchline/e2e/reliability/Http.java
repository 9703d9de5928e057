package io.touchline.e2e.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/**
 * Raw requests for the security suite: any method, headers and body bytes, and an answer that
 * says how long it took or that it never came.
 */
final class Http {

    /** Longer than this is a hang. */
    static final Duration HANG = Duration.ofSeconds(10);
    /** HTTP/1.1, as SDKs, browsers and curl send to an http:// URL (the JDK's client would try h2c first). */
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** An answer; {@code status} is -1 when none came within {@link #HANG}. */
    record Answer(String request, int status, String contentType, String body, Duration took) {

        boolean problem() {
            return contentType.startsWith("application/problem+json");
        }

        @Override
        public String toString() {
            return request + " -> " + status + " " + contentType + " in " + took.toMillis() + " ms: "
                    + (body.length() > 200 ? body.substring(0, 200) + "..." : body);
        }
    }

    private Http() {
    }

    static Answer send(String method, URI uri, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(HANG)
                .method(method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        String described = method + " " + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + abbreviate(uri.getRawQuery()))
                + " " + headers.keySet() + (body == null ? ""
                        : " body " + abbreviate(new String(body, 0,
                                Math.min(body.length, 60), java.nio.charset.StandardCharsets.UTF_8)) + " (" + body.length
                                + " bytes)");
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(described, response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), Duration.ofNanos(System.nanoTime() - start));
        } catch (HttpTimeoutException e) {
            return new Answer(described, -1, "", "no answer in " + HANG, Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            // A server may close the connection on a body it refuses to read whole (e.g. far too large).
            return new Answer(described, 0, "", e.toString(), Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
