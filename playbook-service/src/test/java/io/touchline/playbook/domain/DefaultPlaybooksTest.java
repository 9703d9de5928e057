package io.touchline.playbook.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.touchline.messaging.contract.MessageTemplates;

/** The primer's table, signal by signal and tier by tier, as the default library acts on it. */
class DefaultPlaybooksTest {

    @ParameterizedTest(name = "{0} ({1}) for {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # signal,            band,   tier,       what the defaults do (signal on Tuesday 2026-12-01)
            HEALTH_BAND_CHANGED | red    | high-touch | task Risk review call (high) due 2026-12-03
            HEALTH_BAND_CHANGED | red    | low-touch  | task Check-in call (normal) due 2026-12-08; email check-in to 1
            HEALTH_BAND_CHANGED | red    | tech-touch | email re-engagement to 1
            HEALTH_BAND_CHANGED | yellow | high-touch | nothing
            HEALTH_BAND_CHANGED | red    | -          | nothing
            INACTIVE            | yellow | high-touch | task Call the champion (high) due 2026-12-03
            INACTIVE            | yellow | low-touch  | email re-engagement to 1; task Call if the re-engagement email gets no reply (normal) due 2026-12-08
            INACTIVE            | yellow | tech-touch | email re-engagement-guide to 1
            ONBOARDING_STALLED  | yellow | high-touch | task Onboarding follow-up (high) due 2026-12-04
            ONBOARDING_STALLED  | yellow | low-touch  | email setup-guide to 1
            ONBOARDING_STALLED  | yellow | tech-touch | in-app setup-guide to 3
            CONTACT_CHANGED     | green  | high-touch | task Meet the new contact (high) due 2026-12-08
            CONTACT_CHANGED     | green  | low-touch  | email cs-introduction to 1
            CONTACT_CHANGED     | green  | tech-touch | nothing
            EXPANSION_CANDIDATE | green  | high-touch | task Propose an upsell (normal) due 2026-12-08
            EXPANSION_CANDIDATE | green  | low-touch  | email upgrade-offer to 1
            EXPANSION_CANDIDATE | green  | tech-touch | in-app upgrade to 3
            RENEWAL_APPROACHING | yellow | high-touch | task Renewal review with an ROI report (high) due 2026-12-08
            RENEWAL_APPROACHING | yellow | low-touch  | task Renewal call (normal) due 2026-12-08
            RENEWAL_APPROACHING | yellow | tech-touch | email renewal-reminder to 1
            ACCOUNT_FIRST_SEEN  | yellow | high-touch | task Welcome the new account and plan its onboarding (normal) due 2026-12-08; in-app welcome to 3
            ACCOUNT_FIRST_SEEN  | yellow | low-touch  | task Welcome the new account and plan its onboarding (normal) due 2026-12-08; in-app welcome to 3
            ACCOUNT_FIRST_SEEN  | yellow | tech-touch | never-rule; in-app welcome to 3
            ACCOUNT_FIRST_SEEN  | yellow | -          | task Welcome the new account and plan its onboarding (normal) due 2026-12-08; in-app welcome to 3
            HEALTH_DROPPED      | yellow | high-touch | nothing
            CHURN_RISK_HIGH     | red    | high-touch | nothing
            """)
    void theDefaultLibraryActsOnEachSignalForEachTier(String type, String band, String tier, String expected) {
        SignalFacts s = new SignalFacts("t1", "acme", "sig-1", type, PlaybookEngineTest.T0, 40.0, band, tier, "adoption",
                0.3, "medium", "kim@vendor.example", "ceo@acme.example", List.of("u2", "u3"), "u1");

        List<String> done = new ArrayList<>();
        for (Playbook p : DefaultPlaybooks.library()) {
            if (PlaybookEngine.matches(p, s)) {
                Decision d = PlaybookEngine.decide(p, s, GuardState.EMPTY, TenantSettings.DEFAULT);
                d.outcomes().forEach(o -> done.add(describe(o)));
            }
        }
        assertThat(done.isEmpty() ? "nothing" : String.join("; ", done)).isEqualTo(expected);
    }

    @Test
    void everyDefaultIsEnabledWithTheDefaultGuardRailsAndTheCsmOwnsItsTasks() {
        List<Playbook> library = DefaultPlaybooks.library();
        assertThat(library).hasSize(18).allSatisfy(p -> {
            assertThat(p.state()).isEqualTo(PlaybookState.ENABLED);
            assertThat(p.version()).isEqualTo(1);
            assertThat(p.guardRails()).isEqualTo(GuardRails.DEFAULT);
        });
        assertThat(library).extracting(Playbook::id).doesNotHaveDuplicates();
        assertThat(library).flatExtracting(Playbook::actions).filteredOn(a -> a instanceof Action.Message)
                .allSatisfy(a -> assertThat(MessageTemplates.of(((Action.Message) a).template())).isNotNull());
        SignalFacts s = new SignalFacts("t1", "acme", "sig-1", "HEALTH_BAND_CHANGED", PlaybookEngineTest.T0, 40.0, "red",
                "high-touch", "adoption", 0.3, "medium", null, null, List.of(), null);
        Playbook red = library.stream().filter(p -> p.id().equals("health-red-high-touch")).findFirst().orElseThrow();
        assertThat(PlaybookEngine.decide(red, s, GuardState.EMPTY, TenantSettings.DEFAULT).tasks().get(0).owner())
                .isEqualTo("high-touch-team");
    }

    private static String describe(Decision.Outcome o) {
        if (!o.created()) {
            return Wire.name(o.suppressed());
        }
        if (o.task() != null) {
            return "task " + o.task().title() + " (" + Wire.name(o.task().priority()) + ") due " + o.task().dueDate();
        }
        Action.Message m = (Action.Message) o.action();
        return Wire.name(m.channel()) + " " + m.template() + " to " + o.messages().size();
    }
}
