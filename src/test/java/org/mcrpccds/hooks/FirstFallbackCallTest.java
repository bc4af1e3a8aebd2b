package org.mcrpccds.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mcrpccds.hooks.FallbackRequests.PATIENT_VIEW;
import static org.mcrpccds.hooks.FallbackRequests.anyRequest;
import static org.mcrpccds.hooks.FallbackRequests.cards;
import static org.mcrpccds.hooks.FallbackRequests.fallback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mcrpccds.support.PlainFhirServer;
import org.mcrpccds.support.ServiceTestBase;
import org.mcrpccds.support.TestFhirServer;
import org.mcrpccds.support.TestFhirServer.RecordedRequest;

/**
 * The first fallback fetch after a start, against a FHIR server that is not HAPI
 * ({@link PlainFhirServer}: the JDK's HTTP/1.1 server, keep-alive, a listen queue of two). The
 * first fetch opens one connection per query at once; the kernel drops the attempts that do not fit
 * the queue and retries them a second later, which the old 300 ms connect timeout did not wait for
 * (412 "fhirServer answered HTTP 500" in most fresh starts). Later calls reuse the kept-alive
 * connections, so only a first call shows it: every server here is new, on a new port, so every
 * call is the first one to it, with the default configuration. A server that is busy when the
 * fetch starts drops the kernel's retry too, and the next one comes three seconds after the first
 * attempt: the fetch then tries the connection once more itself ({@link ConnectRetry}).
 */
class FirstFallbackCallTest extends ServiceTestBase {
  private static final int FRESH_STARTS = 3;
  private static final int LISTEN_QUEUE = 2;
  /** Longer than the kernel's first retry (1 s), shorter than the connect timeout (2 s). */
  private static final Duration BUSY = Duration.ofMillis(1500);

  @Test
  void theFirstCallToAFreshNonHapiServerReturnsTheSameCardsAsPrefetch() throws IOException {
    ObjectNode full = anyRequest();
    JsonNode expected = cards(post(PATIENT_VIEW, full));

    for (int start = 0; start < FRESH_STARTS; start++) {
      try (PlainFhirServer server = PlainFhirServer.start(LISTEN_QUEUE)) {
        JsonNode fetched = cards(post(PATIENT_VIEW, fallback(full, server.base(), TestFhirServer.TOKEN)));

        assertThat(fetched).as("fresh start %d", start).isEqualTo(expected).isNotEmpty();
        assertThat(server.requests()).as("one call per prefetch key, each with the token")
            .hasSizeGreaterThanOrEqualTo(8).allMatch(RecordedRequest::authorized);
      }
    }
  }

  @Test
  void theFirstCallToAServerBusyWhenItStartsReturnsTheSameCardsAsPrefetch() throws IOException {
    ObjectNode full = anyRequest();
    JsonNode expected = cards(post(PATIENT_VIEW, full));

    try (PlainFhirServer server = PlainFhirServer.startStalled(LISTEN_QUEUE, BUSY)) {
      JsonNode fetched = cards(post(PATIENT_VIEW, fallback(full, server.base(), TestFhirServer.TOKEN)));

      assertThat(fetched).isEqualTo(expected).isNotEmpty();
    }
  }
}
