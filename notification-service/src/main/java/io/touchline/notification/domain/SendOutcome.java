package io.touchline.notification.domain;

/**
 * What one attempt at sending came to.
 *
 * @param detail what the channel answered, for the attempt's record (never a secret)
 */
public record SendOutcome(Result result, String detail) {

    public enum Result {
        /** The channel accepted the message. */
        SENT,
        /** Worth another try: the server was down, busy (429), failing (5xx) or slow. */
        TRANSIENT,
        /** No try will succeed: a bad address, a 4xx other than 429. */
        PERMANENT,
        /** It may or may not have gone out (an SMTP server that stopped answering mid-send): not tried again. */
        UNKNOWN
    }

    public static SendOutcome sent(String detail) {
        return new SendOutcome(Result.SENT, detail);
    }

    public static SendOutcome transientFailure(String detail) {
        return new SendOutcome(Result.TRANSIENT, detail);
    }

    public static SendOutcome permanentFailure(String detail) {
        return new SendOutcome(Result.PERMANENT, detail);
    }

    public static SendOutcome unknown(String detail) {
        return new SendOutcome(Result.UNKNOWN, detail);
    }
}
