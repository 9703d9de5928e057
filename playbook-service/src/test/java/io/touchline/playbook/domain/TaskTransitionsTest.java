package io.touchline.playbook.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.touchline.playbook.domain.TaskTransitions.Command;

class TaskTransitionsTest {

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # from,       command,     to (NOT: refused)
            OPEN         | ACKNOWLEDGE | ACKNOWLEDGED
            OPEN         | COMPLETE    | COMPLETED
            OPEN         | SNOOZE      | SNOOZED
            OPEN         | REASSIGN    | OPEN
            OPEN         | DISMISS     | DISMISSED
            OPEN         | WAKE        | NOT
            ACKNOWLEDGED | ACKNOWLEDGE | NOT
            ACKNOWLEDGED | COMPLETE    | COMPLETED
            ACKNOWLEDGED | SNOOZE      | SNOOZED
            ACKNOWLEDGED | REASSIGN    | ACKNOWLEDGED
            ACKNOWLEDGED | DISMISS     | DISMISSED
            ACKNOWLEDGED | WAKE        | NOT
            SNOOZED      | ACKNOWLEDGE | ACKNOWLEDGED
            SNOOZED      | COMPLETE    | COMPLETED
            SNOOZED      | SNOOZE      | SNOOZED
            SNOOZED      | REASSIGN    | SNOOZED
            SNOOZED      | DISMISS     | DISMISSED
            SNOOZED      | WAKE        | OPEN
            COMPLETED    | ACKNOWLEDGE | NOT
            COMPLETED    | COMPLETE    | NOT
            COMPLETED    | SNOOZE      | NOT
            COMPLETED    | REASSIGN    | NOT
            COMPLETED    | DISMISS     | NOT
            COMPLETED    | WAKE        | NOT
            DISMISSED    | ACKNOWLEDGE | NOT
            DISMISSED    | COMPLETE    | NOT
            DISMISSED    | REASSIGN    | NOT
            DISMISSED    | WAKE        | NOT
            """)
    void eachStatusAllowsItsCommands(TaskStatus from, Command command, String to) {
        if (to.equals("NOT")) {
            assertThatThrownBy(() -> TaskTransitions.next(from, command))
                    .isInstanceOf(TaskTransitions.NotAllowed.class)
                    .hasMessage("A task that is " + Wire.name(from) + " cannot be " + command.done());
        } else {
            assertThat(TaskTransitions.next(from, command)).isEqualTo(TaskStatus.valueOf(to));
        }
    }
}
