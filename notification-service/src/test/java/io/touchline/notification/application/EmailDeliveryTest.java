package io.touchline.notification.application;

import static io.restassured.RestAssured.given;
import static io.touchline.notification.Fixtures.awaitDelivery;
import static io.touchline.notification.Fixtures.delivery;
import static io.touchline.notification.Fixtures.produceTouch;
import static io.touchline.notification.Fixtures.touch;
import static io.touchline.notification.Fixtures.unique;
import static io.touchline.notification.GreenMailTestResource.mailsTo;
import static io.touchline.notification.GreenMailTestResource.part;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.notification.Fixtures;
import io.touchline.notification.GreenMailTestResource;
import io.touchline.testing.TestKeys;
import io.touchline.testing.TouchlineTestResource;

@QuarkusTest
@WithTestResource(TouchlineTestResource.class)
@WithTestResource(GreenMailTestResource.class)
class EmailDeliveryTest {

    @Inject
    EnvelopeCodec codec;

    @BeforeEach
    void defaultChannels() {
        Fixtures.channels(Map.of());
    }

    @Test
    void anEmailArrivesRenderedFromTheTenantsTemplateWithAWorkingUnsubscribeLink() throws Exception {
        String contact = unique("ada") + "@Acme.test";
        String address = contact.toLowerCase();
        Envelope request = touch(codec, unique("acme"), "email", contact, "check-in");

        produceTouch(request);

        JsonPath sent = awaitDelivery(request.id(), "SENT");
        assertThat(sent.getString("delivery.recipient")).isEqualTo(address);
        assertThat(sent.getString("delivery.kind")).isEqualTo("message");
        assertThat(sent.getList("attempts.outcome")).containsExactly("sent");
        List<MimeMessage> mails = mailsTo(address);
        assertThat(mails).hasSize(1);
        MimeMessage mail = mails.get(0);
        assertThat(mail.getSubject()).isEqualTo("How is it going?");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("Acme CS <cs@acme.test>");
        String text = part(mail, "text/plain").replace("\r\n", "\n");
        String html = part(mail, "text/html").replace("\r\n", "\n");
        assertThat(text).startsWith("Hi,\n\nWe noticed things have been harder lately.").contains("\nAcme CS\n");
        assertThat(html).contains("<p>We noticed things have been harder lately.");
        String link = mail.getHeader("List-Unsubscribe")[0].replaceAll("^<|>$", "");
        assertThat(mail.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(text).contains("To stop these emails: " + link);
        assertThat(html).contains("href=\"" + link.replace("&", "&amp;") + "\"");
        assertThat(mail.getHeader("Touchline-Delivery-Id")[0]).isEqualTo(request.id());

        // The link works without login: opening it asks, posting it opts out.
        URI unsubscribe = URI.create(link);
        String token = unsubscribe.getQuery().substring("token=".length());
        given().queryParam("token", token).get(unsubscribe.getPath())
                .then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("Stop email messages to " + address)).body(containsString("<form method=\"post\">"));
        given().auth().oauth2(TestKeys.OPS).queryParam("recipient", address).get("/v1/opt-outs")
                .then().statusCode(200).body("size()", equalTo(0));
        given().queryParam("token", token).post(unsubscribe.getPath())
                .then().statusCode(200).body(containsString(address + " will get no more email messages"));
        given().auth().oauth2(TestKeys.OPS).queryParam("recipient", address).get("/v1/opt-outs")
                .then().statusCode(200).body("size()", equalTo(1))
                .body("[0].channel", equalTo("email")).body("[0].source", equalTo("link"));
        // A forged link opts nobody out.
        given().queryParam("token", token.substring(0, token.length() - 2) + "xx").post(unsubscribe.getPath())
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("token"));

