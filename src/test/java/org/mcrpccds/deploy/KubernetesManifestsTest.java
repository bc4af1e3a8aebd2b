package org.mcrpccds.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mcrpccds.deploy.Manifests.at;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mcrpccds.feedback.AuditProperties;
import org.mcrpccds.fhir.FhirServerProperties;
import org.mcrpccds.observability.AdminProperties;
import org.mcrpccds.security.SecurityProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * docker/k8s parsed and checked for what kubectl would only find out in a cluster: required fields,
 * selectors that match the pods, references between objects, the port and probes, and that every
 * environment variable binds to the property it is meant for. (No cluster runs here.)
 */
class KubernetesManifestsTest {
  private static final Set<String> KINDS =
      Set.of("ConfigMap", "Secret", "Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget");

  private static Map<String, Object> deployment() {
    return Manifests.only("Deployment");
  }

  private static Map<String, Object> container() {
    return at(deployment(), "spec.template.spec.containers.0");
  }

  private static Map<String, Object> podLabels() {
    return at(deployment(), "spec.template.metadata.labels");
  }

  private static void assertSelects(Map<String, Object> selector, String what) {
    assertThat(selector).as(what + " selector").isNotEmpty();
    assertThat(podLabels()).as(what + " selector must match the pod labels").containsAllEntriesOf(selector);
  }

  @Test
  void everyDocumentIsAKnownKindWithApiVersionAndName() {
    List<Map<String, Object>> documents = Manifests.kubernetes();
    assertThat(documents).extracting(d -> d.get("kind")).containsExactlyInAnyOrderElementsOf(KINDS);
    documents.forEach(document -> {
      assertThat(document.get("apiVersion")).as("apiVersion of " + document.get("kind")).isNotNull();
      assertThat((String) at(document, "metadata.name")).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
      assertThat(document).doesNotContainKey("status");
    });
    assertThat(Manifests.only("HorizontalPodAutoscaler").get("apiVersion")).isEqualTo("autoscaling/v2");
    assertThat(Manifests.only("PodDisruptionBudget").get("apiVersion")).isEqualTo("policy/v1");
    assertThat(deployment().get("apiVersion")).isEqualTo("apps/v1");
  }

  @Test
  void kustomizationListsEveryManifest() throws Exception {
    List<String> listed = at(Manifests.yaml(Manifests.K8S.resolve("kustomization.yaml")).get(0), "resources");
    try (var files = Files.list(Manifests.K8S)) {
      Set<String> manifests = files.map(f -> f.getFileName().toString())
          .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml"))
          .collect(Collectors.toSet());
      assertThat(listed).containsExactlyInAnyOrderElementsOf(manifests);
    }
  }

  @Test
  void selectorsMatchThePodsTheyAreFor() {
    assertSelects(at(deployment(), "spec.selector.matchLabels"), "Deployment");
    assertSelects(at(Manifests.only("Service"), "spec.selector"), "Service");
    assertSelects(at(Manifests.only("PodDisruptionBudget"), "spec.selector.matchLabels"), "PodDisruptionBudget");
    Map<String, Object> hpa = Manifests.only("HorizontalPodAutoscaler");
    assertThat((String) at(hpa, "spec.scaleTargetRef.kind")).isEqualTo("Deployment");
    assertThat((String) at(hpa, "spec.scaleTargetRef.name")).isEqualTo(at(deployment(), "metadata.name"));
  }

  @Test
  void replicasLeaveRoomForTheDisruptionBudget() {
    Map<String, Object> hpa = Manifests.only("HorizontalPodAutoscaler");
    int min = at(hpa, "spec.minReplicas");
    int max = at(hpa, "spec.maxReplicas");
    int minAvailable = at(Manifests.only("PodDisruptionBudget"), "spec.minAvailable");
    assertThat(min).isGreaterThan(minAvailable).isLessThanOrEqualTo(max);
    assertThat((int) at(deployment(), "spec.replicas")).isBetween(min, max);
  }

