package io.touchline.e2e.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import io.touchline.e2e.ServiceProcess;

/**
 * Every consumer group of every service is moved back to offset 0 mid-stream, as an operator
 * rebuilding state would: each service must recognise what it already applied, so the end state
 * is exactly what was sent.
 */
@Order(5)
class ReplayIT {

    @Test
    void everyTopicReplayedFromOffsetZeroChangesNothing() throws Exception {
        Scenario.run("replay every topic from offset 0", scenario -> {
            FaultPipeline pipeline = scenario.pipeline;
            pipeline.services().forEach(ServiceProcess::stop);
            long stopped = System.nanoTime();
            int rewound = rewindEveryGroup(pipeline.broker.bootstrapServers());
            pipeline.services().forEach(ServiceProcess::restart);
            pipeline.services().forEach(FaultPipeline::awaitReady);
            scenario.recovered(Duration.ofNanos(System.nanoTime() - stopped));
            scenario.observed(rewound + " partitions of every consumer group rewound to offset 0 with the services stopped");
            assertThat(rewound).isPositive();
        });
    }

    /** Sets every committed offset of every consumer group to 0; the groups must be empty. */
    private static int rewindEveryGroup(String bootstrap) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        int rewound = 0;
        try (Admin admin = Admin.create(props)) {
            Collection<GroupListing> groups = admin.listGroups().all().get(30, TimeUnit.SECONDS);
            for (GroupListing group : groups) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetAndMetadata> zero = new HashMap<>();
                committed.keySet().forEach(partition -> zero.put(partition, new OffsetAndMetadata(0)));
                if (!zero.isEmpty()) {
                    // A member that left may not be gone from the group yet: then the group is not empty.
                    await(group.groupId() + " rewound").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                            .until(() -> admin.alterConsumerGroupOffsets(group.groupId(), zero).all()
                                    .get(30, TimeUnit.SECONDS) == null);
                    rewound += zero.size();
                }
            }
        }
        return rewound;
    }
}
