package org.mcrpccds.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mcrpccds.hooks.FallbackRequests.PATIENT_VIEW;
import static org.mcrpccds.hooks.FallbackRequests.REQUESTS;
import static org.mcrpccds.hooks.FallbackRequests.anyRequest;
import static org.mcrpccds.hooks.FallbackRequests.assertPreconditionFailed;
import static org.mcrpccds.hooks.FallbackRequests.cards;
import static org.mcrpccds.hooks.FallbackRequests.fallback;
import static org.mcrpccds.hooks.FallbackRequests.withShiftedPrefetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mcrpccds.support.SecuredServiceTestBase;
import org.mcrpccds.support.TestContent;
import org.mcrpccds.support.TestFhirServer;
import org.mcrpccds.support.TestFhirServer.RecordedRequest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Missing prefetch fetched from a real HAPI FHIR server ({@link TestFhirServer}) on an explicit
 * allow-list: the same cards as with full prefetch, with partial prefetch and with paging; a server
 * off the allow-list is never called; the access token goes to that server only, never to logs.
 */
@ExtendWith(OutputCaptureExtension.class)
class FhirFallbackTest extends SecuredServiceTestBase {

  @AfterEach
  void theAccessTokenIsNeverLogged(CapturedOutput output) {
    assertThat(output.getAll()).doesNotContain(TestFhirServer.TOKEN);
  }

  @Test
  void withoutPrefetchEverySamplePatientGetsTheSameCardsAsWithFullPrefetch() throws IOException {
    int cardsSeen = 0;
    for (Path file : FallbackRequests.patientViewFiles()) {
      ObjectNode full = withShiftedPrefetch(file);
      int before = FHIR.requestCount("fhir");

      JsonNode expected = cards(post(PATIENT_VIEW, full));
      JsonNode fetched = cards(post(PATIENT_VIEW, fallback(full, FHIR.base("fhir"), TestFhirServer.TOKEN)));

      assertThat(fetched).as(file.toString()).isEqualTo(expected);
      assertThat(FHIR.requestsSince("fhir", before)).as("one call per prefetch key").hasSizeGreaterThanOrEqualTo(8)
          .allMatch(RecordedRequest::authorized, "carries the Bearer token");
      cardsSeen += expected.size();
    }
    assertThat(cardsSeen).as("the sample patients produce cards, so the comparison means something").isPositive();
  }

  @Test
  void anOrderHookWithoutPrefetchGetsTheSameCards() throws IOException {
    ObjectNode full = anyRequest();
    full.put("hook", "order-sign");
    ObjectNode draft = (ObjectNode) JSON.readTree(
        Files.readString(Path.of("src/test/resources/rule-cases/order/r4-pos-pluvicto-sbd.json"))).get("draftOrders").get(0);
    ObjectNode drafts = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "collection");
    drafts.putArray("entry").addObject().set("resource", draft);
    ((ObjectNode) full.get("context")).set("draftOrders", drafts);

    JsonNode expected = cards(post("/cds-services/mcrpc-order-sign", full));
    JsonNode fetched = cards(post("/cds-services/mcrpc-order-sign", fallback(full, FHIR.base("fhir"), TestFhirServer.TOKEN)));

