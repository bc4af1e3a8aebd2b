package org.mcrpccds.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mcrpccds.support.ServiceTestBase;

/** Health, readiness and Prometheus metrics as an orchestrator and a scraper see them. */
class ObservabilityEndpointTest extends ServiceTestBase {

  @Test
  void readinessIsUpWithTheCqlLibrariesAndTheDatabase() {
    Response readiness = get("/actuator/health/readiness");
    assertThat(readiness.status()).isEqualTo(200);
    assertThat(readiness.json().path("status").asText()).isEqualTo("UP");
    assertThat(get("/actuator/health/liveness").status()).isEqualTo(200);
  }

  @Test
  void hookMetricsAppearOnThePrometheusEndpoint() throws Exception {
    String request = Files.readString(Path.of("fhir-resources/requests/patient-view-mcrpc-post-arpi-no-psma-pet.json"));
    assertThat(post("/cds-services/mcrpc-patient-view", request).status()).isEqualTo(200);

    Response scrape = get("/actuator/prometheus");
    assertThat(scrape.status()).isEqualTo(200);
    assertThat(scrape.body()).contains(
        "mcrpc_hook_latency_seconds_bucket{service=\"mcrpc-patient-view\",status=\"200\",le=",
        "mcrpc_hook_latency_seconds_count{service=\"mcrpc-patient-view\",status=\"200\"}",
        "mcrpc_cards_issued_total{indicator=\"info\",rule=\"R2\",service=\"mcrpc-patient-view\"}",
        "mcrpc_prefetch_data_total{key=\"patient\",service=\"mcrpc-patient-view\",source=\"prefetch\"}",
        "mcrpc_audit_queue_depth ",
        "mcrpc_audit_dropped_total ");
  }

  @Test
  void onlyHealthPrometheusAndInfoAreExposed() {
    assertThat(get("/actuator/info").status()).isEqualTo(200);
    assertThat(get("/actuator/env").status()).isEqualTo(404);
    assertThat(get("/actuator/beans").status()).isEqualTo(404);
  }
}
