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
  void fetchOutcomesAndJwtRejectionsAreCountedByReason() throws Exception {
    var request = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(
        Files.readString(Path.of("fhir-resources/requests/patient-view-mcrpc-post-arpi-no-psma-pet.json")));
    ((com.fasterxml.jackson.databind.node.ObjectNode) request.get("prefetch")).remove("conditions");
    request.put("fhirServer", "https://not-allowed.example.org/fhir");
    assertThat(post("/cds-services/mcrpc-patient-view", request).status()).isEqualTo(412);
    Response refusedJwt = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url("/cds-services")))
        .header("Authorization", "Bearer not.a.jwt").GET());
    assertThat(refusedJwt.status()).isEqualTo(401);

    String scrape = get("/actuator/prometheus").body();
    assertThat(scrape).contains("mcrpc_fhir_fetch_total{outcome=\"refused\"}", "mcrpc_jwt_rejections_total{reason=");
  }

  @Test
  void onlyHealthPrometheusAndInfoAreExposed() {
    assertThat(get("/actuator/info").status()).isEqualTo(200);
    assertThat(get("/actuator/env").status()).isEqualTo(404);
    assertThat(get("/actuator/beans").status()).isEqualTo(404);
  }
}
