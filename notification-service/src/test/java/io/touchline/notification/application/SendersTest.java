package io.touchline.notification.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.touchline.notification.domain.SendOutcome;
import io.vertx.ext.mail.SMTPException;

/** Which failures are worth another attempt. */
class SendersTest {

    @ParameterizedTest(name = "HTTP {0}: {1}")
    @CsvSource({ "200, SENT", "204, SENT", "301, PERMANENT", "400, PERMANENT", "401, PERMANENT", "404, PERMANENT",
            "410, PERMANENT", "429, TRANSIENT", "500, TRANSIENT", "502, TRANSIENT", "503, TRANSIENT" })
    void webhookStatuses(int status, SendOutcome.Result result) {
        assertThat(WebhookSender.classify(status)).isEqualTo(new SendOutcome(result, "HTTP " + status));
    }

    @Test
    void smtpRepliesInThe500sArePermanentAndTheRestTransient() {
        assertThat(EmailSender.classify(new SMTPException("550 no such user", 550, List.of("no such user"), true)))
                .isEqualTo(SendOutcome.permanentFailure("SMTP 550: no such user"));
        assertThat(EmailSender.classify(new SMTPException("451 try later", 451, List.of("try later"), true)))
                .isEqualTo(SendOutcome.transientFailure("SMTP 451: try later"));
        assertThat(EmailSender.classify(new ConnectException("Connection refused")))
                .isEqualTo(SendOutcome.transientFailure("ConnectException: Connection refused"));
        assertThat(EmailSender.classify(new TimeoutException()).result()).isEqualTo(SendOutcome.Result.UNKNOWN);
    }
}
