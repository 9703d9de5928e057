package io.touchline.scoring.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class AccountCacheTest {

    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");

    // The estimated size of one scored account as these tests keep them: budgets are in accounts.
    private static final long ONE = scored("a", 50).estimatedBytes();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void aKeptAccountIsTakenOnlyWhileTheDatabaseHoldsTheRevisionItWasKeptAt() {
        AccountCache cache = new AccountCache(10 * ONE, registry);
        cache.keep(List.of(scored("a", 60), scored("b", 70), scored("c", 80)), 7);

        // a current; b written since by another transaction; c deleted from the database; d never kept.
        Map<String, AccountRow> taken = cache.take(List.of("t:a", "t:b", "t:c", "t:d"),
                Map.of("t:a", current(7), "t:b", current(9), "t:d", current(3)));

        assertThat(taken).containsOnlyKeys("t:a");
        assertThat(taken.get("t:a").revision).isEqualTo(7);
        assertThat(counted("hit")).isEqualTo(1);
        assertThat(counted("miss")).isEqualTo(2);
        // Taking removes: a poll that fails leaves nothing behind it may have changed.
        assertThat(cache.size()).isZero();
        assertThat(cache.take(List.of("t:a"), Map.of("t:a", current(7)))).isEmpty();
    }

    @Test
    void aTakenAccountCarriesTheOverrideTheDatabaseHasNow() {
        AccountCache cache = new AccountCache(10 * ONE, registry);
        AccountRow row = scored("a", 60);
        row.overrideScore = 20.0;
        row.overrideExpiresAt = T0;
        cache.keep(List.of(row), 7);

        Instant expires = T0.plusSeconds(3600);
        assertThat(cache.take(List.of("t:a"),
                Map.of("t:a", new AccountStore.Current(7, 90.0, expires))).get("t:a"))
                .extracting(r -> r.overrideScore, r -> r.overrideExpiresAt).containsExactly(90.0, expires);
        cache.keep(List.of(row), 8);
        assertThat(cache.take(List.of("t:a"), Map.of("t:a", new AccountStore.Current(8, null, null))).get("t:a"))
                .extracting(r -> r.overrideScore, r -> r.overrideExpiresAt).containsExactly(null, null);
    }

    @Test
    void keepingMeasuresTheNextTransactionsChangesFromWhatWasWritten() {
        AccountCache cache = new AccountCache(10 * ONE, registry);
        AccountRow row = scored("a", 60);
        assertThat(row.scoreChanged()).isTrue();
        cache.keep(List.of(row), 7);
        assertThat(row.scoreChanged()).isFalse();
        row.score = 61;
        assertThat(row.scoreChanged()).isTrue();
        row.score = 60;
        row.band = "green";
        assertThat(row.scoreChanged()).isTrue();
    }

    @Test
    void theLeastRecentlyWrittenAccountsGoFirstWhenFull() {
        // budget in accounts, accounts kept by successive transactions, accounts left.
        Object[][] cases = {
                { 3, List.of(List.of("a", "b"), List.of("c")), List.of("a", "b", "c") },
                { 3, List.of(List.of("a", "b"), List.of("c", "d")), List.of("b", "c", "d") },
                { 2, List.of(List.of("a", "b", "c")), List.of("b", "c") },
                // Kept again without being taken (a rebalance race): a is the most recent again.
                { 2, List.of(List.of("a", "b"), List.of("a"), List.of("c")), List.of("a", "c") },
                { 0, List.of(List.of("a")), List.of() },
        };
        for (Object[] c : cases) {
            AccountCache cache = new AccountCache((int) c[0] * ONE, new SimpleMeterRegistry());
            @SuppressWarnings("unchecked")
            List<List<String>> transactions = (List<List<String>>) c[1];
            for (List<String> accounts : transactions) {
                cache.keep(accounts.stream().map(a -> scored(a, 50)).toList(), 1);
            }
            List<String> all = List.of("t:a", "t:b", "t:c", "t:d");
            Map<String, AccountStore.Current> current = Map.of("t:a", current(1), "t:b", current(1), "t:c",
                    current(1), "t:d", current(1));
            @SuppressWarnings("unchecked")
            List<String> left = ((List<String>) c[2]).stream().map(a -> "t:" + a).toList();
            assertThat(cache.bytes()).as("budget %s, kept %s", c[0], c[1]).isEqualTo(left.size() * ONE);
            assertThat(cache.take(all, current)).as("budget %s, kept %s", c[0], c[1])
                    .containsOnlyKeys(left);
            assertThat(cache.bytes()).isZero();
        }
    }

    @Test
    void aPollReadsEverythingAtOnceWhenNoneOfItsAccountsIsKept() {
        AccountCache cache = new AccountCache(10 * ONE, registry);
        assertThat(cache.holdsAny(List.of("t:a"))).isFalse();
        cache.keep(List.of(scored("a", 60)), 7);
        assertThat(cache.holdsAny(List.of("t:b", "t:c"))).isFalse();
        assertThat(cache.holdsAny(List.of("t:b", "t:a"))).isTrue();
        AccountCache off = new AccountCache(0, registry);
        off.keep(List.of(scored("a", 60)), 7);
        assertThat(off.holdsAny(List.of("t:a"))).isFalse();
    }

    @Test
    void aNegativeBudgetIsRefused() {
        assertThatThrownBy(() -> new AccountCache(-1, registry)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("touchline.scoring.account-cache-memory is at least 0, got -1");
    }

    @Test
    void largerAccountsTakeMoreOfTheBudgetAndTheSizeIsReported() {
        AccountCache cache = new AccountCache(3 * ONE, registry);
        AccountRow big = scored("big", 50);
        for (int i = 0; i < 20; i++) {
            big.state.userLastActive.put("user-" + i, T0.atOffset(java.time.ZoneOffset.UTC).toLocalDate());
        }
        assertThat(big.estimatedBytes()).isBetween(2 * ONE + 1, 3 * ONE);
        cache.keep(List.of(scored("a", 50), scored("b", 50)), 1);
        assertThat(gauge("touchline.scoring.account.cache.bytes")).isEqualTo(2.0 * ONE);

        // The big one needs the room of more than two: both small ones go, the oldest first.
        cache.keep(List.of(big), 2);
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.bytes()).isEqualTo(big.estimatedBytes());
        assertThat(registry.get("touchline.scoring.account.cache.evictions").counter().count()).isEqualTo(2);
        assertThat(gauge("touchline.scoring.account.cache.size")).isEqualTo(1);

        // Kept again at another size: the budget follows the new estimate, not the sum of both.
        big.state.userLastActive.clear();
        cache.keep(List.of(big), 3);
        assertThat(cache.bytes()).isEqualTo(ONE);
    }

    private static AccountRow scored(String account, double score) {
        AccountRow row = AccountRow.fresh("t", account, T0);
        row.score = score;
        row.band = "yellow";
        return row;
    }

    private static AccountStore.Current current(long revision) {
        return new AccountStore.Current(revision, null, null);
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    private double counted(String result) {
        return registry.get("touchline.scoring.account.cache").tag("result", result).counter().count();
    }
}
