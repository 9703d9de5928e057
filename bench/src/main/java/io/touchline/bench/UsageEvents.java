package io.touchline.bench;

import java.time.Instant;

/**
 * The end-to-end load's Segment events: every {@code newAccountEvery}-th event is the first call
 * of a new high-touch account (a group call with its contract), which makes exactly one
 * ACCOUNT_FIRST_SEEN signal, one welcome task and one in-app welcome message; the others are
 * feature use by a user of one of the accounts made so far.
 */
final class UsageEvents {

    /** A contract amount at or above the default high-touch line (tiers.highFrom 500,000). */
    private static final long HIGH_TOUCH_MRR = 650_000;
    private static final int USERS_PER_ACCOUNT = 5;

    private final String run;
    private final int newAccountEvery;
    private long accounts;

    /** @param run a prefix unique to this run: account ids and message ids start with it */
    UsageEvents(String run, int newAccountEvery) {
        this.run = run;
        this.newAccountEvery = newAccountEvery;
    }

    /** The account ids of this run start with this. */
    String accountPrefix() {
        return run + "-a";
    }

    /** Appends event n, stamped with the moment it was due, to a batch body. */
    void append(StringBuilder body, long n, Instant due) {
        if (n % newAccountEvery == 0) {
            long account = accounts++;
            body.append("{\"type\":\"group\",\"messageId\":\"").append(run).append('-').append(n)
                    .append("\",\"userId\":\"").append(user(account, 0)).append("\",\"groupId\":\"").append(accountPrefix())
                    .append(account).append("\",\"traits\":{\"name\":\"Bench account ").append(account)
                    .append("\",\"mrr\":").append(HIGH_TOUCH_MRR)
                    .append(",\"currency\":\"USD\",\"seats\":50,\"plan\":\"enterprise\"}")
                    .append(",\"timestamp\":\"").append(due).append("\"}");
            return;
        }
        long account = (n * 7919) % accounts;
        body.append("{\"type\":\"track\",\"messageId\":\"").append(run).append('-').append(n).append("\",\"userId\":\"")
                .append(user(account, n % USERS_PER_ACCOUNT)).append("\",\"groupId\":\"").append(accountPrefix())
                .append(account)
                .append("\",\"event\":\"Feature Used\",\"properties\":{\"feature\":\"reports\",\"path\":\"/app/reports/overview\"}")
                .append(",\"timestamp\":\"").append(due).append("\"}");
    }

    private String user(long account, long user) {
        return run + "-u" + account + "-" + user;
    }
}
