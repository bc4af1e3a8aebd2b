package org.mcrpccds.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import java.net.URI;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mcrpccds.support.TestFhirServer;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The guard on a real HAPI client calling the test FHIR server: what it lets through carries the
 * token, what it stops never reaches the network, and stopping a call is not logged as an error
 * (HAPI logs an exception thrown by an interceptor at ERROR, with its stack trace).
 */
@ExtendWith(OutputCaptureExtension.class)
class FhirCallGuardTest {
  private static final String GUARDED = "guarded";
  private static final String SEARCH = "Condition?patient=pat-mcrpc-003";

  private final TestFhirServer fhir = TestFhirServer.get();
  /** A context of its own: the client factory's setting below must not change the shared one. */
  private static final FhirContext FHIR_CONTEXT = FhirContext.forR4();

  static {
    FHIR_CONTEXT.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
  }

  @AfterEach
  void stoppingACallIsNotAnError(CapturedOutput output) {
    assertThat(output.getAll()).doesNotContain("Exception thrown by interceptor").doesNotContain(TestFhirServer.TOKEN);
  }

  @Test
  void aCallUnderTheServerGoesOutWithTheToken() {
    int before = fhir.requestCount(GUARDED);
    FhirCallGuard guard = guard(fhir.base(GUARDED));

    client(fhir.base(GUARDED), guard).search().byUrl(SEARCH).returnBundle(Bundle.class).execute();

    assertThat(fhir.requestsSince(GUARDED, before)).singleElement().satisfies(request -> {
      assertThat(request.pathAndQuery()).isEqualTo("/guarded/" + SEARCH);
      assertThat(request.authorized()).isTrue();
    });
    assertThat(guard.refusal()).isEmpty();
  }

  @Test
  void aCallAfterAnAbortNeverLeaves() {
    int before = fhir.requestCount(GUARDED);
    FhirCallGuard guard = guard(fhir.base(GUARDED));
    guard.abortAll();

    assertThatThrownBy(() -> client(fhir.base(GUARDED), guard).search().byUrl(SEARCH).returnBundle(Bundle.class).execute())
        .isInstanceOf(FhirClientConnectionException.class);

    assertThat(fhir.requestsSince(GUARDED, before)).isEmpty();
    assertThat(guard.refusal()).as("an abort is the fetch's own decision, with its own reason").isEmpty();
  }

  @Test
  void aCallOutsideTheServerNeverLeavesAndSaysWhy() {
    int before = fhir.requestCount(GUARDED);
    FhirCallGuard guard = guard(fhir.base(GUARDED) + "/inner");

    assertThatThrownBy(() -> client(fhir.base(GUARDED), guard).search().byUrl(SEARCH).returnBundle(Bundle.class).execute())
        .isInstanceOf(FhirClientConnectionException.class);

    assertThat(fhir.requestsSince(GUARDED, before)).isEmpty();
    assertThat(guard.refusal()).contains("a call outside fhirServer was refused");
  }

  private static FhirCallGuard guard(String server) {
    return new FhirCallGuard(URI.create(server), TestFhirServer.TOKEN);
  }

  private static IGenericClient client(String base, FhirCallGuard guard) {
    IGenericClient client = FHIR_CONTEXT.newRestfulGenericClient(base);
    client.registerInterceptor(guard);
    return client;
  }
}
