package org.mcrpccds.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.mcrpccds.support.SecuredServiceTestBase;

/** The per-client token bucket (burst 5, almost no refill in this configuration). */
class RateLimitTest extends SecuredServiceTestBase {

  @Test
  void aClientOverItsBurstGets429WithRetryAfterWhileOthersGoOn() {
    String greedy = "greedy-client";
    for (int i = 0; i < 5; i++) {
      assertThat(discoveryAs(greedy).status()).as("call %d", i + 1).isEqualTo(200);
    }

    Response refused = discoveryAs(greedy);

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();
    assertThat(refused.json().at("/issue/0/code").asText()).isEqualTo("throttled");
    assertThat(discoveryAs("patient-client").status()).as("another client has its own bucket").isEqualTo(200);
  }

  private Response discoveryAs(String subject) {
    String jwt = ISSUERS.token(url("/cds-services")).claims(c -> c.subject(subject)).compact();
    return send(HttpRequest.newBuilder(URI.create(url("/cds-services"))).header("Authorization", "Bearer " + jwt).GET());
  }
}