        // Honoured at once: the next email to them is suppressed, and nothing more arrives.
        Envelope next = touch(codec, unique("acme"), "email", address, "renewal-reminder");
        produceTouch(next);
        assertThat(awaitDelivery(next.id(), "SUPPRESSED").getString("delivery.reason")).isEqualTo("opt-out");
        assertThat(mailsTo(address)).hasSize(1);
    }

    @Test
    void aRedeliveredOrReplayedRequestSendsOneEmail() {
        String address = unique("bob") + "@acme.test";
        Envelope request = touch(codec, unique("acme"), "email", address, "welcome");

        produceTouch(request);
        produceTouch(request);
        awaitDelivery(request.id(), "SENT");
        produceTouch(request);

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(6)).until(() -> mailsTo(address).size() == 1);
        assertThat(delivery(request.id()).getList("attempts")).hasSize(1);
        given().auth().oauth2(TestKeys.OPS).queryParam("accountId", request.accountId()).get("/v1/deliveries")
                .then().statusCode(200).body("items.size()", equalTo(1)).body("items[0].status", equalTo("SENT"));
    }

    @Test
    void whileTheMailServerIsDownTheEmailIsRetriedAndSentOnceItIsBack() {
        String address = unique("cy") + "@acme.test";
        Envelope request = touch(codec, unique("acme"), "email", address, "welcome");
        GreenMailTestResource.stopServer();
        try {
            produceTouch(request);
            awaitDelivery(request.id(), found -> found.getList("attempts.outcome").stream()
                    .filter("transient"::equals).count() >= 2);
        } finally {
            GreenMailTestResource.startServer();
        }

        JsonPath sent = awaitDelivery(request.id(), "SENT");
        List<String> outcomes = sent.getList("attempts.outcome");
        assertThat(outcomes.get(outcomes.size() - 1)).isEqualTo("sent");
        assertThat(outcomes.subList(0, outcomes.size() - 1)).allMatch("transient"::equals).hasSizeGreaterThanOrEqualTo(2);
        assertThat(sent.getInt("delivery.attempts")).isEqualTo(outcomes.size());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> mailsTo(address).size() == 1);
    }

    @Test
    void theCapAllowsOneTechTouchEmailPerRecipientInThreeDays() {
        String address = unique("dee") + "@acme.test";
        Envelope first = touch(codec, unique("acme"), "email", address, "welcome");
        Envelope second = touch(codec, unique("acme"), "email", address, "re-engagement");

        produceTouch(first);
        awaitDelivery(first.id(), "SENT");
        produceTouch(second);

        JsonPath capped = awaitDelivery(second.id(), "SUPPRESSED");
        assertThat(capped.getString("delivery.reason")).isEqualTo("cap");
        assertThat(capped.getList("attempts")).isEmpty();
        assertThat(mailsTo(address)).hasSize(1);
    }

    @Test
    void duringQuietHoursAnEmailIsHeldUntilTheyEndThenSent() {
        Instant now = Instant.now();
        LocalTime start = LocalTime.ofInstant(now.minus(1, ChronoUnit.HOURS), ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        Instant end = now.plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
        Fixtures.channels(Map.of("quietHours", Map.of("start", start.toString(),
                "end", LocalTime.ofInstant(end, ZoneOffset.UTC).toString())));
        String address = unique("eve") + "@acme.test";
        Envelope request = touch(codec, unique("acme"), "email", address, "welcome");

        produceTouch(request);

        JsonPath held = awaitDelivery(request.id(), found -> found.getString("delivery.nextAttemptAt") != null
                && Instant.parse(found.getString("delivery.nextAttemptAt")).equals(end));
        assertThat(held.getString("delivery.status")).isEqualTo("PENDING");
        assertThat(mailsTo(address)).isEmpty();
        JsonPath sent = awaitDelivery(request.id(), "SENT");
        assertThat(Instant.parse(sent.getString("delivery.sentAt"))).isAfterOrEqualTo(end);
        assertThat(mailsTo(address)).hasSize(1);
    }

    @Test
    void aContactThatIsNotAnAddressFailsAtOnceAndIsDeadLettered() {
        Envelope request = touch(codec, unique("acme"), "email", "Ada Lovelace", "welcome");

        produceTouch(request);

        JsonPath failed = awaitDelivery(request.id(), "FAILED");
        assertThat(failed.getString("delivery.reason")).isEqualTo("invalid-address");
        assertThat(failed.getList("attempts")).isEmpty();
        Envelope dead = codec.decode(io.touchline.testing.TestKafka
                .awaitDeadLetter(io.touchline.messaging.Topics.TOUCH_MESSAGES, request.key()).value());
        assertThat(dead.id()).isEqualTo(request.id());
        assertThat(dead.payload()).isEqualTo(request.payload());
    }

}