    assertThat(fetched).isEqualTo(expected);
    assertThat(expected.findValuesAsText("org.mcrpccds.rule")).contains("R4");
  }

  @Test
  void partialPrefetchFetchesOnlyWhatIsAbsentOrFailed() throws IOException {
    ObjectNode full = withShiftedPrefetch(REQUESTS.resolve("patient-view-mcrpc-stale-psma-pet.json"));
    ObjectNode partial = fallback(full, FHIR.base("fhir"), TestFhirServer.TOKEN);
    ObjectNode prefetch = partial.putObject("prefetch");
    prefetch.set("patient", full.at("/prefetch/patient"));
    prefetch.set("conditions", full.at("/prefetch/conditions"));
    prefetch.putNull("medicationStatements"); // "no data": never fetched
    prefetch.set("imagingStudies", TestContent.toJson(new OperationOutcome())); // the client's fetch failed: fetched
    int before = FHIR.requestCount("fhir");

    JsonNode cards = cards(post(PATIENT_VIEW, partial));

    assertThat(cards).isEqualTo(cards(post(PATIENT_VIEW, full)));
    assertThat(cards.findValuesAsText("org.mcrpccds.rule")).containsExactly("R2");
    List<String> paths = FHIR.requestsSince("fhir", before).stream().map(RecordedRequest::pathAndQuery).toList();
    assertThat(paths).hasSize(6)
        .anyMatch(p -> p.startsWith("/fhir/ImagingStudy?"))
        .noneMatch(p -> p.startsWith("/fhir/Patient") || p.startsWith("/fhir/Condition")
            || p.startsWith("/fhir/MedicationStatement"));
  }

  @Test
  void medicationsThatFetchedOrdersReferenceComeWithTheSearch() throws IOException {
    assertThat(callsForTheCabazitaxelPatient("fhir"))
        .contains("/fhir/MedicationRequest?patient=pat-mcrpc-010&_include=MedicationRequest%3Amedication")
        .noneMatch(path -> path.startsWith("/fhir/Medication/"));
  }

  @Test
  void medicationsAServerDoesNotIncludeAreReadByTheirReference() throws IOException {
    assertThat(callsForTheCabazitaxelPatient("no-include")).contains("/no-include/Medication/mcrpc010-med-jevtana");
  }

  /** The calls that getting pat-mcrpc-010's cards from {@code base} made; the cards are those of full prefetch. */
  private List<String> callsForTheCabazitaxelPatient(String base) throws IOException {
    ObjectNode full = withShiftedPrefetch(REQUESTS.resolve("patient-view-mcrpc-post-cabazitaxel-psma-positive.json"));
    int before = FHIR.requestCount(base);

    JsonNode fetched = cards(post(PATIENT_VIEW, fallback(full, FHIR.base(base), TestFhirServer.TOKEN)));

    assertThat(fetched).isEqualTo(cards(post(PATIENT_VIEW, full))).isNotEmpty();
    return FHIR.requestsSince(base, before).stream().map(RecordedRequest::pathAndQuery).toList();
  }

  @Test
  void pagesAreFollowed() throws IOException {
    ObjectNode full = withShiftedPrefetch(REQUESTS.resolve("patient-view-mcrpc-post-docetaxel-discordant.json"));
    int before = FHIR.requestCount("paged");

    JsonNode fetched = cards(post(PATIENT_VIEW, fallback(full, FHIR.base("paged"), TestFhirServer.TOKEN)));

    assertThat(fetched).isEqualTo(cards(post(PATIENT_VIEW, full))).isNotEmpty();
    assertThat(FHIR.requestsSince("paged", before)).extracting(RecordedRequest::pathAndQuery)
        .anyMatch(p -> p.contains("_getpages="));
  }

  @Test
  void moreSearchPagesThanTheCapIsA412NeverACutShortRecord() throws IOException {
    // twelve administrations in pages of one: more than mcrpc.fhir.max-pages=8
    Response response = post(PATIENT_VIEW, fallback(withShiftedPrefetch(REQUESTS.resolve(
        "patient-view-mcrpc-post-cabazitaxel-psma-positive.json")), FHIR.base("tiny-pages"), TestFhirServer.TOKEN));

    assertPreconditionFailed(response);
    assertThat(response.json().at("/issue/0/diagnostics").asText()).contains("medicationAdministrations").contains("8 pages");
  }

  @Test
  void aReadOfAPatientTheServerDoesNotHaveIsNoData() {
    ObjectNode request = JSON.createObjectNode().put("hook", "patient-view")
        .put("hookInstance", "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea").put("fhirServer", FHIR.base("fhir"));
    request.putObject("context").put("userId", "Practitioner/example").put("patientId", "no-such-patient");
    request.putObject("fhirAuthorization").put("access_token", TestFhirServer.TOKEN).put("token_type", "Bearer");

    assertThat(cards(post(PATIENT_VIEW, request))).isEmpty();
  }

  @Test
  void aServerThatRefusesTheTokenIsA412ThatSaysSo() throws IOException {
    int before = FHIR.requestCount("wrong-token");

    Response response = post(PATIENT_VIEW, fallback(anyRequest(), FHIR.base("wrong-token"), "not-the-token"));

    assertPreconditionFailed(response);
    assertThat(response.body()).contains("HTTP 401");
    assertThat(FHIR.requestsSince("wrong-token", before)).isNotEmpty().noneMatch(RecordedRequest::authorized);
  }

  @Test
  void aServerErrorIsA412ThatSaysSoWithoutTheServersMessage() throws IOException {
    Response response = post(PATIENT_VIEW, fallback(anyRequest(), FHIR.base("broken"), TestFhirServer.TOKEN));

    assertPreconditionFailed(response);
    assertThat(response.body()).contains("HTTP 500").doesNotContain("broken on purpose");
  }

  @Test
  void aServerOffTheAllowListIsNeverCalled() throws IOException {
    int before = FHIR.requestCount("unlisted") + FHIR.requestCount("fhir");
    String fhir = FHIR.base("fhir");
    for (String server : List.of(FHIR.base("unlisted"), fhir.replace("127.0.0.1", "localhost"), fhir + "/../unlisted",
        fhir + "%2F..%2Funlisted", fhir.replace("http://", "http://user@"), fhir + "?x=1", "ftp://127.0.0.1/fhir", "not a url")) {
      Response response = post(PATIENT_VIEW, fallback(anyRequest(), server, TestFhirServer.TOKEN));

      assertPreconditionFailed(response);
      assertThat(response.body()).as(server).contains("allow-list");
    }
    assertThat(FHIR.requestCount("unlisted") + FHIR.requestCount("fhir")).isEqualTo(before);
  }
}
