package org.mcrpccds.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mcrpccds.support.ServiceTestBase;

/**
 * The benchmark's load generator against the running service: both loops count every answer once,
 * time every one of them, and count refusals as errors, not as answers.
 */
class LoadGeneratorTest extends ServiceTestBase {
  private static final Duration SHORT = Duration.ofMillis(300);
  private static final Duration LIMIT = Duration.ofSeconds(20);

  private final byte[] typical = BenchRequests.bytes(BenchRequests.patientView(BenchRequests.TYPICAL_RESOURCES));

  @Test
  void theClosedLoopTimesEveryAnswerOnEveryConnection() throws InterruptedException {
    LoadGenerator.Round round = new LoadGenerator(port)
        .run("/cds-services/" + BenchRequests.PATIENT_VIEW, typical, 8, SHORT, 40, LIMIT);
    assertThat(round.errors()).as(String.valueOf(round.lastError())).isZero();
    assertThat(round.requests()).isGreaterThanOrEqualTo(40);
    assertThat(round.micros().getTotalCount()).isEqualTo(round.requests());
    assertThat(round.percentileMillis(50)).isPositive();
  }

  @Test
  void theOpenLoopSendsAtTheOfferedRate() throws InterruptedException {
    LoadGenerator.Round round = new LoadGenerator(port)
        .run("/bench/floor/" + BenchRequests.PATIENT_VIEW, typical, 4, Duration.ofSeconds(1), 0, LIMIT, 100);
    assertThat(round.errors()).as(String.valueOf(round.lastError())).isZero();
    assertThat(round.micros().getTotalCount()).isEqualTo(round.requests());
    // 100 calls a second for a second, give or take the last call of each connection
    assertThat(round.requests()).isBetween(90L, 110L);
  }

  @Test
  void refusedCallsAreErrorsAndTheConnectionsGoOn() throws InterruptedException {
    LoadGenerator.Round round = new LoadGenerator(port)
        .run("/cds-services/no-such-service", typical, 4, SHORT, 0, LIMIT);
    assertThat(round.requests()).isZero();
    assertThat(round.errors()).isGreaterThan(4);
    assertThat(round.lastError()).startsWith("HTTP 404");
  }
}
