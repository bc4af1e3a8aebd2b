package org.mcrpccds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.junit.jupiter.api.Test;
import org.mcrpccds.support.CardAssertions;
import org.mcrpccds.support.RuleCase;
import org.mcrpccds.support.ServiceTestBase;
import org.mcrpccds.support.TestContent;

/** Order hooks as real clients send them, and the suggestions a client would apply. */
class OrderHooksTest extends ServiceTestBase {
  private static final FhirValidator VALIDATOR = validator();

  private static FhirValidator validator() {
    var fhir = TestContent.FHIR;
    var support = new ValidationSupportChain(new DefaultProfileValidationSupport(fhir),
        new InMemoryTerminologyServerValidationSupport(fhir), new CommonCodeSystemsTerminologyService(fhir),
        new SnapshotGeneratingValidationSupport(fhir));
    return fhir.newValidator().registerValidatorModule(new FhirInstanceValidator(support));
  }

  private static String raw(String name) throws IOException {
    return Files.readString(Path.of("src/test/resources/requests", name));
  }

  @Test
  void theCdsHooksSandboxShapeWithSingleObjectCategoryAndReasonCodeIsCheckedNotRefused() throws IOException {
    String request = raw("sandbox-order-sign.json");
    assertThat(request).as("the fixture keeps the Sandbox quirk").containsPattern("\"category\"\\s*:\\s*\\{");
    Response response = post("/cds-services/mcrpc-order-sign", request);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(rules(response.json())).contains("R4");
  }

  @Test
  void orderSelectChecksOnlyTheSelectedDraft() throws IOException {
    Response response = post("/cds-services/mcrpc-order-select", raw("order-select-two-drafts.json"));
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(rules(response.json())).containsExactly("R3");
  }

  @Test
  void severalDraftsAtOnceGiveOneCardPerRuleWithValidSuggestionsAndOverrideReasons() {
    RuleCase many = everyOrderRuleAtOnce();
    Response response = post("/cds-services/mcrpc-order-sign", many.hookRequest(prefetchTemplates("mcrpc-order-sign")));
    assertThat(response.status()).isEqualTo(200);
    JsonNode cards = response.json().get("cards");
    assertThat(rules(response.json())).containsExactlyInAnyOrderElementsOf(many.expectedRules());

    for (JsonNode card : cards) {
      CardAssertions.assertWellFormed(card);
      String indicator = card.get("indicator").asText();
      if (!indicator.equals("info")) {
        assertThat(card.get("overrideReasons")).as("override reasons on %s", card.get("summary"))
            .isNotEmpty()
            .allSatisfy(reason -> {
              assertThat(reason.get("code").asText()).isNotBlank();
              assertThat(reason.get("display").asText()).isNotBlank();
            });
      }
      for (JsonNode suggestion : card.path("suggestions")) {
        for (JsonNode action : suggestion.get("actions")) {
          if (action.get("type").asText().equals("create")) {
            JsonNode resource = action.get("resource");
            assertValid(resource);
            assertThat(resource.at("/subject/reference").asText()).isEqualTo("Patient/" + many.patientId());
            assertThat(resource.at("/reasonReference/0/reference").asText()).matches("Condition/[A-Za-z0-9\\-.]+");
            assertThat(resource.toString()).contains("psma-pet");
          } else {
            assertThat(many.draftOrders()).extracting(d -> d.fhirType() + "/" + d.getIdElement().getIdPart())
                .contains(action.get("resourceId").asText());
          }
        }
      }
    }
    JsonNode r3 = card(cards, "R3");
    assertThat(r3.at("/suggestions/0/actions")).extracting(a -> a.get("type").asText()).containsExactly("delete", "create");
    assertThat(r3.at("/suggestions/0/isRecommended").asBoolean()).isTrue();
    assertThat(card(cards, "R9").at("/suggestions/0/actions/0/type").asText()).isEqualTo("delete");
  }

