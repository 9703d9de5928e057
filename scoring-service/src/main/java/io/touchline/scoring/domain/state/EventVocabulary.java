package io.touchline.scoring.domain.state;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

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
 * @param negativeEvents track events that warn of churn (e.g. {@code Downgrade Viewed},
 *        {@code Seats Removed}); counted per 28 days for the churn model
 */
public record EventVocabulary(String setupStepCompleted, int setupSteps, String ticketOpened, String ticketClosed,
        String surveyResponded, String featureUsed, Set<String> keyFeatures, Set<String> negativeEvents) {

    public static final EventVocabulary DEFAULT = new EventVocabulary("Setup Step Completed", 5, "Ticket Opened",
            "Ticket Closed", "Survey Responded", "Feature Used", Set.of(), Set.of());

    public EventVocabulary {
        if (setupSteps < 1) {
            throw new IllegalArgumentException("onboarding has at least one setup step");
        }
        keyFeatures = Set.copyOf(keyFeatures);
        negativeEvents = negativeEvents == null ? Set.of() : Set.copyOf(negativeEvents);
    }

    /** The events counted one by one for the churn model: the key features and the negative events, sorted. */
    public List<String> counted() {
        TreeSet<String> counted = new TreeSet<>(keyFeatures);
        counted.addAll(negativeEvents);
        return List.copyOf(counted);
    }
}
