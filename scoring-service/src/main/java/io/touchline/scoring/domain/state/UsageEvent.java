package io.touchline.scoring.domain.state;

import java.time.Instant;

import io.touchline.messaging.contract.AccountTraits;

/**
 * What account state needs of a usage event.
 *
 * @param call the Segment call: track, identify, group, page, screen
 * @param userId the known user, or null for anonymous events
 * @param event the track event's name, or null
 * @param properties what state reads of the track event's properties ({@link TrackProperties#NONE} when none)
 * @param traits the typed account traits of a group call, or null
 * @param time the (skew-corrected) event time
 */
public record UsageEvent(String call, String userId, String event, TrackProperties properties, AccountTraits traits,
        Instant time) {
}
