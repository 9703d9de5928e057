package io.touchline.scoring.application;

import java.time.Instant;

import jakarta.enterprise.inject.Vetoed;

/** A wall clock a test sets, installed with {@code QuarkusMock}: the sweep never runs ahead of a simulated history. */
// Not a bean of its own: tests install an instance in place of the WallClock bean.
@Vetoed
public class SetClock extends WallClock {

    public volatile Instant now;

    public SetClock(Instant start) {
        this.now = start;
    }

    @Override
    public Instant now() {
        return now;
    }
}
