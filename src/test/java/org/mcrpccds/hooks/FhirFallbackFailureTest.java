package org.mcrpccds.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mcrpccds.hooks.FallbackRequests.PATIENT_VIEW;
import static org.mcrpccds.hooks.FallbackRequests.anyRequest;
import static org.mcrpccds.hooks.FallbackRequests.assertPreconditionFailed;
import static org.mcrpccds.hooks.FallbackRequests.cards;
import static org.mcrpccds.hooks.FallbackRequests.fallback;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Every way a FHIR server can fail the fallback is a 412 with an OperationOutcome that names the
 * cause, in bounded time, logged with its cause, with the default configuration (the contract's
 * budget: at least 2 s per call, at most 4 s in all; loopback servers allowed). A server as slow
 * as EHR servers commonly are is within the budget.
 */
@ExtendWith(OutputCaptureExtension.class)
class FhirFallbackFailureTest extends ServiceTestBase {
  private final TestFhirServer fhir = TestFhirServer.get();

  @AfterEach
  void theAccessTokenIsNeverLogged(CapturedOutput output) {
    assertThat(output.getAll()).doesNotContain(TestFhirServer.TOKEN);
  }

  @Test
  void aServerSlowerThanTheBudgetIsA412BeforeItAnswers() throws IOException {
    long start = System.nanoTime();
    Response response = post(PATIENT_VIEW, fallback(anyRequest(), fhir.base("slow"), TestFhirServer.TOKEN));
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertPreconditionFailed(response);
    assertThat(response.json().at("/issue/0/diagnostics").asText()).contains("sent nothing for 2000 ms");
    // a deadline, not a speed: the service gave up on its own, it did not wait for the server
    assertThat(millis).as("the server answers after %d ms", TestFhirServer.SLOW_MILLIS).isLessThan(TestFhirServer.SLOW_MILLIS);
  }

  @Test
  void aServerThatTakesOverASecondPerCallIsWithinTheBudget() throws IOException {
    ObjectNode full = anyRequest();

    JsonNode fetched = cards(post(PATIENT_VIEW, fallback(full, fhir.base("leisurely"), TestFhirServer.TOKEN)));

    assertThat(fetched).isEqualTo(cards(post(PATIENT_VIEW, full))).isNotEmpty();
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
  void anUnreachableServerIsA412ThatSaysSoNotAnHttpStatusNoServerSent(CapturedOutput output) throws IOException {
    ObjectNode request = fallback(anyRequest(), "http://127.0.0.1:1/fhir", TestFhirServer.TOKEN);

    Response response = post(PATIENT_VIEW, request);

    assertPreconditionFailed(response);
    assertThat(response.json().at("/issue/0/diagnostics").asText()).endsWith("fhirServer refused the connection")
        .doesNotContain("HTTP");
    String logged = output.getAll().lines().filter(line -> line.contains("FHIR fallback fetch failed")).reduce("", String::concat);
    assertThat(logged).as("the failure and its cause are logged")
        .contains("http://127.0.0.1:1/fhir", "refused the connection", "ConnectException")
        .doesNotContain(request.at("/context/patientId").asText());
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
