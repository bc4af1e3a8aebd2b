package org.mcrpccds.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mcrpccds.hooks.FallbackRequests.PATIENT_VIEW;
import static org.mcrpccds.hooks.FallbackRequests.REQUESTS;
import static org.mcrpccds.hooks.FallbackRequests.withShiftedPrefetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcrpccds.support.ServiceTestBase;
import org.mcrpccds.support.TestFhirServer;
import org.mcrpccds.support.TestFhirServer.RecordedRequest;

/**
 * Medication references resolved as the contract orders it, over HTTP with the default
 * configuration: the Medications that the request includes; a read from {@code fhirServer} (HAPI's
 * RestfulServer, {@link TestFhirServer}) for a reference still unresolved, also when everything
 * else came in prefetch; the reference's display text when the server answers 404 or there is no
 * server. The patient is pat-mcrpc-010 as the CDS Hooks Sandbox sends it without his cabazitaxel
 * administrations: his cabazitaxel is then known only from a MedicationRequest whose
 * {@code medicationReference} points to a Medication the request does not hold, and R1 must not
 * offer cabazitaxel as new.
 */
class MedicationReferenceResolutionTest extends ServiceTestBase {
  private static final String PATIENT_VIEW_EXPLAIN = "/explain/mcrpc-patient-view";
  /** The paragraph of R1 that offers cabazitaxel as a new option. */
  private static final String CABAZITAXEL_OFFERED = "Cabazitaxel with prednisone";
  private static final String JEVTANA = "Medication/mcrpc010-med-jevtana";

  private final TestFhirServer fhir = TestFhirServer.get();

  /** The sample request for pat-mcrpc-010, dated like the server's data: its Medication included. */
  private static ObjectNode withIncludedMedication() throws IOException {
    return withShiftedPrefetch(REQUESTS.resolve("patient-view-mcrpc-post-cabazitaxel-psma-positive.json"));
  }

  /** As the Sandbox sends it: no included Medication, and (here) no cabazitaxel administrations. */
  private static ObjectNode sandboxShaped() throws IOException {
    ObjectNode request = withIncludedMedication();
    remove(request.at("/prefetch/medicationRequests/entry"), "Medication/");
    remove(request.at("/prefetch/medicationAdministrations/entry"), "MedicationAdministration/mcrpc010-cabazitaxel-");
    assertThat(request.at("/prefetch").toString()).doesNotContain("1376084", "996051", "1001433", "\"Medication\"");
    return request;
  }

