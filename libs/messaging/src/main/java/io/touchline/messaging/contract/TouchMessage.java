package io.touchline.messaging.contract;

/**
 * Payload of {@code touch.message} on {@code touch-messages}: something to deliver to a
 * customer's user.
 *
 * @param messageId deterministic from what caused it; also the envelope id
 * @param channel {@code in-app}, {@code email} or {@code webhook}
 * @param recipientUserId the user it is for
 * @param title a short headline
 * @param body the text
 * @param taskId the CSM task created alongside, if any
 */
public record TouchMessage(String messageId, String channel, String recipientUserId, String title, String body,
        String taskId) {

    public static final String IN_APP = "in-app";

    public TouchMessage {
        Contracts.require(messageId, "messageId");
        Contracts.require(channel, "channel");
    }
}
