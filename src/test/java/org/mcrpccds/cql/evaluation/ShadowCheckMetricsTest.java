package org.mcrpccds.cql.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mcrpccds.support.ServiceTestBase;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * mcrpc.cql.shadow-rate in the running service: a hook call is answered, checked afterwards by the
 * reference engine, and the check appears on the Prometheus endpoint. (A context of its own: the
 * rest of the suite runs without the shadow check.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "mcrpc.cql.shadow-rate=1")
class ShadowCheckMetricsTest extends ServiceTestBase {

  @Test
  void aCheckedCallIsCountedOnThePrometheusEndpoint() throws Exception {
    String request = Files.readString(Path.of("fhir-resources/requests/patient-view-mcrpc-post-arpi-no-psma-pet.json"));
    assertThat(post("/cds-services/mcrpc-patient-view", request).status()).isEqualTo(200);

    String checked = "mcrpc_cql_shadow_checks_total{library=\"McrpcPatientView\",outcome=\"agree\"} 1.0";
    String scrape = "";
    // the check runs after the call, on its own thread: wait for it (bounded), asserting no time
    for (int attempt = 0; attempt < 300 && !scrape.contains(checked); attempt++) {
      scrape = get("/actuator/prometheus").body();
      if (!scrape.contains(checked)) {
        Thread.sleep(100);
      }
    }
    assertThat(scrape).contains(checked, "mcrpc_cql_shadow_dropped_total 0.0")
        .doesNotContain("mcrpc_cql_shadow_disagreements_total{");
  }
}
