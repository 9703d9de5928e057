package io.touchline.messaging;

/**
 * A message that can never be processed, however often it is retried (not JSON, not an
 * envelope, a payload that breaks the contract). It goes to the dead-letter topic and the
 * stream goes on; every other failure is retried.
 */
public class PoisonMessageException extends RuntimeException {

    public PoisonMessageException(String message) {
        super(message);
    }

    public PoisonMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
