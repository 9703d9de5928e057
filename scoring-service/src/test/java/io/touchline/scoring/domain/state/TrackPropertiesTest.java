package io.touchline.scoring.domain.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrackPropertiesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', nullValues = "-", textBlock = """
            {}                                                   | -      | -    | -       | -    | -
            {'step':'invite','other':{'step':'x'},'list':[1,2]}  | invite | -    | -       | -    | -
            {'step':7}                                           | 7      | -    | -       | -    | -
            {'step':true}                                        | true   | -    | -       | -    | -
            {'step':null,'ticketId':{'id':'T1'}}                 | -      | -    | -       | -    | -
            {'ticketId':'T1','ticketId':'T2'}                    | -      | T2   | -       | -    | -
            {'feature':['reports'],'scale':'csat'}               | -      | -    | -       | -    | csat
            {'feature':'reports','durationMs':120}               | -      | -    | reports | -    | -
            {'score':9}                                          | -      | -    | -       | 9.0  | -
            {'score':4.5,'scale':'CSAT'}                         | -      | -    | -       | 4.5  | CSAT
            {'score':'9'}                                        | -      | -    | -       | -    | -
            {'score':null}                                       | -      | -    | -       | -    | -
            """)
    void keepsTheScalarsStateReadsAndSkipsTheRest(String json, String step, String ticketId, String feature,
            Double score, String scale) {
        assertThat(AccountStateTest.properties(json)).isEqualTo(new TrackProperties(step, ticketId, feature, score, scale));
    }
}
