package org.mcrpccds.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mcrpccds.hooks.FallbackRequests.PATIENT_VIEW;
import static org.mcrpccds.hooks.FallbackRequests.anyRequest;
import static org.mcrpccds.hooks.FallbackRequests.assertPreconditionFailed;
import static org.mcrpccds.hooks.FallbackRequests.fallback;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mcrpccds.support.ServiceTestBase;
import org.mcrpccds.support.TestFhirServer;
import org.mcrpccds.support.TestFhirServer.RecordedRequest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Every way a FHIR server can fail the fallback is a 412 with an OperationOutcome, in bounded time,
 * with the default configuration (its sub-second fetch deadline, loopback servers allowed).
 */
@ExtendWith(OutputCaptureExtension.class)
class FhirFallbackFailureTest extends ServiceTestBase {
  private final TestFhirServer fhir = TestFhirServer.get();

  @AfterEach
  void theAccessTokenIsNeverLogged(CapturedOutput output) {
    assertThat(output.getAll()).doesNotContain(TestFhirServer.TOKEN);
  }

  @Test
  void aSlowServerIsA412WithinTheDefaultDeadline() throws IOException {
    long start = System.nanoTime();
    Response response = post(PATIENT_VIEW, fallback(anyRequest(), fhir.base("slow"), TestFhirServer.TOKEN));
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertPreconditionFailed(response);
    assertThat(millis).as("800 ms fetch deadline, the server takes 3 s").isLessThan(2500);
  }

  @Test
  void aServerThatRefusesTheTokenIsA412() throws IOException {
    assertPreconditionFailed(post(PATIENT_VIEW, fallback(anyRequest(), fhir.base("wrong-token"), "not-the-token")));
  }

  @Test
  void aServerErrorIsA412() throws IOException {
    assertPreconditionFailed(post(PATIENT_VIEW, fallback(anyRequest(), fhir.base("broken"), TestFhirServer.TOKEN)));
  }

  @Test
  void anUnreachableServerIsA412() throws IOException {
    assertPreconditionFailed(post(PATIENT_VIEW, fallback(anyRequest(), "http://127.0.0.1:1/fhir", TestFhirServer.TOKEN)));
  }

  @Test
  void redirectsAreNotFollowed() throws IOException {
    int before = fhir.requestCount("fhir");

    assertPreconditionFailed(post(PATIENT_VIEW, fallback(anyRequest(), fhir.base("redirect"), TestFhirServer.TOKEN)));

    assertThat(fhir.requestCount("redirect")).isPositive();
    assertThat(fhir.requestsSince("fhir", before)).isEmpty();
  }

  @Test
  void aPagingLinkOutsideTheServerIsNotFollowed() throws IOException {
    int before = fhir.requestCount("unlisted");

    assertPreconditionFailed(post(PATIENT_VIEW, fallback(anyRequest(), fhir.base("evil-paging"), TestFhirServer.TOKEN)));

    assertThat(fhir.requests("evil-paging")).allMatch(RecordedRequest::authorized);
    assertThat(fhir.requestsSince("unlisted", before)).isEmpty();
  }

  @Test
  void withoutPrefetchAndWithoutFhirServerIsA412() throws IOException {
    ObjectNode request = anyRequest();
    request.remove("prefetch");

    assertPreconditionFailed(post(PATIENT_VIEW, request));
  }
}
