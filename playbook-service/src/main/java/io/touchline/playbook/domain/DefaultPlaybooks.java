package io.touchline.playbook.domain;

import java.util.List;
import java.util.Set;

/**
 * The library every new tenant starts with: the primer's table of signals by tier, plus the
 * welcome of a newly seen account. All enabled, with the default guard rails (a 7-day cooldown,
 * 2 messages per account a week, never a CSM task for a tech-touch account).
 */
public final class DefaultPlaybooks {

    private static final String HIGH = "high-touch";
    private static final String LOW = "low-touch";
    private static final String TECH = "tech-touch";

    private DefaultPlaybooks() {
    }

    public static List<Playbook> library() {
        return List.of(
                playbook("welcome", "Welcome a new account", Trigger.on("ACCOUNT_FIRST_SEEN"),
                        task("Welcome the new account and plan its onboarding", Priority.NORMAL, 5,
                                "Review the account's plan and contacts", "Schedule the onboarding kick-off"),
                        message(Channel.IN_APP, "welcome", Audience.ACTIVE_USERS)),

                playbook("health-red-high-touch", "Health turns red (high-touch)", red(HIGH),
                        task("Risk review call", Priority.HIGH, 2, "Read the health explanation and the recent moves",
                                "Call the champion", "Agree a recovery plan and record it")),
                playbook("health-red-low-touch", "Health turns red (low-touch)", red(LOW),
                        task("Check-in call", Priority.NORMAL, 5, "Read the health explanation", "Call the main contact"),
                        message(Channel.EMAIL, "check-in", Audience.PRIMARY_CONTACT)),
                playbook("health-red-tech-touch", "Health turns red (tech-touch)", red(TECH),
                        message(Channel.EMAIL, "re-engagement", Audience.PRIMARY_CONTACT)),

                playbook("inactive-high-touch", "Inactive for 14 days (high-touch)", on("INACTIVE", HIGH),
                        task("Call the champion", Priority.HIGH, 2, "Check the last activity and open tickets",
                                "Call the champion")),
                playbook("inactive-low-touch", "Inactive for 14 days (low-touch)", on("INACTIVE", LOW),
                        message(Channel.EMAIL, "re-engagement", Audience.PRIMARY_CONTACT),
                        task("Call if the re-engagement email gets no reply", Priority.NORMAL, 5,
                                "Check for a reply to the re-engagement email", "Call the main contact if none came")),
                playbook("inactive-tech-touch", "Inactive for 14 days (tech-touch)", on("INACTIVE", TECH),
                        message(Channel.EMAIL, "re-engagement-guide", Audience.PRIMARY_CONTACT)),

                playbook("onboarding-stalled-high-touch", "Onboarding stalled (high-touch)", on("ONBOARDING_STALLED", HIGH),
                        task("Onboarding follow-up", Priority.HIGH, 3, "See which setup steps are missing",
                                "Offer a working session to finish them")),
                playbook("onboarding-stalled-low-touch", "Onboarding stalled (low-touch)", on("ONBOARDING_STALLED", LOW),
                        message(Channel.EMAIL, "setup-guide", Audience.PRIMARY_CONTACT)),
                playbook("onboarding-stalled-tech-touch", "Onboarding stalled (tech-touch)",
                        on("ONBOARDING_STALLED", TECH),
                        message(Channel.IN_APP, "setup-guide", Audience.ACTIVE_USERS)),

                playbook("contact-changed-high-touch", "Main contact changed (high-touch)", on("CONTACT_CHANGED", HIGH),
                        task("Meet the new contact", Priority.HIGH, 5, "Introduce yourself to the new contact",
                                "Walk them through the account's goals and health")),
                playbook("contact-changed-low-touch", "Main contact changed (low-touch)", on("CONTACT_CHANGED", LOW),
                        message(Channel.EMAIL, "cs-introduction", Audience.PRIMARY_CONTACT)),

                playbook("expansion-high-touch", "Expansion candidate (high-touch)", on("EXPANSION_CANDIDATE", HIGH),
                        task("Propose an upsell", Priority.NORMAL, 5, "Check seat use and plan limits",
                                "Prepare and present an expansion proposal")),
                playbook("expansion-low-touch", "Expansion candidate (low-touch)", on("EXPANSION_CANDIDATE", LOW),
                        message(Channel.EMAIL, "upgrade-offer", Audience.PRIMARY_CONTACT)),
                playbook("expansion-tech-touch", "Expansion candidate (tech-touch)", on("EXPANSION_CANDIDATE", TECH),
                        message(Channel.IN_APP, "upgrade", Audience.ACTIVE_USERS)),

                playbook("renewal-high-touch", "Renewal in 90 days, not green (high-touch)",
                        on("RENEWAL_APPROACHING", HIGH),
                        task("Renewal review with an ROI report", Priority.HIGH, 5, "Prepare the ROI report",
                                "Hold the renewal review meeting")),
                playbook("renewal-low-touch", "Renewal in 90 days, not green (low-touch)", on("RENEWAL_APPROACHING", LOW),
                        task("Renewal call", Priority.NORMAL, 5, "Review health and usage", "Call about the renewal")),
                playbook("renewal-tech-touch", "Renewal in 90 days, not green (tech-touch)",
                        on("RENEWAL_APPROACHING", TECH),
                        message(Channel.EMAIL, "renewal-reminder", Audience.PRIMARY_CONTACT)));
    }

    private static Playbook playbook(String id, String name, Trigger trigger, Action... actions) {
        return new Playbook(id, 1, name, PlaybookState.ENABLED, trigger, List.of(actions), GuardRails.DEFAULT);
    }

    private static Trigger red(String tier) {
        return new Trigger("HEALTH_BAND_CHANGED", Set.of(tier), Set.of(), Set.of("red"), Set.of(), null, null);
    }

    private static Trigger on(String signal, String tier) {
        return new Trigger(signal, Set.of(tier), Set.of(), Set.of(), Set.of(), null, null);
    }

    private static Action.Task task(String title, Priority priority, int dueInBusinessDays, String... checklist) {
        return new Action.Task(title, List.of(checklist), priority, dueInBusinessDays);
    }

    private static Action.Message message(Channel channel, String template, Audience audience) {
        return new Action.Message(channel, template, audience);
    }
}
