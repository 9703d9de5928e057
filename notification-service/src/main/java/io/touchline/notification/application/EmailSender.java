package io.touchline.notification.application;

import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import io.touchline.notification.config.NotificationConfig;
import io.touchline.notification.domain.SendOutcome;
import io.vertx.ext.mail.SMTPException;

/**
 * Sends an email over SMTP. A 5xx reply (no such mailbox, a rejected address) is permanent; a 4xx
 * reply and a refused or dropped connection are transient. A server that stops answering leaves
 * the outcome unknown: the email may have been accepted, and SMTP has no idempotency key, so it is
 * not sent again (ADR 0022).
 */
@ApplicationScoped
public class EmailSender {

    private final ReactiveMailer mailer;
    private final NotificationConfig config;

    public EmailSender(ReactiveMailer mailer, NotificationConfig config) {
        this.mailer = mailer;
        this.config = config;
    }

    public Uni<SendOutcome> send(Mail mail) {
        return mailer.send(mail)
                .ifNoItem().after(config.sendTimeout()).failWith(TimeoutException::new)
                .map(x -> SendOutcome.sent("accepted by the SMTP server"))
                .onFailure().recoverWithItem(EmailSender::classify);
    }

    static SendOutcome classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SMTPException smtp) {
                String detail = "SMTP " + smtp.getReplyCode() + ": " + smtp.getReplyMessage();
                return smtp.isPermanent() ? SendOutcome.permanentFailure(detail) : SendOutcome.transientFailure(detail);
            }
        }
        if (failure instanceof TimeoutException) {
            return SendOutcome.unknown("no answer from the SMTP server within the send timeout; not sent again");
        }
        return SendOutcome.transientFailure(failure.getClass().getSimpleName() + ": " + failure.getMessage());
    }
}
