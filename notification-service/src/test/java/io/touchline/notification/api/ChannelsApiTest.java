package io.touchline.notification.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.touchline.messaging.contract.MessageTemplates;
import io.touchline.notification.Fixtures;
import io.touchline.notification.GreenMailTestResource;
import io.touchline.testing.TestKeys;
import io.touchline.testing.TouchlineTestResource;

@QuarkusTest
@WithTestResource(TouchlineTestResource.class)
@WithTestResource(GreenMailTestResource.class)
class ChannelsApiTest {

    @Test
    void secretsAreWriteOnly() {
        String webhookSecret = "whsec-never-shown-0123456789";
        String inboxSecret = "inbox-never-shown-0123456789";

        String put = given().auth().oauth2(TestKeys.OPS).contentType(ContentType.JSON)
                .body(channels(Map.of("webhookSecret", webhookSecret, "inboxSecret", inboxSecret)))
                .put("/v1/channels").then().statusCode(200)
                .body("webhookSecretSet", equalTo(true)).body("inboxSecretSet", equalTo(true))
                .extract().asString();
        String get = given().auth().oauth2(TestKeys.OPS).get("/v1/channels").then().statusCode(200).extract().asString();
        String other = given().auth().oauth2(TestKeys.OTHER_TENANT_OPS).get("/v1/channels").then().statusCode(200)
                .body("inboxSecretSet", equalTo(false)).extract().asString();

        for (String body : new String[] { put, get, other }) {
            assertThat(body).doesNotContain(webhookSecret).doesNotContain(inboxSecret).doesNotContain("Secret\":\"");
        }
        // Left out, a secret stays; empty, it is removed.
        given().auth().oauth2(TestKeys.OPS).contentType(ContentType.JSON).body(channels(Map.of()))
                .put("/v1/channels").then().statusCode(200).body("webhookSecretSet", equalTo(true));
        given().auth().oauth2(TestKeys.OPS).contentType(ContentType.JSON).body(channels(Map.of("webhookSecret", "")))
                .put("/v1/channels").then().statusCode(200).body("webhookSecretSet", equalTo(false))
                .body("inboxSecretSet", equalTo(true));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            timeZone      | Mars/Olympus       | time-zone
            senderEmail   | nobody             | email
            digestHour    | 24                 | range
            emailCap      | -1                 | range
            emailCapDays  | 0                  | range
            csmChannel    | pigeon             | one-of
            csmWebhookUrl | ftp://hooks.test/x | url
            webhookUrl    | /relative          | url
            webhookFormat | xml                | one-of
            webhookSecret | short              | length
            inboxSecret   | short              | length
            """)
    void aBadFieldIsA400NamingItAndTheRule(String field, String value, String rule) {
        Map<String, Object> changes = new HashMap<>();
        changes.put(field, field.startsWith("digest") || field.startsWith("emailCap") ? Integer.valueOf(value) : value);

        given().auth().oauth2(TestKeys.OPS).contentType(ContentType.JSON).body(channels(changes))
                .put("/v1/channels").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo(field)).body("errors[0].rule", equalTo(rule));
    }

    @Test
    void quietHoursAndTheSlackChannelForOwnersAreChecked() {
        given().auth().oauth2(TestKeys.OPS).contentType(ContentType.JSON)
                .body(channels(Map.of("quietHours", Map.of("start", "25:00", "end", "07:00"))))
                .put("/v1/channels").then().statusCode(400).body("errors[0].field", equalTo("quietHours.start"));
        given().auth().oauth2(TestKeys.OPS).contentType(ContentType.JSON).body(channels(Map.of("csmChannel", "webhook")))
                .put("/v1/channels").then().statusCode(400).body("errors[0].field", equalTo("csmWebhookUrl"))
                .body("errors[0].rule", equalTo("required"));
        given().auth().oauth2(TestKeys.OPS).contentType(ContentType.JSON).body("{\"timeZone\":\"UTC\",\"surprise\":1}")
                .put("/v1/channels").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestKeys.INGEST).get("/v1/channels").then().statusCode(403);
        Fixtures.channels(Map.of());
    }

    @Test
    void aTenantHasATemplatePerDefaultPlaybookMessageAndATemplateMustRender() {
        given().auth().oauth2(TestKeys.OTHER_TENANT_OPS).get("/v1/email-templates")
                .then().statusCode(200).body("size()", equalTo(MessageTemplates.ids().size()))
                .body("templateId", hasItem("renewal-reminder"));
        given().auth().oauth2(TestKeys.OPS).get("/v1/email-templates/{id}", "check-in")
                .then().statusCode(200).body("subject", equalTo("How is it going?"));

        given().auth().oauth2(TestKeys.OPS).contentType(ContentType.JSON)
                .body(Map.of("subject", "Hello {account.id}", "textBody", "Hi {user.email}", "htmlBody", "<p>{#if}</p>"))
                .put("/v1/email-templates/{id}", "quarterly-review")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("htmlBody")).body("errors[0].rule", equalTo("template"));
        given().auth().oauth2(TestKeys.OPS).contentType(ContentType.JSON)
                .body(Map.of("subject", "Your quarter, {account.id}", "textBody",
                        "Hi {user.email}: {message.body}\n{unsubscribeUrl}",
                        "htmlBody", "<p>{message.body}</p><a href=\"{unsubscribeUrl}\">Unsubscribe</a>"))
                .put("/v1/email-templates/{id}", "quarterly-review")
                .then().statusCode(200).body("templateId", equalTo("quarterly-review"));
        given().auth().oauth2(TestKeys.OPS).get("/v1/email-templates/{id}", "quarterly-review")
                .then().statusCode(200).body("subject", equalTo("Your quarter, {account.id}"));
        given().auth().oauth2(TestKeys.OPS).get("/v1/email-templates/{id}", "nope")
                .then().statusCode(404).contentType("application/problem+json");
    }

    private static Map<String, Object> channels(Map<String, Object> changes) {
        Map<String, Object> body = new HashMap<>(Map.of("timeZone", "UTC", "senderEmail", "cs@acme.test", "senderName",
                "Acme CS", "digestHour", 8, "emailCap", 1, "emailCapDays", 3, "csmChannel", "email", "webhookFormat",
                "json"));
        body.putAll(changes);
        return body;
    }
}
