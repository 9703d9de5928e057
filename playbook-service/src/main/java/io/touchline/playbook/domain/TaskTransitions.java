package io.touchline.playbook.domain;

/** What CS ops may do to a task in each status, and the status it leaves the task in. */
public final class TaskTransitions {

    /** Something done to a task. */
    public enum Command {
        ACKNOWLEDGE("acknowledged"),
        COMPLETE("completed"),
        SNOOZE("snoozed"),
        REASSIGN("reassigned"),
        DISMISS("dismissed"),
        /** The snooze ended: the task is open again. */
        WAKE("woken");

        private final String done;

        Command(String done) {
            this.done = done;
        }

        /** The change's name once made, as task history records it: {@code acknowledged}. */
        public String done() {
            return done;
        }
    }

    /** A command the task's status does not allow. */
    public static final class NotAllowed extends RuntimeException {

        public NotAllowed(TaskStatus from, Command command) {
            super("A task that is " + Wire.name(from) + " cannot be " + command.done());
        }
    }

    private TaskTransitions() {
    }

    /** @throws NotAllowed when the status does not allow the command */
    public static TaskStatus next(TaskStatus from, Command command) {
        if (from.closed()) {
            throw new NotAllowed(from, command);
        }
        return switch (command) {
            case ACKNOWLEDGE -> {
                if (from == TaskStatus.ACKNOWLEDGED) {
                    throw new NotAllowed(from, command);
                }
                yield TaskStatus.ACKNOWLEDGED;
            }
            case COMPLETE -> TaskStatus.COMPLETED;
            case SNOOZE -> TaskStatus.SNOOZED;
            case REASSIGN -> from;
            case DISMISS -> TaskStatus.DISMISSED;
            case WAKE -> {
                if (from != TaskStatus.SNOOZED) {
                    throw new NotAllowed(from, command);
                }
                yield TaskStatus.OPEN;
            }
        };
    }
}
