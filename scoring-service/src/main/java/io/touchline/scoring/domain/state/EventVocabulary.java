package io.touchline.scoring.domain.state;

import java.util.Set;

/**
 * Which Segment event names feed which measure, per tenant; the defaults are the names
 * docs/scoring-model.md documents.
 *
 * @param setupStepCompleted a setup step done ({@code properties.step} names it)
 * @param setupSteps how many setup steps onboarding has
 * @param ticketOpened a support ticket opened ({@code properties.ticketId})
 * @param ticketClosed a support ticket closed ({@code properties.ticketId})
 * @param surveyResponded a survey answer ({@code properties.score}; {@code properties.scale}
 *        {@code nps} 0-10, default, or {@code csat} 1-5)
 * @param featureUsed a feature used ({@code properties.feature}); events named after a key
 *        feature count too
 * @param keyFeatures the features that matter for breadth; none: breadth has no data
 */
public record EventVocabulary(String setupStepCompleted, int setupSteps, String ticketOpened, String ticketClosed,
        String surveyResponded, String featureUsed, Set<String> keyFeatures) {

    public static final EventVocabulary DEFAULT = new EventVocabulary("Setup Step Completed", 5, "Ticket Opened",
            "Ticket Closed", "Survey Responded", "Feature Used", Set.of());

    public EventVocabulary {
        if (setupSteps < 1) {
            throw new IllegalArgumentException("onboarding has at least one setup step");
        }
        keyFeatures = Set.copyOf(keyFeatures);
    }
}
