package io.touchline.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CredentialsTest {

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            Bearer wk_123        | wk_123
            bearer   wk_123      | wk_123
            Bearer               | NONE
            Token wk_123         | NONE
            wk_123               | NONE
            NONE                 | NONE
            """)
    void readsBearerKeys(String header, String expected) {
        assertThat(Credentials.keyFrom(header)).isEqualTo(Optional.ofNullable(expected));
    }

    @ParameterizedTest(name = "basic [{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            wk_123:              | wk_123
            wk_123:ignored       | wk_123
            wk_123               | wk_123
            :password            | NONE
            """)
    void readsTheWriteKeyAsTheBasicUserName(String userAndPassword, String expected) {
        assertThat(Credentials.keyFrom(basic(userAndPassword))).isEqualTo(Optional.ofNullable(expected));
    }

    @ParameterizedTest
    @CsvSource({ "Basic !!!notbase64" })
    void ignoresBasicCredentialsThatAreNotBase64(String header) {
        assertThat(Credentials.keyFrom(header)).isEmpty();
    }
}
