package org.mcrpccds.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.mcrpccds.support.ServiceTestBase;

/**
 * The benchmark's smoke version (bench/README.md): the typical patient, sent one request at a time
 * over the benchmark's keep-alive client to the real patient-view service and to the floor, taking
 * turns. It fails only on a gross regression, the real call's median above ten times the floor's;
 * a warm service is near two. Times are only compared with each other, never with a number, so a
 * slow or busy machine cannot fail it.
 */
class PerformanceSmokeTest extends ServiceTestBase {
  private static final int WARM_UP = 20;
  private static final int ROUNDS = 3;
  private static final int PER_ROUND = 30;
  private static final double GROSS_REGRESSION = 10;

  @Test
  void aTypicalPatientViewCostsLessThanTenTimesTheFloor() throws IOException {
    byte[] body = BenchRequests.bytes(BenchRequests.patientView(BenchRequests.TYPICAL_RESOURCES));
    String real = "/cds-services/" + BenchRequests.PATIENT_VIEW;
    String floor = "/bench/floor/" + BenchRequests.PATIENT_VIEW;
    assertThat(post(real, new String(body, StandardCharsets.UTF_8)).json().get("cards"))
        .as("the typical patient fires R1").hasSize(1);
    LoadGenerator load = new LoadGenerator(port);
    load.alternate(body, WARM_UP, real, floor);
    double[] ratios = new double[ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      Histogram[] micros = load.alternate(body, PER_ROUND, real, floor);
      ratios[round] = micros[0].getValueAtPercentile(50) / (double) micros[1].getValueAtPercentile(50);
    }
    Arrays.sort(ratios);
    assertThat(ratios[ROUNDS / 2])
        .as("median over %d rounds of (real p50 ÷ floor p50); rounds: %s", ROUNDS, Arrays.toString(ratios))
        .isLessThanOrEqualTo(GROSS_REGRESSION);
  }
}
