package io.touchline.scoring.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class SeenWindowTest {

    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");

    @Test
    void aCommittedPollJoinsTheWindowOnlyWhenTheWindowFollowedTheGenerationBeforeIt() {
        SeenWindow window = new SeenWindow();
        window.advance(0, new SeenWindow.Poll(7, T0, new long[] { 1, 2 }));
        assertThat(window.generation()).isEqualTo(7);
        assertThat(window.contains(1)).isTrue();
        assertThat(window.contains(2)).isTrue();

        // Another consumer's poll (generation 9) was reloaded first: the late commit of 8 after 7
        // is already in what was reloaded and changes nothing.
        window.reload(9, List.of(new SeenWindow.Poll(7, T0, new long[] { 1, 2 }),
                new SeenWindow.Poll(8, T0.plusSeconds(1), new long[] { 3 }),
                new SeenWindow.Poll(9, T0.plusSeconds(2), new long[] { 4 })));
        window.advance(7, new SeenWindow.Poll(8, T0.plusSeconds(1), new long[] { 3, 5 }));
        assertThat(window.generation()).isEqualTo(9);
        assertThat(window.contains(5)).isFalse();
        assertThat(window.size()).isEqualTo(4);
    }

    @Test
    void pollsExpireWholeAndAnIdHeldByAYoungerPollStays() {
        SeenWindow window = new SeenWindow();
        // As a reload can bring them: id 1 in an old poll and again in the retry after it expired.
        window.reload(3, List.of(new SeenWindow.Poll(1, T0, new long[] { 1, 2 }),
                new SeenWindow.Poll(2, T0.plusSeconds(60), new long[] { 3 }),
                new SeenWindow.Poll(3, T0.plusSeconds(120), new long[] { 1 })));

        window.expire(T0);
        assertThat(window.size()).isEqualTo(3);
        window.expire(T0.plusSeconds(1));
        assertThat(window.contains(1)).isTrue();
        assertThat(window.contains(2)).isFalse();
        assertThat(window.contains(3)).isTrue();
        window.expire(T0.plusSeconds(121));
        assertThat(window.size()).isZero();
        assertThat(window.generation()).isEqualTo(3);
    }

    @Test
    void hashesAreStableAndTellIdsApart() {
        assertThat(SeenIds.hash("acme:m-1")).isEqualTo(SeenIds.hash("acme:m-1"));
        assertThat(SeenIds.hash("acme:m-1")).isNotEqualTo(SeenIds.hash("acme:m-2"));
        // The first 8 bytes of SHA-256("acme:m-1"), big-endian.
        assertThat(SeenIds.hash("acme:m-1")).isEqualTo(0x47172394d2d69fa4L);
    }
}
