package io.touchline.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void everyConsumedTopicHasADeadLetterTopicAndOnlyTheLatestValueTopicsAreCompacted() {
        Map<String, Topics.Spec> byName = Topics.catalogue().stream()
                .collect(Collectors.toMap(Topics.Spec::name, spec -> spec));

        assertThat(byName.keySet()).containsExactlyInAnyOrder(
                "usage-events", "usage-events.raw", "usage-imports", "import-progress", "health-scores",
                "health-signals", "touch-messages", "cs-tasks", "usage-events.dlq", "usage-events.raw.dlq",
                "usage-imports.dlq", "health-signals.dlq", "touch-messages.dlq", "cs-tasks.dlq");
        assertThat(byName.values()).filteredOn(spec -> "compact".equals(spec.config().get("cleanup.policy")))
                .extracting(Topics.Spec::name).containsExactlyInAnyOrder("health-scores", "import-progress");
        assertThat(byName.get("usage-events.dlq").partitions()).isEqualTo(1);
        assertThat(byName.get("usage-events").partitions()).isEqualTo(6);
    }

    @Test
    void theKubernetesTopicManifestDeclaresTheCatalogue() throws Exception {
        String yaml = Files.readString(Path.of("../../deploy/kubernetes/kafka-topics.yaml"));
        Matcher topic = Pattern.compile("name: (\\S+)\\n(?:.*\\n)*?\\s+partitions: (\\d+)").matcher(yaml);
        Map<String, Integer> declared = new LinkedHashMap<>();
        while (topic.find()) {
            declared.put(topic.group(1), Integer.parseInt(topic.group(2)));
        }

        assertThat(declared).isEqualTo(Topics.catalogue().stream()
                .collect(Collectors.toMap(Topics.Spec::name, Topics.Spec::partitions)));
        assertThat(yaml.split("cleanup.policy: compact", -1)).hasSize(3);
    }
}
