package org.mcrpccds.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mcrpccds.deploy.Manifests.at;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mcrpccds.support.ServiceTestBase;

/**
 * The health checks of the deployment files against the running application: every Kubernetes
 * probe path answers UP, and the image's health check script, run as the container would run it,
 * accepts the service.
 */
class DeploymentProbesTest extends ServiceTestBase {

  @Test
  void everyKubernetesProbePathAnswersUp() {
    Map<String, Object> container = at(Manifests.only("Deployment"), "spec.template.spec.containers.0");
    for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
      String path = at(container, probe + ".httpGet.path");
      Response response = get(path);
      assertThat(response.status()).as(probe + " " + path).isEqualTo(200);
      assertThat(response.json().path("status").asText()).isEqualTo("UP");
    }
  }

  @Test
  void theImageHealthCheckScriptAcceptsTheRunningService() throws Exception {
    assertThat(healthCheck(port)).as("docker/healthcheck.sh against the service").isZero();
    assertThat(healthCheck(1)).as("docker/healthcheck.sh against a closed port").isNotZero();
  }

  private static int healthCheck(int port) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("bash", Manifests.DOCKER.resolve("healthcheck.sh").toString())
        .redirectErrorStream(true);
    builder.environment().put("SERVER_PORT", String.valueOf(port));
    Process process = builder.start();
    process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("health check finished").isTrue();
    return process.exitValue();
  }
}
