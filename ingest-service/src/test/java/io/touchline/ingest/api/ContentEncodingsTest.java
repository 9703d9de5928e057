package io.touchline.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.touchline.web.ProblemException;

class ContentEncodingsTest {

    static final byte[] BODY = "{\"batch\":[{\"type\":\"track\"}]}".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest(name = "Content-Encoding: {0}")
    @CsvSource(delimiter = '|', value = { "gzip|gzip", "x-gzip|gzip", "GZIP|gzip", "deflate|zlib", "deflate|raw",
            "identity|none", "' '|none", "'gzip, deflate'|gzip-then-zlib", "'identity, gzip'|gzip" })
    void eachSupportedCodingIsUndone(String header, String applied) throws IOException {
        byte[] encoded = switch (applied) {
            case "gzip" -> gzip(BODY);
            case "zlib" -> deflate(BODY, false);
            case "raw" -> deflate(BODY, true);
            case "gzip-then-zlib" -> deflate(gzip(BODY), false);
            default -> BODY;
        };
        assertThat(ContentEncodings.decode(encoded, header, 1024)).isEqualTo(BODY);
    }

    @ParameterizedTest(name = "Content-Encoding: {0}")
    @CsvSource({ "br", "zstd", "compress", "'gzip, br'" })
    void anUnknownCodingIs415NamingTheHeader(String header) {
        assertThatThrownBy(() -> ContentEncodings.decode(BODY, header, 1024))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(415);
                    assertThat(e.toProblem().errors()).singleElement().satisfies(error -> {
                        assertThat(error.field()).isEqualTo("Content-Encoding");
                        assertThat(error.rule()).isEqualTo("one-of");
                    });
                });
    }

    @Test
    void aBombStopsOneByteOverTheLimitWith413() throws IOException {
        // 64 MiB of zeros in 64 KB: the limit, not the bomb, decides how much is inflated.
        byte[] bomb = gzipZeros(64 << 20);
        assertThat(bomb.length).isLessThan(100 * 1024);
        assertThatThrownBy(() -> ContentEncodings.decode(bomb, "gzip", 512_000))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.toProblem().errors()).singleElement().satisfies(error -> {
                        assertThat(error.field()).isEqualTo("body");
                        assertThat(error.rule()).isEqualTo("max-size");
                    });
                });
    }

    @Test
    void aBodyExactlyAtTheLimitPasses() throws IOException {
        byte[] body = new byte[4096];
        assertThat(ContentEncodings.decode(gzip(body), "gzip", 4096)).hasSize(4096);
        assertThatThrownBy(() -> ContentEncodings.decode(gzip(body), "gzip", 4095))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(413));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "gzip", "deflate" })
    void bytesThatAreNotTheNamedCodingAre400(String header) throws IOException {
        byte[] truncated = java.util.Arrays.copyOf(gzip(BODY), 12);
        for (byte[] body : new byte[][] { BODY, truncated }) {
            assertThatThrownBy(() -> ContentEncodings.decode(body, header, 1024))
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.toProblem().errors()).singleElement()
                                .satisfies(error -> assertThat(error.rule()).isEqualTo("encoding"));
                    });
        }
    }

    static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        }
        return out.toByteArray();
    }

    static byte[] gzipZeros(int length) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 20];
        try (OutputStream gzip = new GZIPOutputStream(out)) {
            for (int written = 0; written < length; written += zeros.length) {
                gzip.write(zeros);
            }
        }
        return out.toByteArray();
    }

    static byte[] deflate(byte[] body, boolean raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream deflate = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, raw))) {
            deflate.write(body);
        }
        return out.toByteArray();
    }
}
