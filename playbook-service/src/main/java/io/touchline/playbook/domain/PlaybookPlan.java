package io.touchline.playbook.domain;

import java.time.Duration;

/**
 * What a playbook does for one signal: a CSM task and, when the signal names a user, an in-app
 * message to that user.
 *
 * @param taskTitle the task's title
 * @param priority {@code high}, {@code normal} or {@code low}
 * @param dueIn how long the CSM has
 * @param messageTitle the in-app message's headline
 * @param messageBody the in-app message's text
 */
public record PlaybookPlan(String taskTitle, String priority, Duration dueIn, String messageTitle, String messageBody) {
}