  @Test
  void theServiceTargetsTheContainerPortTheImageExposes() {
    List<Map<String, Object>> ports = at(container(), "ports");
    Map<String, Object> http = ports.stream().filter(p -> "http".equals(p.get("name"))).findFirst().orElseThrow();
    int containerPort = (int) http.get("containerPort");
    assertThat(containerPort).isEqualTo(Integer.parseInt(Manifests.find(Manifests.dockerfile(), "^EXPOSE\\s+(\\d+)")));
    Map<String, Object> servicePort = at(Manifests.only("Service"), "spec.ports.0");
    Object target = servicePort.get("targetPort");
    assertThat(target.equals("http") || target.equals(containerPort)).as("Service targetPort " + target).isTrue();
  }

  @Test
  void probesAreActuatorHealthGroupsOnTheHttpPort() {
    assertThat((String) at(container(), "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
    assertThat((String) at(container(), "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
    for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
      assertThat((Object) at(container(), probe + ".httpGet.port")).isEqualTo("http");
    }
    // the startup probe must allow for a slow start (~40 s on two cores) before liveness takes over
    int startupSeconds = (int) at(container(), "startupProbe.periodSeconds") * (int) at(container(), "startupProbe.failureThreshold");
    assertThat(startupSeconds).isGreaterThanOrEqualTo(120);
  }

  @Test
  void theContainerRunsAsNonRootWithResourcesAndAWritableTmp() {
    Map<String, Object> pod = at(deployment(), "spec.template.spec");
    assertThat((Boolean) at(pod, "securityContext.runAsNonRoot")).isTrue();
    assertThat(String.valueOf((Object) at(pod, "securityContext.runAsUser")))
        .isEqualTo(Manifests.find(Manifests.dockerfile(), "^USER\\s+(\\d+)"));
    assertThat((Boolean) at(container(), "securityContext.readOnlyRootFilesystem")).isTrue();
    assertThat((Boolean) at(container(), "securityContext.allowPrivilegeEscalation")).isFalse();
    List<Map<String, Object>> mounts = at(container(), "volumeMounts");
    assertThat(mounts).anySatisfy(m -> assertThat(m.get("mountPath")).isEqualTo("/tmp"));
    assertThat((String) at(container(), "resources.requests.cpu")).isNotBlank();
    assertThat((String) at(container(), "resources.requests.memory")).isNotBlank();
    assertThat((String) at(container(), "resources.limits.memory")).isNotBlank();
  }

  @Test
  void theEnvironmentComesFromTheConfigMapAndTheSecretOfTheseManifests() {
    List<Map<String, Object>> envFrom = at(container(), "envFrom");
    assertThat(envFrom).anySatisfy(ref -> assertThat((String) at(ref, "configMapRef.name"))
        .isEqualTo(at(Manifests.only("ConfigMap"), "metadata.name")));
    assertThat(envFrom).anySatisfy(ref -> assertThat((String) at(ref, "secretRef.name"))
        .isEqualTo(at(Manifests.only("Secret"), "metadata.name")));
  }

  /** What Spring Boot makes of the ConfigMap and Secret as environment variables. */
  private static Binder environment() {
    Map<String, Object> env = new HashMap<>();
    env.putAll(at(Manifests.only("ConfigMap"), "data"));
    env.putAll(at(Manifests.only("Secret"), "stringData"));
    return new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env)));
  }

  @Test
  void everyVariableBindsToTheSettingItIsMeantFor() {
    Binder env = environment();
    assertThat(env.bind("spring.profiles.active", String.class).get()).isEqualTo("prod");
    assertThat(env.bind("spring.datasource.url", String.class).get()).startsWith("jdbc:postgresql://");
    assertThat(env.bind("spring.datasource.username", String.class).isBound()).isTrue();
    assertThat(env.bind("spring.datasource.password", String.class).isBound()).isTrue();

    SecurityProperties security = env.bind("mcrpc.security", SecurityProperties.class).get();
    assertThat(security.issuers()).singleElement().satisfies(issuer -> {
      assertThat(issuer.iss()).startsWith("https://");
      assertThat(issuer.jwks()).startsWith("https://");
    });
    assertThat(security.audienceBaseUrl()).startsWith("https://");
    assertThat(env.bind("mcrpc.fhir", FhirServerProperties.class).get().allowedServers())
        .isNotEmpty().allSatisfy(url -> assertThat(url).startsWith("https://"));
    assertThat(env.bind("mcrpc.admin", AdminProperties.class).get().password()).isNotBlank();
    assertThat(env.bind("mcrpc.audit", AuditProperties.class).get().patientIdKey()).hasSizeGreaterThanOrEqualTo(32);
  }
}
