package io.touchline.messaging.contract;

import java.util.Map;
import java.util.Set;

/**
 * The texts of the templates the default playbooks use: playbook-service puts them in its
 * messages as title and body, and notification-service seeds each new tenant's email templates
 * with them. A template of any other id is sent by id alone, for notification-service to render.
 */
public final class MessageTemplates {

    /** A template's headline and text. */
    public record Text(String title, String body) {
    }

    private static final Map<String, Text> DEFAULTS = Map.of(
            "welcome", new Text("Welcome aboard",
                    "Your workspace is ready. Your customer success team will be in touch to plan your onboarding."),
            "check-in", new Text("How is it going?",
                    "We noticed things have been harder lately. Reply to this email and we will set up a call."),
            "re-engagement", new Text("We miss you",
                    "It has been a while since your team last worked in your workspace. Here is what is new."),
            "re-engagement-guide", new Text("Pick up where you left off",
                    "A short guide to the three things teams like yours do first, and where to find them."),
            "setup-guide", new Text("Finish setting up",
                    "A few steps are left before your workspace does everything it can. This guide walks you through them."),
            "cs-introduction", new Text("Meet your customer success team",
                    "We are here to help your team succeed. Reply to this email to meet us."),
            "upgrade-offer", new Text("Room to grow",
                    "Your team uses nearly every seat. Talk to us about a plan that grows with you."),
            "upgrade", new Text("Your team is growing",
                    "You are using nearly every seat. Upgrade to add more."),
            "renewal-reminder", new Text("Your renewal is coming up",
                    "Your subscription renews soon. Here is what your team achieved this year."));

    private MessageTemplates() {
    }

    /** The ids of the default templates. */
    public static Set<String> ids() {
        return DEFAULTS.keySet();
    }

    /** The text of a default template; null for any other id. */
    public static Text of(String templateId) {
        return DEFAULTS.get(templateId);
    }
}
