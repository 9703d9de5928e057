package io.touchline.web;

/** Problem type URIs: one per HTTP status we answer with, documented in docs/api-errors.md. */
final class ProblemTypes {

    private ProblemTypes() {
    }

    static String of(int status) {
        return "https://touchline.dev/problems/" + status;
    }
}
