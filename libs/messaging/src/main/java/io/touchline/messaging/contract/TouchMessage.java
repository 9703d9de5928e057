package io.touchline.messaging.contract;

/**
 * Payload of {@code touch.message} on {@code touch-messages}: something to deliver to a
 * customer's user, the account's primary contact or its CSM, requested by a playbook.
 *
 * @param messageId deterministic from the signal, the playbook, the action and the recipient;
 *        also the envelope id
 * @param channel {@code in-app}, {@code email} or {@code webhook}
 * @param recipientUserId the product user it is for, when the recipient is one (audience
 *        {@code active-users}); null otherwise
 * @param title a short headline, for the templates playbook-service knows the text of
 * @param body the text, likewise
 * @param taskId the CSM task created by the same playbook for the same signal, if any
 * @param templateId the template to render
 * @param audience {@code primary-contact}, {@code active-users} or {@code owner}
 * @param recipient who it is for: a user id, the primary contact (an email or a name) or the
 *        owner's email
 * @param playbookId the playbook that requested it
 * @param playbookVersion the playbook's version then
 * @param signalId the signal it answers
 */
public record TouchMessage(String messageId, String channel, String recipientUserId, String title, String body,
        String taskId, String templateId, String audience, String recipient, String playbookId,
        Integer playbookVersion, String signalId) {

    public static final String IN_APP = "in-app";
    public static final String EMAIL = "email";
    public static final String WEBHOOK = "webhook";

    public TouchMessage {
        Contracts.require(messageId, "messageId");
        Contracts.require(channel, "channel");
    }

    /** A message with only its text and its user (tests, producers without playbooks). */
    public TouchMessage(String messageId, String channel, String recipientUserId, String title, String body,
            String taskId) {
        this(messageId, channel, recipientUserId, title, body, taskId, null, null, recipientUserId, null, null, null);
    }
}
