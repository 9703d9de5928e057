package io.touchline.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void hashesWithSha256() {
        assertThat(ApiKeys.sha256("test")).isEqualTo("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    }

    @Test
    void findsTheCallerOfAKnownKeyAndNothingForOthers() {
        ApiKeys keys = ApiKeys.parse(List.of(
                ApiKeys.sha256("k1") + ":acme:ingest",
                ApiKeys.sha256("k2") + ":acme:ops+admin",
                ""));

        assertThat(keys.lookup("k1")).contains(new Caller("acme", Set.of(Scope.INGEST)));
        assertThat(keys.lookup("k2")).contains(new Caller("acme", Set.of(Scope.OPS, Scope.ADMIN)));
        assertThat(keys.lookup("k3")).isEmpty();
    }

    @Test
    void rejectsAMalformedEntryWithoutEchoingIt() {
        assertThatThrownBy(() -> ApiKeys.parse(List.of("supersecretkey:acme")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("<sha256-hex>:<tenant>:<scope>")
                .hasMessageNotContaining("supersecretkey");
    }

    @Test
    void rejectsATenantIdThatIsNotAPlainName() {
        assertThatThrownBy(() -> ApiKeys.parse(List.of(ApiKeys.sha256("k") + ":acme corp:ingest")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsAnUnknownScope() {
        assertThatThrownBy(() -> ApiKeys.parse(List.of(ApiKeys.sha256("k") + ":acme:root")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