  private static void remove(JsonNode entries, String idPrefix) {
    List<Integer> matching = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      JsonNode resource = entries.get(i).get("resource");
      if ((resource.get("resourceType").asText() + "/" + resource.get("id").asText()).startsWith(idPrefix)) {
        matching.add(i);
      }
    }
    for (int i = matching.size() - 1; i >= 0; i--) {
      ((ArrayNode) entries).remove(matching.get(i));
    }
  }

  /** The cabazitaxel MedicationRequest's reference. */
  private static ObjectNode cabazitaxelReference(ObjectNode request) {
    for (JsonNode entry : request.at("/prefetch/medicationRequests/entry")) {
      if (entry.at("/resource/id").asText().equals("mcrpc010-cabazitaxel")) {
        return (ObjectNode) entry.at("/resource/medicationReference");
      }
    }
    throw new AssertionError("no cabazitaxel MedicationRequest");
  }

  private static ObjectNode withFhirServer(ObjectNode request, String server) {
    request.put("fhirServer", server);
    request.putObject("fhirAuthorization").put("access_token", TestFhirServer.TOKEN).put("token_type", "Bearer")
        .put("expires_in", 300).put("scope", "patient/*.read").put("subject", "mcrpc-cds");
    return request;
  }

  private JsonNode r1(ObjectNode request) {
    Response response = post(PATIENT_VIEW, request);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    for (JsonNode card : response.json().get("cards")) {
      if (card.at("/extension/org.mcrpccds.rule").asText().equals("R1")) {
        return card;
      }
    }
    throw new AssertionError("no R1 card: " + response.body());
  }

  private String medicationSource(ObjectNode request) {
    return post(PATIENT_VIEW_EXPLAIN, request).json().at("/dataSources/" + MedicationResolver.SOURCE_KEY).asText();
  }

  /**
   * Answers {@code request}: R1 must not offer cabazitaxel as new, the server must have received
   * exactly {@code expectedCalls}, each with the token, and the call's medication references must
   * have ended as {@code expectedSource} (null: nothing needed resolving).
   */
  private void assertCabazitaxelKnown(ObjectNode request, List<String> expectedCalls, String expectedSource) {
    int before = fhir.requestCount("fhir");

    JsonNode r1 = r1(request);

    assertThat(r1.get("detail").asText()).doesNotContain(CABAZITAXEL_OFFERED);
    assertThat(fhir.requestsSince("fhir", before)).extracting(RecordedRequest::pathAndQuery).containsExactlyElementsOf(expectedCalls);
    assertThat(fhir.requestsSince("fhir", before)).allMatch(RecordedRequest::authorized);
    assertThat(medicationSource(request)).isEqualTo(expectedSource == null ? "" : expectedSource);
  }

  @Test
  void medicationsIncludedInPrefetchNeedNothingMoreEvenWithAServerGiven() throws IOException {
    assertCabazitaxelKnown(withFhirServer(withIncludedMedication(), fhir.base("fhir")), List.of(), null);
  }

  @Test
  void aReferenceTheRequestDoesNotResolveIsReadFromFhirServerAndCabazitaxelIsNotOfferedAsNew() throws IOException {
    // only the Medication is read: everything else came in prefetch
    assertCabazitaxelKnown(withFhirServer(sandboxShaped(), fhir.base("fhir")), List.of("/fhir/" + JEVTANA), "fetched");
  }

  @Test
  void withoutFhirServerTheDisplayTextIdentifiesTheMedication() throws IOException {
    ObjectNode request = sandboxShaped();
    cabazitaxelReference(request).put("display", "Jevtana 60 mg/1.5 mL solution for infusion");

    assertCabazitaxelKnown(request, List.of(), "identified-by-display");
  }

  @Test
  void aMedicationTheServerAnswers404ForIsIdentifiedByItsDisplayTextNotA412() throws IOException {
    ObjectNode request = withFhirServer(sandboxShaped(), fhir.base("fhir"));
    cabazitaxelReference(request).put("reference", "Medication/not-on-the-server").put("display", "cabazitaxel 20 mg/m2");

    assertCabazitaxelKnown(request, List.of("/fhir/Medication/not-on-the-server"), "identified-by-display");
  }

  @Test
  void aReferenceNothingIdentifiesStaysUnresolvedAndTheCallStillAnswers() throws IOException {
    ObjectNode request = sandboxShaped();
    cabazitaxelReference(request).put("display", "Lu-177 (investigational)");

    JsonNode r1 = r1(request);

    assertThat(r1.get("detail").asText()).as("the card names what it could not identify")
        .contains("medication records not identified: Lu-177 (investigational)");
    assertThat(medicationSource(request)).isEqualTo("unresolved");
    JsonNode taxanes = post(PATIENT_VIEW_EXPLAIN, request).json().at("/facts/Taxane History");
    assertThat(taxanes.toString()).as("no Medication is made up for it").doesNotContain("cabazitaxel");
  }

  @Test
  void aDraftOrderReferencingAMedicationTheRequestDoesNotHoldIsIdentifiedToo() throws IOException {
    ObjectNode request = withShiftedPrefetch(REQUESTS.resolve("patient-view-mcrpc-post-docetaxel-psma-positive.json"));
    request.put("hook", "order-sign");
    ObjectNode draft = JSON.createObjectNode().put("resourceType", "MedicationRequest").put("id", "draft-from-ehr")
        .put("status", "draft").put("intent", "order");
    draft.putObject("subject").put("reference", "Patient/" + request.at("/context/patientId").asText());
    draft.putObject("medicationReference").put("reference", "Medication/ehr-formulary-4711").put("display", "LUTATHERA 370 MBq/mL");
    ObjectNode drafts = ((ObjectNode) request.get("context")).putObject("draftOrders").put("resourceType", "Bundle").put("type", "collection");
    drafts.putArray("entry").addObject().set("resource", draft);

    Response response = post("/cds-services/mcrpc-order-sign", request);

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.json().get("cards").findValuesAsText("org.mcrpccds.rule")).contains("R9");
  }
}