  @Test
  void twoDraftsToDeleteAreTwoDeleteActionsEachNamingOneResource() throws IOException {
    RuleCase many = everyOrderRuleAtOnce();
    ObjectNode request = many.hookRequest(prefetchTemplates("mcrpc-order-sign"));
    ArrayNode drafts = (ArrayNode) request.at("/context/draftOrders/entry");
    // a second fluciclovine PET draft and a second Lutathera draft
    for (JsonNode entry : List.copyOf(itemsOf(drafts))) {
      String id = entry.at("/resource/id").asText();
      if (id.equals("draft-flu") || id.equals("draft-lutathera")) {
        ObjectNode second = entry.deepCopy();
        ((ObjectNode) second.get("resource")).put("id", id + "-2");
        drafts.add(second);
      }
    }

    JsonNode cards = post("/cds-services/mcrpc-order-sign", request).json().get("cards");

    JsonNode r3 = card(cards, "R3").at("/suggestions/0/actions");
    assertThat(r3).extracting(a -> a.get("type").asText()).containsExactly("delete", "delete", "create");
    assertThat(List.of(r3.get(0).get("resourceId").asText(), r3.get(1).get("resourceId").asText()))
        .containsExactlyInAnyOrder("ServiceRequest/draft-flu", "ServiceRequest/draft-flu-2");
    JsonNode r9 = card(cards, "R9").at("/suggestions/0/actions");
    assertThat(r9).extracting(a -> a.get("resourceId").asText())
        .containsExactlyInAnyOrder("MedicationRequest/draft-lutathera", "MedicationRequest/draft-lutathera-2");
    cards.forEach(CardAssertions::assertWellFormed);
  }

  private static List<JsonNode> itemsOf(JsonNode array) {
    List<JsonNode> items = new ArrayList<>();
    array.forEach(items::add);
    return items;
  }

  @Test
  void theR2SuggestionIsACompleteValidServiceRequest() throws IOException {
    Response response = post("/cds-services/mcrpc-patient-view",
        org.mcrpccds.support.ExampleRequests.load(Path.of("fhir-resources/requests/patient-view-mcrpc-post-arpi-no-psma-pet.json")));
    JsonNode r2 = card(response.json().get("cards"), "R2");
    JsonNode resource = r2.at("/suggestions/0/actions/0/resource");
    assertValid(resource);
    assertThat(resource.get("status").asText()).isEqualTo("draft");
    assertThat(resource.get("intent").asText()).isEqualTo("order");
    assertThat(resource.at("/code/coding")).extracting(c -> c.get("code").asText()).contains("psma-pet", "78815");
    assertThat(resource.at("/reasonReference/0/reference").asText()).matches("Condition/[A-Za-z0-9\\-.]+");
    assertThat(r2.get("selectionBehavior").asText()).isEqualTo("at-most-one");
  }

  @Test
  void theR18SuggestionOrdersGenomicTestingForTheProstateCancer() throws IOException {
    Response response = post("/cds-services/mcrpc-patient-view",
        org.mcrpccds.support.ExampleRequests.load(Path.of("fhir-resources/requests/patient-view-mcrpc-on-first-arpi-responding.json")));
    JsonNode r18 = card(response.json().get("cards"), "R18");
    JsonNode resource = r18.at("/suggestions/0/actions/0/resource");
    assertValid(resource);
    assertThat(r18.at("/suggestions/0/actions/0/type").asText()).isEqualTo("create");
    assertThat(resource.get("resourceType").asText()).isEqualTo("ServiceRequest");
    assertThat(resource.get("status").asText()).isEqualTo("draft");
    assertThat(resource.at("/code/coding/0/system").asText()).isEqualTo("http://mcrpccds.org/fhir/CodeSystem/mcrpc");
    assertThat(resource.at("/code/coding/0/code").asText()).isEqualTo("genomic-testing");
    assertThat(resource.at("/subject/reference").asText()).isEqualTo("Patient/pat-mcrpc-011");
    assertThat(resource.at("/reasonReference/0/reference").asText()).isEqualTo("Condition/mcrpc011-prostate-cancer");
  }

  private static void assertValid(JsonNode resource) {
    ValidationResult result = VALIDATOR.validateWithResult(resource.toString());
    List<String> errors = new ArrayList<>();
    result.getMessages().stream()
        .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
        .forEach(m -> errors.add(m.getLocationString() + ": " + m.getMessage()));
    assertThat(errors).as("validation errors in %s", resource).isEmpty();
  }

  private static JsonNode card(JsonNode cards, String rule) {
    for (JsonNode card : cards) {
      if (card.at("/extension/org.mcrpccds.rule").asText().equals(rule)) {
        return card;
      }
    }
    throw new AssertionError("no " + rule + " card in " + cards);
  }

  private static List<String> rules(JsonNode response) {
    List<String> rules = new ArrayList<>();
    response.get("cards").forEach(c -> rules.add(c.at("/extension/org.mcrpccds.rule").asText()));
    return rules;
  }


  /** The rule case whose drafts trigger every order rule in one request. */
  private static RuleCase everyOrderRuleAtOnce() {
    return RuleCase.all("order").stream()
        .filter(c -> c.name().endsWith("multi-order-sign-all-order-rules.json")).findFirst().orElseThrow();
  }
}
