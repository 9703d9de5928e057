package io.touchline.web.auth;

import java.util.Locale;

/** What an API key may do. */
public enum Scope {
    /** Publish usage events (product apps' write keys). */
    INGEST,
    /** Backfill history through {@code /v1/import} and follow its jobs (docs/backfill.md). */
    IMPORT,
    /** Read and work alerts, tasks and inboxes (CS ops). */
    OPS,
    /** Change configuration: scorecards, playbooks, keys. */
    ADMIN;

    public static Scope parse(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
