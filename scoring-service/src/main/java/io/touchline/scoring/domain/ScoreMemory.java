package io.touchline.scoring.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.touchline.scoring.domain.model.Band;

/**
 * What scoring remembers of its own earlier scores of an account: the bands hysteresis and band
 * signals compare against, the daily scores trends and drops are measured against, the open
 * signal episodes, and the recent moves of the score. Like the account state, it is built by
 * scoring events in order, so a replay rebuilds it. A plain data holder stored as JSON.
 */
// Absent fields read back as null: stored rows stay short.
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class ScoreMemory {

    static final int CLOSE_WINDOW_DAYS = 31;
    static final int MOVE_WINDOW_DAYS = 7;
    static final int MOVES_KEPT = 5;
    private static final Duration MOVE_WINDOW = Duration.ofDays(MOVE_WINDOW_DAYS);

    /** One score change and what caused it. */
    public record Move(String trigger, String cause, Instant at, double from, double to) {

        public double delta() {
            return Math.round((to - from) * 10) / 10.0;
        }
    }

    /** The model's latest score (null: never scored). */
    public Double score;
    /** The model's band after hysteresis. */
    public Band band;
    /** The band CS sees (an override's band while one is active); band signals compare this. */
    public Band effectiveBand;
    public Double effectiveScore;
    /** The last score of each day (UTC), for the trend against 7 and 30 days ago. */
    public TreeMap<LocalDate, Double> dailyClose = new TreeMap<>();
    /** The highest score of each day, for drops. */
    public TreeMap<LocalDate, Double> dailyHigh = new TreeMap<>();
    /** Open episodes: signal type to the episode it opened. */
    public Map<String, String> episodes = new HashMap<>();
    /** The primary contact the last score saw. */
    public String primaryContact;
    /** The largest recent moves of the score, largest first. */
    public List<Move> moves = new ArrayList<>();
    /** When the account was last scored, in model time (newest event or sweep clock). */
    public Instant scoredAt;
    /** The last churn observation moment passed (null: none since scoredAt). */
    public Instant observedAt;

    /** Score minus the last score on or before {@code days} days before {@code today}; null without one. */
    public Double trend(LocalDate today, int days, double current) {
        Map.Entry<LocalDate, Double> then = dailyClose.floorEntry(today.minusDays(days));
        return then == null ? null : Math.round((current - then.getValue()) * 10) / 10.0;
    }

    /** The highest score within the last {@code days} days including today; null without one. */
    public Double high(LocalDate today, int days) {
        Double high = null;
        for (Double value : dailyHigh.subMap(today.minusDays(days - 1), true, today, true).values()) {
            high = high == null || value > high ? value : high;
        }
        return high;
    }

    void record(LocalDate day, double value) {
        dailyClose.put(day, value);
        dailyHigh.merge(day, value, Math::max);
        // Keep the newest close before the window, so a trend 30 days back still finds it.
        LocalDate from = day.minusDays(CLOSE_WINDOW_DAYS);
        LocalDate anchor = dailyClose.lowerKey(from);
        if (anchor != null) {
            dailyClose.headMap(anchor).clear();
        }
        dailyHigh.headMap(day.minusDays(CLOSE_WINDOW_DAYS)).clear();
    }

    void remember(Move move) {
        Instant from = move.at().minus(MOVE_WINDOW);
        moves.removeIf(m -> m.at().isBefore(from));
        double size = Math.abs(move.delta());
        if (size == 0) {
            return;
        }
        // The list stays sorted, largest first; a move goes after the ones as large as it.
        int at = 0;
        while (at < moves.size() && Math.abs(moves.get(at).delta()) >= size) {
            at++;
        }
        if (at < MOVES_KEPT) {
            moves.add(at, move);
            if (moves.size() > MOVES_KEPT) {
                moves.subList(MOVES_KEPT, moves.size()).clear();
            }
        }
    }
}
