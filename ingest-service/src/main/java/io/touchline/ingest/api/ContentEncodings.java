package io.touchline.ingest.api;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

import io.touchline.web.Problem;
import io.touchline.web.ProblemException;

/**
 * Undoes a request's {@code Content-Encoding} (gzip, deflate, or both in turn) with the request
 * limit applied to what comes out: decompression stops one byte past the limit, so a small body
 * that inflates to gigabytes costs at most the limit in memory and a millisecond of work before
 * its 413. The HTTP server's own decompression is off, since it would buffer the whole inflated
 * body and answer a bare 413.
 */
final class ContentEncodings {

    static final List<String> SUPPORTED = List.of("gzip", "deflate");

    private ContentEncodings() {
    }

    /**
     * @param encoding the {@code Content-Encoding} header, or null
     * @param limit the most bytes the decoded body may have
     * @return the body as the client wrote it before encoding
     */
    static byte[] decode(byte[] body, String encoding, int limit) {
        List<String> codings = codings(encoding);
        byte[] decoded = body;
        // Codings are listed in the order they were applied: undo them from the last.
        for (int i = codings.size() - 1; i >= 0; i--) {
            decoded = inflate(decoded, codings.get(i), limit);
        }
        return decoded;
    }

    private static List<String> codings(String encoding) {
        List<String> codings = new ArrayList<>();
        if (encoding == null) {
            return codings;
        }
        for (String part : encoding.split(",")) {
            String coding = part.trim().toLowerCase(Locale.ROOT);
            switch (coding) {
                case "", "identity" -> {
                }
                case "gzip", "x-gzip" -> codings.add("gzip");
                case "deflate" -> codings.add("deflate");
                default -> throw new ProblemException(415, "Unsupported content encoding",
                        "Content-Encoding '" + part.trim() + "' is not supported; send the body as is, or with one of "
                                + SUPPORTED,
                        List.of(new Problem.FieldError("Content-Encoding", "one-of", "must be one of " + SUPPORTED)),
                        null);
            }
        }
        return codings;
    }

    private static byte[] inflate(byte[] body, String coding, int limit) {
        try {
            try {
                return readBounded(open(body, coding, false), limit);
            } catch (ZipException e) {
                if (!coding.equals("deflate")) {
                    throw e;
                }
                // HTTP's deflate is zlib-wrapped, but some clients send the raw stream.
                return readBounded(open(body, coding, true), limit);
            }
        } catch (TooLarge e) {
            throw ProblemException.tooLarge("A request may be at most " + limit / 1024 + " KB once decompressed",
                    new Problem.FieldError("body", "max-size", "at most " + limit / 1024 + " KB once decompressed"));
        } catch (IOException e) {
            throw ProblemException.invalid("The body is not complete " + coding + " data: " + e.getMessage(),
                    new Problem.FieldError("body", "encoding", "must be " + coding + " data, as Content-Encoding says"));
        }
    }

    private static InputStream open(byte[] body, String coding, boolean raw) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        return coding.equals("gzip") ? new GZIPInputStream(in) : new InflaterInputStream(in, new Inflater(raw));
    }

    private static byte[] readBounded(InputStream in, int limit) throws IOException, TooLarge {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 64 * 1024));
            byte[] buffer = new byte[16 * 1024];
            int read;
            while ((read = in.read(buffer)) > 0) {
                if (out.size() + read > limit) {
                    throw new TooLarge();
                }
                out.write(buffer, 0, read);
            }
            return out.toByteArray();
        }
    }

    /** The decoded body passed the limit; nothing more of it was read. */
    private static final class TooLarge extends Exception {
        TooLarge() {
            super(null, null, false, false);
        }
    }
}
