package io.touchline.messaging;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Parses and formats ISO-8601 instants. Every envelope carries two, written by
 * {@link Instant#toString()} ({@code 2026-11-24T10:00:00.123Z}); {@link Instant#parse} spends
 * more time on them than the rest of an envelope, so that exact shape is read by hand and anything
 * else (an offset, a leap second, hour 24) goes to {@link Instant#parse}, which gives the same
 * result or the same error. {@link #format} writes what {@link Instant#toString()} writes, without
 * its formatter.
 */
public final class Instants {

    private static final int[] SCALE = { 0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1 };
    /** Days from 1970 of the years {@link #format} writes itself: 0000 to 9999, four digits each. */
    private static final long FIRST_DAY = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long LAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

    private Instants() {
    }

    /** @throws java.time.format.DateTimeParseException when the text is not an ISO-8601 instant */
    public static Instant parse(String text) {
        int n = text.length();
        if (n < 20 || n > 30 || n == 21 || text.charAt(n - 1) != 'Z' || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':' || (n > 20 && text.charAt(19) != '.')) {
            return Instant.parse(text);
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int fraction = n > 20 ? digits(text, 20, n - 1) : 0;
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59 || fraction < 0) {
            return Instant.parse(text);
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return Instant.parse(text);
        }
        int nanos = n > 20 ? fraction * SCALE[n - 21] : 0;
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /**
     * The instant as {@link Instant#toString()} writes it: seconds always, and a fraction of 3, 6
     * or 9 digits when there is one.
     */
    public static String format(Instant instant) {
        long day = Math.floorDiv(instant.getEpochSecond(), 86_400);
        if (day < FIRST_DAY || day > LAST_DAY) {
            return instant.toString();
        }
        int secondOfDay = (int) Math.floorMod(instant.getEpochSecond(), 86_400);
        LocalDate date = LocalDate.ofEpochDay(day);
        int nanos = instant.getNano();
        int fraction = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
        char[] out = new char[fraction == 0 ? 20 : 21 + fraction];
        put(out, 0, 4, date.getYear());
        out[4] = '-';
        put(out, 5, 7, date.getMonthValue());
        out[7] = '-';
        put(out, 8, 10, date.getDayOfMonth());
        out[10] = 'T';
        put(out, 11, 13, secondOfDay / 3_600);
        out[13] = ':';
        put(out, 14, 16, secondOfDay / 60 % 60);
        out[16] = ':';
        put(out, 17, 19, secondOfDay % 60);
        if (fraction > 0) {
            out[19] = '.';
            put(out, 20, 20 + fraction, nanos / SCALE[fraction]);
        }
        out[out.length - 1] = 'Z';
        return new String(out);
    }

    /**
     * As {@code Duration.between(from, to).toNanos()}, without building a Duration (a timer
     * records one per event): negative when {@code from} is later, and capped at
     * {@link Long#MAX_VALUE} or {@link Long#MIN_VALUE} where the nanos no longer fit, instead of
     * throwing.
     */
    public static long nanosBetween(Instant from, Instant to) {
        long seconds = to.getEpochSecond() - from.getEpochSecond();
        // Long.MAX_VALUE nanos are 9,223,372,036 s: beyond 9e9 s the result might not fit.
        if (Math.abs(seconds) > 9_000_000_000L) {
            return seconds > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return seconds * 1_000_000_000L + (to.getNano() - from.getNano());
    }

    /** Writes value into out[from, to) as decimal digits, zero-padded. */
    private static void put(char[] out, int from, int to, int value) {
        for (int i = to - 1; i >= from; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** The decimal value of text[from, to), or -1 when a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
