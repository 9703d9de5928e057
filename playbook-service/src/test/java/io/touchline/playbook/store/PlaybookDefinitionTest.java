package io.touchline.playbook.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.touchline.playbook.domain.Action;
import io.touchline.playbook.domain.Audience;
import io.touchline.playbook.domain.Channel;
import io.touchline.playbook.domain.DefaultPlaybooks;
import io.touchline.playbook.domain.GuardRails;
import io.touchline.playbook.domain.NeverRule;
import io.touchline.playbook.domain.Playbook;
import io.touchline.playbook.domain.PlaybookState;
import io.touchline.playbook.domain.Priority;
import io.touchline.playbook.domain.Range;
import io.touchline.playbook.domain.Trigger;
import io.touchline.web.Problem.FieldError;

class PlaybookDefinitionTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final String VALID = """
            {"name":"VIP at risk","state":"dry-run",
             "trigger":{"signal":"CHURN_RISK_HIGH","tiers":["high-touch"],"stages":["renewal"],"churnProbability":{"min":0.6},
                        "score":{"max":60}},
             "actions":[{"type":"task","title":"Escalate","checklist":["Call","Write"],"priority":"high","dueInBusinessDays":1},
                        {"type":"message","channel":"webhook","template":"vip-alert","audience":"owner"}],
             "guardRails":{"cooldown":"P14D","messagesPerWeek":3,"never":[{"action":"any","stages":["churned"]}]}}""";

    @Test
    void aValidDefinitionBuildsItsPlaybook() throws Exception {
        PlaybookDefinition.Parsed parsed = JSON.readValue(VALID, PlaybookDefinition.class).parse("vip", 4);

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.playbook()).isEqualTo(new Playbook("vip", 4, "VIP at risk", PlaybookState.DRY_RUN,
                new Trigger("CHURN_RISK_HIGH", Set.of("high-touch"), Set.of("renewal"), Set.of(), Set.of(),
                        new Range(0.6, null), new Range(null, 60.0)),
                List.of(new Action.Task("Escalate", List.of("Call", "Write"), Priority.HIGH, 1),
                        new Action.Message(Channel.WEBHOOK, "vip-alert", Audience.OWNER)),
                new GuardRails(Duration.ofDays(14), 3, List.of(new NeverRule(null, Set.of(), Set.of("churned"))))));
    }

    @Test
    void leftOutPartsTakeTheirDefaults() throws Exception {
        Playbook p = JSON.readValue("""
                {"name":"Red","trigger":{"signal":"HEALTH_BAND_CHANGED"},
                 "actions":[{"type":"task","title":"Call","dueInBusinessDays":3}]}""", PlaybookDefinition.class)
                .parse("red", 1).playbook();

        assertThat(p.state()).isEqualTo(PlaybookState.DISABLED);
        assertThat(p.guardRails()).isEqualTo(GuardRails.DEFAULT);
        assertThat(p.actions()).containsExactly(new Action.Task("Call", List.of(), Priority.NORMAL, 3));
    }

    @Test
    void everyDefaultPlaybookReadsBackFromItsStoredDefinition() throws Exception {
        for (Playbook p : DefaultPlaybooks.library()) {
            String stored = JSON.writeValueAsString(PlaybookDefinition.of(p));
            assertThat(JSON.readValue(stored, PlaybookDefinition.class).parse(p.id(), p.version()).playbook())
                    .as(p.id()).isEqualTo(p);
        }
    }

    @ParameterizedTest(name = "{1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # the definition (single quotes for double),                                                           field,                          rule
            {'trigger':{'signal':'INACTIVE'},'actions':[{'type':'task','title':'x','dueInBusinessDays':1}]}         | name                          | required
            {'name':'x','actions':[{'type':'task','title':'x','dueInBusinessDays':1}]}                              | trigger                       | required
            {'name':'x','trigger':{'signal':'BORED'},'actions':[{'type':'task','title':'x','dueInBusinessDays':1}]}  | trigger.signal                | one-of
            {'name':'x','trigger':{'signal':'INACTIVE','tiers':['gold']},'actions':[{'type':'task','title':'x','dueInBusinessDays':1}]} | trigger.tiers[0] | one-of
            {'name':'x','trigger':{'signal':'INACTIVE','stages':['trial']},'actions':[{'type':'task','title':'x','dueInBusinessDays':1}]} | trigger.stages[0] | one-of
            {'name':'x','trigger':{'signal':'INACTIVE','bands':['blue']},'actions':[{'type':'task','title':'x','dueInBusinessDays':1}]} | trigger.bands[0] | one-of
            {'name':'x','trigger':{'signal':'INACTIVE','churnLevels':['extreme']},'actions':[{'type':'task','title':'x','dueInBusinessDays':1}]} | trigger.churnLevels[0] | one-of
            {'name':'x','trigger':{'signal':'INACTIVE','churnProbability':{'min':1.5}},'actions':[{'type':'task','title':'x','dueInBusinessDays':1}]} | trigger.churnProbability.min | range
            {'name':'x','trigger':{'signal':'INACTIVE','score':{'min':60,'max':40}},'actions':[{'type':'task','title':'x','dueInBusinessDays':1}]} | trigger.score | order
            {'name':'x','trigger':{'signal':'INACTIVE'},'actions':[]}                                               | actions                       | required
            {'name':'x','trigger':{'signal':'INACTIVE'},'actions':[{'type':'call'}]}                                 | actions[0].type               | one-of
            {'name':'x','trigger':{'signal':'INACTIVE'},'actions':[{'type':'task','dueInBusinessDays':1}]}           | actions[0].title              | required
            {'name':'x','trigger':{'signal':'INACTIVE'},'actions':[{'type':'task','title':'x'}]}                     | actions[0].dueInBusinessDays  | range
            {'name':'x','trigger':{'signal':'INACTIVE'},'actions':[{'type':'task','title':'x','dueInBusinessDays':91}]} | actions[0].dueInBusinessDays | range
            {'name':'x','trigger':{'signal':'INACTIVE'},'actions':[{'type':'task','title':'x','dueInBusinessDays':1,'priority':'urgent'}]} | actions[0].priority | one-of
            {'name':'x','trigger':{'signal':'INACTIVE'},'actions':[{'type':'task','title':'x','dueInBusinessDays':1,'channel':'email'}]} | actions[0].channel | not-allowed
            {'name':'x','trigger':{'signal':'INACTIVE'},'actions':[{'type':'message','channel':'sms','template':'t','audience':'owner'}]} | actions[0].channel | one-of
            {'name':'x','trigger':{'signal':'INACTIVE'},'actions':[{'type':'message','channel':'email','template':'Bad Id','audience':'owner'}]} | actions[0].template | pattern
            {'name':'x','trigger':{'signal':'INACTIVE'},'actions':[{'type':'message','channel':'email','template':'t','audience':'everyone'}]} | actions[0].audience | one-of
            {'name':'x','trigger':{'signal':'INACTIVE'},'actions':[{'type':'message','channel':'email','template':'t','audience':'owner','title':'x'}]} | actions[0].title | not-allowed
            {'name':'x','trigger':{'signal':'INACTIVE'},'actions':[{'type':'task','title':'x','dueInBusinessDays':1}],'guardRails':{'cooldown':'7 days'}} | guardRails.cooldown | iso-8601
            {'name':'x','trigger':{'signal':'INACTIVE'},'actions':[{'type':'task','title':'x','dueInBusinessDays':1}],'guardRails':{'cooldown':'-P1D'}} | guardRails.cooldown | range
            {'name':'x','trigger':{'signal':'INACTIVE'},'actions':[{'type':'task','title':'x','dueInBusinessDays':1}],'guardRails':{'messagesPerWeek':0}} | guardRails.messagesPerWeek | range
            {'name':'x','trigger':{'signal':'INACTIVE'},'actions':[{'type':'task','title':'x','dueInBusinessDays':1}],'guardRails':{'never':[{'action':'call'}]}} | guardRails.never[0].action | one-of
            {'name':'x','trigger':{'signal':'INACTIVE'},'actions':[{'type':'task','title':'x','dueInBusinessDays':1}],'guardRails':{'never':[{'tiers':['tech-touch']}]}} | guardRails.never[0].action | one-of
            {'name':'x','state':'paused','trigger':{'signal':'INACTIVE'},'actions':[{'type':'task','title':'x','dueInBusinessDays':1}]} | state | one-of
            """)
    void aBrokenRuleIsNamedByFieldAndRule(String json, String field, String rule) throws Exception {
        PlaybookDefinition.Parsed parsed = JSON.readValue(json.replace('\'', '"'), PlaybookDefinition.class).parse("x", 1);

        assertThat(parsed.valid()).isFalse();
        assertThat(parsed.errors()).extracting(FieldError::field, FieldError::rule).containsExactly(
                org.assertj.core.groups.Tuple.tuple(field, rule));
    }

    @Test
    void everyBrokenRuleIsNamedAtOnce() throws Exception {
        PlaybookDefinition.Parsed parsed = JSON.readValue("""
                {"trigger":{"signal":"BORED"},"actions":[{"type":"task","title":"","dueInBusinessDays":-1}]}""",
                PlaybookDefinition.class).parse("x", 1);

        assertThat(parsed.errors()).extracting(FieldError::field).containsExactly("name", "trigger.signal",
                "actions[0].title", "actions[0].dueInBusinessDays");
    }
}
