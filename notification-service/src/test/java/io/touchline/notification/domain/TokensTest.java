package io.touchline.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Inbox user tokens, unsubscribe tokens and webhook signatures: what each accepts and refuses. */
class TokensTest {

    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    private static final Map<String, String> SECRETS = Map.of("acme", "acme-inbox-secret-0123456789",
            "globex", "globex-inbox-secret-0123456789");

    private static Optional<String> secretOf(String tenant) {
        return Optional.ofNullable(SECRETS.get(tenant));
    }

    @Test
    void aTokenMintedWithTheTenantsSecretOpensItsUsersInbox() {
        String token = UserTokens.mint("acme", "ada", NOW.plusSeconds(3600), SECRETS.get("acme"));

        assertThat(UserTokens.verify(token, TokensTest::secretOf, NOW))
                .contains(new UserTokens.User("acme", "ada"));
        assertThat(UserTokens.looksLikeToken(token)).isTrue();
        assertThat(UserTokens.looksLikeToken("tl_ops_0123456789abcdef")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            expired                               | acme    | acme    | -1
            expiring this very second             | acme    | acme    | 0
            signed with another tenant's secret   | acme    | globex  | 3600
            claiming a tenant without a secret    | initech | acme    | 3600
            """)
    void refused(String why, String claimedTenant, String signingTenant, long expiresIn) {
        String token = UserTokens.mint(claimedTenant, "ada", NOW.plusSeconds(expiresIn), SECRETS.get(signingTenant));

        assertThat(UserTokens.verify(token, TokensTest::secretOf, NOW)).isEmpty();
    }

    @Test
    void aForgedOrMalformedTokenIsRefused() {
        String token = UserTokens.mint("acme", "ada", NOW.plusSeconds(3600), SECRETS.get("acme"));
        String[] parts = token.split("\\.");
        String otherUser = Hmac
                .base64Url("{\"tid\":\"acme\",\"sub\":\"bob\",\"exp\":" + NOW.plusSeconds(3600).getEpochSecond() + "}");
        String none = Hmac.base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");

        assertThat(UserTokens.verify(parts[0] + "." + otherUser + "." + parts[2], TokensTest::secretOf, NOW)).isEmpty();
        assertThat(UserTokens.verify(none + "." + parts[1] + ".", TokensTest::secretOf, NOW)).isEmpty();
        assertThat(UserTokens.verify(none + "." + parts[1] + "." + parts[2], TokensTest::secretOf, NOW)).isEmpty();
        assertThat(UserTokens.verify("a.b.c", TokensTest::secretOf, NOW)).isEmpty();
        assertThat(UserTokens.verify(parts[0] + "." + parts[1], TokensTest::secretOf, NOW)).isEmpty();
    }

    @Test
    void anUnsubscribeTokenNamesItsRecipientAndChannelAndCannotBeAltered() {
        UnsubscribeTokens.OptOut optOut = new UnsubscribeTokens.OptOut("acme", "ada@acme.test", "email");
        String token = UnsubscribeTokens.sign(optOut, "signing-secret");
        String forged = UnsubscribeTokens.sign(new UnsubscribeTokens.OptOut("acme", "bob@acme.test", "email"), "guess");

        assertThat(UnsubscribeTokens.verify(token, tenant -> Optional.of("signing-secret"))).contains(optOut);
        assertThat(UnsubscribeTokens.verify(token, tenant -> Optional.of("other-secret"))).isEmpty();
        assertThat(UnsubscribeTokens.verify(forged, tenant -> Optional.of("signing-secret"))).isEmpty();
        assertThat(UnsubscribeTokens.verify(token, tenant -> Optional.empty())).isEmpty();
        assertThat(UnsubscribeTokens.verify("not-a-token", tenant -> Optional.of("signing-secret"))).isEmpty();
    }

    @ParameterizedTest(name = "signed {0} s before it is checked: accepted {1}")
    @CsvSource({ "0, true", "299, true", "300, true", "301, false", "-301, false", "-60, true" })
    void aWebhookSignatureIsAcceptedWithinFiveMinutesOfItsTimestamp(long age, boolean accepted) {
        String body = "{\"id\":\"m-1\"}";
        String header = WebhookSignature.header("whsec-0123456789abcdef", NOW, body);

        assertThat(WebhookSignature.verify(header, body, "whsec-0123456789abcdef", NOW.plusSeconds(age)))
                .isEqualTo(accepted);
    }

    @Test
    void aWebhookSignatureHasTheDocumentedShapeAndCoversTheBody() {
        String header = WebhookSignature.header("whsec-0123456789abcdef", NOW, "{\"id\":\"m-1\"}");

        // The value a receiver computes with any HMAC library (here: Python's hmac module).
        assertThat(header).isEqualTo("t=1796464800,v1=1412c38f35a0a63c1301501260a281faf3a22d109c333be1a4fa261afb68a674");
        assertThat(WebhookSignature.verify(header, "{\"id\":\"m-2\"}", "whsec-0123456789abcdef", NOW)).isFalse();
        assertThat(WebhookSignature.verify(header, "{\"id\":\"m-1\"}", "another-secret-0123", NOW)).isFalse();
        assertThat(WebhookSignature.verify("v1=abc", "{\"id\":\"m-1\"}", "whsec-0123456789abcdef", NOW)).isFalse();
        assertThat(WebhookSignature.verify(null, "{}", "whsec-0123456789abcdef", NOW)).isFalse();
    }
}
