package io.touchline.scoring.application;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The wall clock the sweep and backfill hand-overs go by; a bean, so tests can set the time and
 * replay history live.
 */
@ApplicationScoped
public class WallClock {

    public Instant now() {
        return Instant.now();
    }
}
