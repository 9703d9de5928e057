package io.touchline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

/**
 * deploy/kubernetes without a cluster: every manifest loads into its typed model (fabric8's for
 * core kinds, Strimzi's for Kafka kinds) with no field the model does not know, and the settings
 * Touchline relies on hold (probes on the management port, memory limits, replication 3 with
 * min.insync.replicas 2, one KafkaTopic per topic). CloudNativePG's Cluster has no Java model:
 * only its kind and the fields the services depend on are checked.
 */
class KubernetesManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path DIR = Path.of(System.getProperty("touchline.root", "..")).toAbsolutePath().normalize()
            .resolve("deploy/kubernetes");
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "kafka.strimzi.io/v1beta2/Kafka", Kafka.class,
            "kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class,
            "kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class);

    @Test
    void everyManifestLoadsIntoItsTypedModelWithNoUnknownField() throws Exception {
        List<String> problems = new ArrayList<>();
        int loaded = 0;
        for (JsonNode document : documents()) {
            String type = document.get("apiVersion").asText() + "/" + document.get("kind").asText();
            if (type.equals("postgresql.cnpg.io/v1/Cluster")) {
                continue;
            }
            Class<? extends HasMetadata> model = KINDS.get(type);
            if (model == null) {
                problems.add("no typed model for " + type);
                continue;
            }
            HasMetadata resource = YAML.treeToValue(document, model);
            unknownFields(resource, type + " " + resource.getMetadata().getName(), problems);
            loaded++;
        }
        assertThat(problems).isEmpty();
        assertThat(loaded).isEqualTo(31);
    }

    @Test
    void theServicesProbeTheirManagementPortAndFitTheirMeasuredMemory() throws Exception {
        List<Deployment> deployments = load(Deployment.class);
        assertThat(deployments).extracting(d -> d.getMetadata().getName()).containsExactlyInAnyOrder(
                "ingest-service", "scoring-service", "playbook-service", "notification-service");
        for (Deployment deployment : deployments) {
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            String name = deployment.getMetadata().getName();
            assertThat(container.getPorts()).as(name).extracting(p -> p.getName()).containsExactly("http", "management");
            assertThat(path(container.getStartupProbe())).as(name).isEqualTo("/q/health/started");
            assertThat(path(container.getLivenessProbe())).as(name).isEqualTo("/q/health/live");
            assertThat(path(container.getReadinessProbe())).as(name).isEqualTo("/q/health/ready");
            for (Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe(),
                    container.getReadinessProbe())) {
                assertThat(probe.getHttpGet().getPort().getStrVal()).as(name).isEqualTo("management");
            }
            assertThat(container.getResources().getLimits()).as(name).containsKey("memory");
            assertThat(container.getResources().getRequests()).as(name).containsKeys("memory", "cpu");
            assertThat(container.getLifecycle().getPreStop().getExec().getCommand()).as(name).containsExactly("sleep", "5");
            assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).as(name)
                    .isEqualTo(45L);
        }
        // Services expose only the public port; the management port stays inside the pod network.
        for (Service service : load(Service.class)) {
            assertThat(service.getSpec().getPorts()).extracting(p -> p.getName()).containsExactly("http");
        }
    }

    @Test
    void kafkaKeepsAcknowledgedRecordsThroughTheLossOfABroker() throws Exception {
        Kafka kafka = load(Kafka.class).get(0);
        Map<String, Object> config = kafka.getSpec().getKafka().getConfig();
        assertThat(config).containsEntry("default.replication.factor", 3).containsEntry("min.insync.replicas", 2)
                .containsEntry("unclean.leader.election.enable", false)
                .containsEntry("auto.create.topics.enable", false);
        KafkaNodePool pool = load(KafkaNodePool.class).get(0);
        assertThat(pool.getSpec().getReplicas()).isEqualTo(3);
        assertThat(pool.getSpec().getRoles()).extracting(Enum::name).containsExactlyInAnyOrder("CONTROLLER", "BROKER");

        List<KafkaTopic> topics = load(KafkaTopic.class);
        assertThat(topics).extracting(t -> t.getMetadata().getName()).containsExactlyInAnyOrder(
                "usage-events", "usage-events.raw", "usage-imports", "import-progress", "health-scores", "health-signals",
                "touch-messages", "cs-tasks", "usage-events.dlq", "usage-events.raw.dlq", "usage-imports.dlq",
                "health-signals.dlq", "touch-messages.dlq", "cs-tasks.dlq");
        for (KafkaTopic topic : topics) {
            assertThat(topic.getSpec().getReplicas()).as(topic.getMetadata().getName()).isEqualTo(3);
            assertThat(topic.getSpec().getConfig()).as(topic.getMetadata().getName())
                    .containsEntry("min.insync.replicas", 2);
        }
    }

    @Test
    void thePostgresClusterReplicatesSynchronously() throws Exception {
        JsonNode cluster = documents().stream().filter(d -> d.get("kind").asText().equals("Cluster")).findFirst()
                .orElseThrow();
        assertThat(cluster.get("apiVersion").asText()).isEqualTo("postgresql.cnpg.io/v1");
        assertThat(cluster.at("/metadata/name").asText()).isEqualTo("touchline-db");
        assertThat(cluster.at("/spec/instances").asInt()).isEqualTo(3);
        assertThat(cluster.at("/spec/minSyncReplicas").asInt()).isEqualTo(1);
        assertThat(cluster.at("/spec/bootstrap/initdb/database").asText()).isEqualTo("touchline");
    }

    private static String path(Probe probe) {
        return probe.getHttpGet().getPath();
    }

    private static <T extends HasMetadata> List<T> load(Class<T> model) throws IOException {
        List<T> resources = new ArrayList<>();
        for (JsonNode document : documents()) {
            Class<? extends HasMetadata> type = KINDS.get(document.get("apiVersion").asText() + "/"
                    + document.get("kind").asText());
            if (model.equals(type)) {
                resources.add(YAML.treeToValue(document, model));
            }
        }
        return resources;
    }

    private static List<JsonNode> documents() throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        Set<Path> files;
        try (var listed = Files.list(DIR)) {
            files = listed.filter(p -> p.toString().endsWith(".yaml")).collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("kafka-topics.yaml", "kafka.yaml", "postgres.yaml", "touchline.yaml");
        for (Path file : files) {
            try (var parser = YAML.getFactory().createParser(file.toFile())) {
                YAML.readValues(parser, JsonNode.class).forEachRemaining(d -> {
                    if (d != null && !d.isEmpty()) {
                        documents.add(d);
                    }
                });
            }
        }
        return documents;
    }

    /**
     * Walks the typed model: fabric8's and Strimzi's classes keep any field they do not know in
     * their additional properties, which must stay empty everywhere.
     */
    private static void unknownFields(Object value, String path, List<String> problems) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", problems);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> unknownFields(item, path + "." + key, problems));
            return;
        }
        String packageName = value.getClass().getPackageName();
        if (!packageName.startsWith("io.fabric8.kubernetes.api.model") && !packageName.startsWith("io.strimzi.api")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass().equals(Object.class) || getter.getName().equals("getClass")) {
                continue;
            }
            Object field;
            try {
                field = getter.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": unknown " + extra.keySet());
                }
            } else {
                unknownFields(field, path + "." + getter.getName().substring(3), problems);
            }
        }
    }
}
