package org.mcrpccds.conformance;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.mcrpccds.support.CardAssertions;
import org.mcrpccds.support.ExampleRequests;
import org.mcrpccds.support.RuleCase;
import org.mcrpccds.support.SecuredServiceTestBase;
import org.mcrpccds.support.TestContent;
import org.mcrpccds.support.TestFhirServer;
import org.mcrpccds.support.TestFhirServer.RecordedRequest;
import org.mcrpccds.support.TestIssuers;

/**
 * The CDS Hooks 2.0 service requirements ({@link ConformanceMatrix}), each checked against the
 * running service over HTTP: one test per requirement whose verdict is {@code pass} or
 * {@code deviates}, running the check the matrix names. Card requirements are checked on every
 * card of every answer to the sample requests (fhir-resources/requests) and to every rule case
 * (src/test/resources/rule-cases), so every card the rules can give is held to them. The
 * configuration is the production-like one of {@link SecuredServiceTestBase}: JWTs required,
 * fallback to an allow-listed HAPI FHIR server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CdsHooksConformanceTest extends SecuredServiceTestBase {
  private static final ConformanceMatrix MATRIX = ConformanceMatrix.load();
  private static final Path REQUESTS = Path.of("fhir-resources/requests");
  private static final String DISCOVERY = "/cds-services";
  private static final String PATIENT_VIEW = "/cds-services/mcrpc-patient-view";
  private static final String R1_EXAMPLE = "patient-view-mcrpc-post-docetaxel-psma-positive.json";
  private static final Set<String> INDICATORS = Set.of("info", "warning", "critical");
  /** The context fields of patient-view, order-select and order-sign that are root-level primitives. */
  private static final Set<String> PRIMITIVE_CONTEXT_FIELDS = Set.of("userId", "patientId", "encounterId");
  private static final Set<String> USER_TOKENS =
      Set.of("userPractitionerId", "userPractitionerRoleId", "userPatientId", "userRelatedPersonId");
  private static final Pattern TOKEN = Pattern.compile("\\{\\{([^{}]*)}}");
  private static final Pattern HTML_TAG = Pattern.compile("<\\s*/?\\s*[A-Za-z][^>]*>");
  private static final Pattern REVERSE_DOMAIN = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");
  private static final Pattern RESOURCE_ID = Pattern.compile(CardAssertions.RESOURCE_ID);

  private final Map<String, Runnable> checks = Map.ofEntries(
      entry("json", this::json),
      entry("no-empty-values", this::noEmptyValues),
      entry("discovery-endpoint", this::discoveryEndpoint),
      entry("discovery-services", this::discoveryServices),
      entry("service-hook", this::serviceHook),
      entry("service-title", () -> eachService(service -> assertNonBlankString(service, "title"))),
      entry("service-description", () -> eachService(service -> assertNonBlankString(service, "description"))),
      entry("service-id", this::serviceId),
      entry("service-prefetch", this::servicePrefetch),
      entry("service-usage-requirements", () -> eachService(service -> assertNonBlankString(service, "usageRequirements"))),
      entry("error-statuses", this::errorStatuses),
      entry("service-endpoint", this::serviceEndpoint),
      entry("prefetch-only", this::prefetchOnly),
      entry("prefetch-declared", this::prefetchDeclared),
      entry("prefetch-or-fhir-server", this::prefetchOrFhirServer),
      entry("prefetch-tokens", this::prefetchTokens),
      entry("prefetch-token-fields", this::prefetchTokenFields),
      entry("prefetch-subset", this::prefetchSubset),
      entry("operation-outcome-prefetch", this::operationOutcomePrefetch),
      entry("missing-data-412", this::missingData412),
      entry("fhir-server-beyond-prefetch", this::fhirServerBeyondPrefetch),
      entry("access-token-on-every-call", this::accessTokenOnEveryCall),
      entry("response-cards", this::responseCards),
      entry("response-system-actions", this::responseSystemActions),
      entry("no-guidance", this::noGuidance),
      entry("card-uuid", this::cardUuid),
      entry("feedback", this::feedback),
      entry("card-summary", this::cardSummary),
      entry("card-detail-markdown", this::cardDetailMarkdown),
      entry("card-indicator", this::cardIndicator),
      entry("card-source", this::cardSource),
      entry("card-source-not-drill-down", this::cardSourceNotDrillDown),
      entry("card-source-icon", this::cardSourceIcon),
      entry("card-source-topic", this::cardSourceTopic),
      entry("card-suggestions", this::cardSuggestions),
      entry("card-selection-behavior", this::cardSelectionBehavior),
      entry("card-recommended", this::cardRecommended),
      entry("card-override-reasons", this::cardOverrideReasons),
      entry("card-links", this::cardLinks),
      entry("card-extension", this::cardExtension),
      entry("suggestion-actions-together", this::suggestionActionsTogether),
      entry("action-type", this::actionType),
      entry("action-description", () -> eachAction((card, action) -> assertNonBlankString(action, "description"))),
      entry("action-resource", this::actionResource),
      entry("action-create", this::actionCreate),
      entry("action-update", this::actionUpdate),
      entry("action-delete", this::actionDelete),
      entry("jwt-verified", this::jwtVerified),
      entry("authentication-required", this::authenticationRequired),
      entry("issuer-allow-list", this::issuerAllowList),
      entry("jwks-out-of-band", this::jwksOutOfBand),
      entry("jwt-algorithms", this::jwtAlgorithms),
      entry("jwt-alg-none", this::jwtAlgNone),
      entry("jwt-symmetric", this::jwtSymmetric),
      entry("cors", this::cors));

  /** One hook call of the corpus and its answer. */
  private record Exchange(String service, ObjectNode request, JsonNode response) {}

  /** A card and the call that gave it. */
  private record SeenCard(Exchange exchange, JsonNode card) {
    String name() {
      return card.at("/extension/org.mcrpccds.rule").asText() + " \"" + card.path("summary").asText() + "\"";
    }
  }

  private List<Exchange> corpus;

  @TestFactory
  Stream<DynamicTest> everyRequirementThatAppliesHoldsOnTheRunningService() {
    return MATRIX.requirements().stream()
        .filter(ConformanceMatrix.Requirement::checked)
        .map(requirement -> DynamicTest.dynamicTest(
            requirement.id() + " " + requirement.level() + " (" + requirement.status() + "): " + requirement.check(),
            () -> checks.get(requirement.check()).run()));
  }

  @Test
  void everyRequirementIsCheckedOrSaysWhyNot() {
    assertThat(MATRIX.requirements()).hasSize(120);
    assertThat(MATRIX.requirements().stream().map(ConformanceMatrix.Requirement::id).distinct()).hasSize(120);
    Set<String> used = new HashSet<>();
    for (ConformanceMatrix.Requirement requirement : MATRIX.requirements()) {
      assertThat(requirement.status()).as(requirement.id()).isIn("pass", "n/a", "deviates");
      if (requirement.checked()) {
        assertThat(checks).as("row %s names check %s", requirement.id(), requirement.check()).containsKey(requirement.check());
        used.add(requirement.check());
      } else {
        assertThat(requirement.how()).as("row %s says why it does not apply", requirement.id()).hasSizeGreaterThan(15);
      }
    }
    assertThat(used).as("every check verifies some row").containsExactlyInAnyOrderElementsOf(checks.keySet());
  }

  @Test
  void theReportInTheDocsListsEveryRowWithItsVerdict() throws IOException {
    String report = Files.readString(Path.of("docs/conformance.md"));
    for (String status : List.of("pass", "n/a", "deviates")) {
      assertThat(report).as("the count of %s", status).contains("| " + status + " | " + MATRIX.count(status) + " |");
    }
    for (ConformanceMatrix.Requirement requirement : MATRIX.requirements()) {
      assertThat(report).as("row %s", requirement.id()).contains("| " + requirement.id() + " | " + requirement.level() + " | "
          + requirement.status() + " | " + requirement.how().replace("|", "\\|") + " |");
    }
  }

  // ------------------------------------------------------------------ the corpus of calls and cards

  private List<Exchange> corpus() {
    if (corpus == null) {
      List<Exchange> exchanges = new ArrayList<>();
      for (Path file : sampleRequests()) {
        String name = file.getFileName().toString();
        String hook = name.startsWith("patient-view-") ? "patient-view" : name.startsWith("order-sign-") ? "order-sign" : "order-select";
        exchanges.add(exchange("mcrpc-" + hook, ExampleRequests.load(file)));
      }
      Map<String, Map<String, String>> templatesByService = new HashMap<>();
      for (String folder : List.of("patient-view", "order")) {
        for (RuleCase ruleCase : RuleCase.all(folder)) {
          String service = "mcrpc-" + ruleCase.hook();
          Map<String, String> templates = templatesByService.computeIfAbsent(service, this::prefetchTemplates);
          exchanges.add(exchange(service, ruleCase.hookRequest(templates)));
        }
      }
      corpus = exchanges;
    }
    return corpus;
  }

  private Exchange exchange(String service, ObjectNode request) {
    Response response = post("/cds-services/" + service, request);
    assertThat(response.status()).as("%s: %s", service, response.body()).isEqualTo(200);
    return new Exchange(service, request, response.json());
  }

  private static List<Path> sampleRequests() {
    try (Stream<Path> files = Files.list(REQUESTS)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<SeenCard> cards() {
    List<SeenCard> cards = new ArrayList<>();
    corpus().forEach(exchange -> exchange.response().path("cards").forEach(card -> cards.add(new SeenCard(exchange, card))));
    assertThat(cards).as("the corpus has cards to check").hasSizeGreaterThan(100);
    return cards;
  }

  private void eachCard(java.util.function.Consumer<SeenCard> check) {
    cards().forEach(check);
  }

  private void eachSuggestion(java.util.function.BiConsumer<SeenCard, JsonNode> check) {
    eachCard(card -> card.card().path("suggestions").forEach(suggestion -> check.accept(card, suggestion)));
  }

  private void eachAction(java.util.function.BiConsumer<SeenCard, JsonNode> check) {
    eachSuggestion((card, suggestion) -> suggestion.path("actions").forEach(action -> check.accept(card, action)));
  }

  private JsonNode discovery() {
    Response response = get(DISCOVERY);
    assertThat(response.status()).isEqualTo(200);
    return response.json();
  }

  private void eachService(java.util.function.Consumer<JsonNode> check) {
    JsonNode services = discovery().path("services");
    assertThat(services).isNotEmpty();
    services.forEach(check);
  }

  private List<String> allTemplates() {
    List<String> templates = new ArrayList<>();
    eachService(service -> service.path("prefetch").forEach(template -> templates.add(template.asText())));
    assertThat(templates).isNotEmpty();
    return templates;
  }

  private static void assertNonBlankString(JsonNode node, String field) {
    assertThat(node.path(field).isTextual()).as("%s is a string in %s", field, node).isTrue();
    assertThat(node.path(field).asText()).as(field).isNotBlank();
  }

  private static void assertAbsoluteUrl(JsonNode value, String what) {
    assertThat(value.isTextual()).as("%s is a string", what).isTrue();
    URI uri = URI.create(value.asText());
    assertThat(uri.isAbsolute() && uri.getHost() != null).as("%s is an absolute URL: %s", what, value).isTrue();
  }

  private static String contentType(Response response) {
    return response.raw().headers().firstValue("Content-Type").orElse("");
  }

  private static ObjectNode sample(String name) {
    return ExampleRequests.load(REQUESTS.resolve(name));
  }

  /** {@code request} without prefetch, naming the test FHIR server and its token instead. */
  private ObjectNode viaFhirServer(ObjectNode request) {
    ObjectNode fallback = request.deepCopy();
    fallback.remove("prefetch");
    return withFhirServer(fallback);
  }

  private ObjectNode withFhirServer(ObjectNode request) {
    request.put("fhirServer", FHIR.base("fhir"));
    request.putObject("fhirAuthorization").put("access_token", TestFhirServer.TOKEN).put("token_type", "Bearer")
        .put("expires_in", 300).put("scope", "patient/*.read").put("subject", "mcrpc-cds");
    return request;
  }

  /** The cards of a 200 answer, without their (random) uuids, to compare answers. */
  private static JsonNode cardsWithoutUuids(Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    ArrayNode cards = (ArrayNode) response.json().get("cards");
    cards.findParents("uuid").forEach(parent -> ((ObjectNode) parent).remove("uuid"));
    return cards;
  }

  private static void assertOperationOutcome(Response response, int status) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(contentType(response)).contains("json");
    assertThat(response.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
  }

  // ------------------------------------------------------------------ discovery and protocol

  private void json() {
    Response discovery = get(DISCOVERY);
    assertThat(contentType(discovery)).startsWith("application/json");
    assertThat(discovery.json().isObject()).isTrue();
    Response call = post(PATIENT_VIEW, sample(R1_EXAMPLE));
    assertThat(contentType(call)).startsWith("application/json");
    assertThat(call.json().isObject()).isTrue();
    assertOperationOutcome(post(PATIENT_VIEW, "hook=patient-view&context=none"), 400);
  }

  private void noEmptyValues() {
    CardAssertions.assertNoEmptyValues(discovery(), "discovery");
    eachCard(card -> CardAssertions.assertNoEmptyValues(card.card(), card.name()));
    corpus().forEach(exchange -> assertThat(exchange.response().path("cards").isArray()).isTrue());
  }

  private void discoveryEndpoint() {
    assertThat(get(DISCOVERY).status()).isEqualTo(200);
  }

  private void discoveryServices() {
    JsonNode discovery = discovery();
    assertThat(discovery.isObject()).isTrue();
    assertThat(discovery.path("services").isArray()).isTrue();
    assertThat(discovery.path("services")).isNotEmpty().allMatch(JsonNode::isObject);
  }

  private void serviceHook() {
    eachService(service -> {
      assertNonBlankString(service, "hook");
      assertThat(service.path("hook").asText()).matches("[a-z]+(-[a-z]+)+");
    });
    ObjectNode otherHook = sample(R1_EXAMPLE).put("hook", "order-sign");
    assertOperationOutcome(post(PATIENT_VIEW, otherHook), 400);
  }

  private void serviceId() {
    Set<String> ids = new HashSet<>();
    eachService(service -> {
      assertNonBlankString(service, "id");
      assertThat(service.path("id").asText()).matches("[A-Za-z0-9._~-]+");
      assertThat(ids.add(service.path("id").asText())).as("unique id").isTrue();
    });
  }

  private void servicePrefetch() {
    eachService(service -> {
      assertThat(service.path("prefetch").isObject()).isTrue();
      service.path("prefetch").forEach(template -> assertThat(template.isTextual() && !template.asText().isBlank()).isTrue());
    });
  }

  private void errorStatuses() {
    assertOperationOutcome(post("/cds-services/no-such-service", sample(R1_EXAMPLE)), 404);
    assertOperationOutcome(post(PATIENT_VIEW, "{\"hook\": \"patient-view\","), 400);
    ObjectNode noData = sample(R1_EXAMPLE);
    noData.remove("prefetch");
    assertOperationOutcome(post(PATIENT_VIEW, noData), 412);
  }

  private void serviceEndpoint() {
    eachService(service -> {
      String hook = service.path("hook").asText();
      ObjectNode request = hook.equals("patient-view") ? sample(R1_EXAMPLE) : sample("order-sign-fluciclovine-pet.json").put("hook", hook);
      Response response = post("/cds-services/" + service.path("id").asText(), request);
      assertThat(response.status()).as("%s: %s", service.path("id"), response.body()).isEqualTo(200);
    });
  }

  private void prefetchOnly() {
    ObjectNode request = sample(R1_EXAMPLE);
    assertThat(request.has("fhirServer")).isFalse();
    Response response = post(PATIENT_VIEW, request);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().path("cards")).isNotEmpty();
  }

  private void prefetchDeclared() {
    eachService(service -> {
      assertThat(service.path("prefetch").isObject()).isTrue();
      assertThat(service.path("prefetch")).isNotEmpty();
      service.path("prefetch").fieldNames().forEachRemaining(key -> assertThat(key).isNotBlank());
    });
  }

  private void prefetchOrFhirServer() {
    ObjectNode full = sample(R1_EXAMPLE);
    JsonNode fromPrefetch = cardsWithoutUuids(post(PATIENT_VIEW, full));
    assertThat(fromPrefetch).isNotEmpty();
    assertThat(cardsWithoutUuids(post(PATIENT_VIEW, viaFhirServer(full)))).isEqualTo(fromPrefetch);
  }

  private void prefetchTokens() {
    boolean patientFromContext = false;
    for (String template : allTemplates()) {
      assertThat(TOKEN.matcher(template).replaceAll("")).as("no brace outside a token: %s", template).doesNotContain("{", "}");
      Matcher token = TOKEN.matcher(template);
      while (token.find()) {
        String name = token.group(1);
        assertThat(name.matches("context\\.[A-Za-z]+") || USER_TOKENS.contains(name)).as("token %s", name).isTrue();
        patientFromContext |= name.equals("context.patientId");
      }
    }
    assertThat(patientFromContext).isTrue();
  }

  private void prefetchTokenFields() {
    for (String template : allTemplates()) {
      Matcher token = TOKEN.matcher(template);
      while (token.find()) {
        if (token.group(1).startsWith("context.")) {
          assertThat(token.group(1).substring("context.".length())).isIn(PRIMITIVE_CONTEXT_FIELDS);
        }
      }
    }
  }

  /** Within CDS Hooks' recommended subset but for the contract's {@code _include}: nothing else. */
  private void prefetchSubset() {
    boolean includes = false;
    for (String template : allTemplates()) {
      Matcher read = Pattern.compile("([A-Z][A-Za-z]+)/\\{\\{context\\.patientId}}").matcher(template);
      if (read.matches()) {
        continue;
      }
      String type = template.substring(0, template.indexOf('?'));
      for (String parameter : template.substring(template.indexOf('?') + 1).split("&")) {
        String name = parameter.substring(0, parameter.indexOf('='));
        String value = parameter.substring(parameter.indexOf('=') + 1);
        switch (name) {
          case "patient" -> assertThat(value).isEqualTo("{{context.patientId}}");
          case "code" -> assertThat(value).as("token equality: [system|]code, comma separated")
              .matches("[^,{}|]+(\\|[^,{}|]+)?(,[^,{}|]+(\\|[^,{}|]+)?)*");
          case "_include" -> {
            assertThat(value).as("the contract's deviation, and only it").isEqualTo(type + ":medication");
            includes = true;
          }
          default -> throw new AssertionError("a parameter outside the recommended subset: " + template);
        }
      }
    }
    assertThat(includes).as("the deviation the matrix names").isTrue();
  }

  private void operationOutcomePrefetch() {
    ObjectNode full = sample(R1_EXAMPLE);
    JsonNode expected = cardsWithoutUuids(post(PATIENT_VIEW, full));
    ObjectNode failed = full.deepCopy();
    ((ObjectNode) failed.get("prefetch")).set("imagingStudies", JSON.createObjectNode().put("resourceType", "OperationOutcome")
        .set("issue", JSON.createArrayNode().add(JSON.createObjectNode().put("severity", "error").put("code", "timeout"))));

    assertThat(post(PATIENT_VIEW, failed).status()).as("left out without a server").isEqualTo(200);
    int before = FHIR.requestCount("fhir");
    assertThat(cardsWithoutUuids(post(PATIENT_VIEW, withFhirServer(failed)))).isEqualTo(expected);
    assertThat(FHIR.requestsSince("fhir", before)).extracting(RecordedRequest::pathAndQuery)
        .singleElement().asString().startsWith("/fhir/ImagingStudy?");
  }

  private void missingData412() {
    ObjectNode request = sample(R1_EXAMPLE);
    ((ObjectNode) request.get("prefetch")).remove("conditions");
    assertOperationOutcome(post(PATIENT_VIEW, request), 412);
  }

  private void fhirServerBeyondPrefetch() {
    ObjectNode request = withFhirServer(sample("patient-view-mcrpc-post-cabazitaxel-psma-positive.json"));
    ArrayNode entries = (ArrayNode) request.at("/prefetch/medicationRequests/entry");
    for (int i = entries.size() - 1; i >= 0; i--) {
      if (entries.get(i).at("/resource/resourceType").asText().equals("Medication")) {
        entries.remove(i);
      }
    }
    int before = FHIR.requestCount("fhir");

    assertThat(post(PATIENT_VIEW, request).status()).isEqualTo(200);

    assertThat(FHIR.requestsSince("fhir", before)).extracting(RecordedRequest::pathAndQuery)
        .containsExactly("/fhir/Medication/mcrpc010-med-jevtana");
  }

  private void accessTokenOnEveryCall() {
    int before = FHIR.requestCount("fhir");
    assertThat(post(PATIENT_VIEW, viaFhirServer(sample(R1_EXAMPLE))).status()).isEqualTo(200);
    assertThat(FHIR.requestsSince("fhir", before)).hasSizeGreaterThanOrEqualTo(8).allMatch(RecordedRequest::authorized);
  }

  private void responseCards() {
    corpus().forEach(exchange -> {
      assertThat(exchange.response().isObject()).isTrue();
      assertThat(exchange.response().path("cards").isArray()).isTrue();
    });
  }

  private void responseSystemActions() {
    corpus().forEach(exchange -> {
      exchange.response().fieldNames().forEachRemaining(field -> assertThat(field).isIn("cards", "systemActions"));
      if (exchange.response().has("systemActions")) {
        assertThat(exchange.response().get("systemActions").isArray()).isTrue();
      }
    });
  }

  private void noGuidance() {
    Response response = post(PATIENT_VIEW, sample("patient-view-female-patient.json"));
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().path("cards").isArray()).isTrue();
    assertThat(response.json().path("cards")).isEmpty();
  }

  // ------------------------------------------------------------------ cards

  private void cardUuid() {
    Set<String> uuids = new HashSet<>();
    List<SeenCard> cards = cards();
    cards.forEach(card -> {
      assertNonBlankString(card.card(), "uuid");
      uuids.add(card.card().path("uuid").asText());
    });
    assertThat(uuids).as("unique").hasSize(cards.size());
  }

  private void feedback() {
    SeenCard card = cards().get(0);
    Response response = post("/cds-services/" + card.exchange().service() + "/feedback", JSON.createObjectNode()
        .set("feedback", JSON.createArrayNode().add(JSON.createObjectNode().put("card", card.card().path("uuid").asText())
            .put("outcome", "accepted").put("outcomeTimestamp", Instant.now().toString()))));
    assertThat(response.status()).as(response.body()).isEqualTo(200);
  }

  private void cardSummary() {
    eachCard(card -> {
      assertNonBlankString(card.card(), "summary");
      assertThat(card.card().path("summary").asText()).hasSizeLessThan(140);
    });
  }

  private void cardDetailMarkdown() {
    eachCard(card -> {
      assertNonBlankString(card.card(), "detail");
      assertThat(HTML_TAG.matcher(card.card().path("detail").asText()).find()).as("raw HTML in %s", card.name()).isFalse();
    });
  }

  private void cardIndicator() {
    eachCard(card -> {
      assertThat(card.card().path("indicator").isTextual()).isTrue();
      assertThat(card.card().path("indicator").asText()).as(card.name()).isIn(INDICATORS);
    });
  }

  private void cardSource() {
    eachCard(card -> {
      assertThat(card.card().path("source").isObject()).as(card.name()).isTrue();
      assertNonBlankString(card.card().path("source"), "label");
      assertAbsoluteUrl(card.card().at("/source/url"), card.name() + " source.url");
    });
  }

  private void cardSourceNotDrillDown() {
    eachCard(card -> assertThat(card.card().at("/source/url").asText()).as(card.name())
        .doesNotContain(card.exchange().request().at("/context/patientId").asText(),
            card.exchange().request().path("hookInstance").asText()));
  }

  private void cardSourceIcon() {
    eachCard(card -> {
      if (card.card().path("source").has("icon")) {
        assertAbsoluteUrl(card.card().at("/source/icon"), card.name() + " source.icon");
      }
    });
  }

  private void cardSourceTopic() {
    eachCard(card -> {
      JsonNode topic = card.card().at("/source/topic");
      if (!topic.isMissingNode()) {
        assertNonBlankString(topic, "system");
        assertNonBlankString(topic, "code");
      }
    });
  }

  private void cardSuggestions() {
    List<JsonNode> suggestions = new ArrayList<>();
    eachCard(card -> {
      if (card.card().has("suggestions")) {
        assertThat(card.card().get("suggestions").isArray()).as(card.name()).isTrue();
      }
    });
    eachSuggestion((card, suggestion) -> {
      suggestions.add(suggestion);
      assertThat(suggestion.isObject()).isTrue();
      assertNonBlankString(suggestion, "label");
      assertNonBlankString(suggestion, "uuid");
      if (suggestion.has("isRecommended")) {
        assertThat(suggestion.get("isRecommended").isBoolean()).as(card.name()).isTrue();
      }
      assertThat(suggestion.path("actions").isArray()).as(card.name()).isTrue();
      assertThat(suggestion.path("actions")).isNotEmpty().allMatch(JsonNode::isObject);
    });
    assertThat(suggestions).as("cards with suggestions were seen").isNotEmpty();
  }

  private void cardSelectionBehavior() {
    eachCard(card -> {
      boolean suggests = card.card().has("suggestions");
      assertThat(card.card().has("selectionBehavior")).as(card.name()).isEqualTo(suggests);
      if (suggests) {
        assertThat(card.card().get("selectionBehavior").isTextual()).isTrue();
        assertThat(card.card().get("selectionBehavior").asText()).isIn("at-most-one", "any");
      }
    });
  }

  private void cardRecommended() {
    eachCard(card -> {
      long recommended = 0;
      for (JsonNode suggestion : card.card().path("suggestions")) {
        recommended += suggestion.path("isRecommended").asBoolean() ? 1 : 0;
      }
      if (recommended > 1) {
        assertThat(card.card().path("selectionBehavior").asText()).as(card.name()).isEqualTo("any");
      }
    });
  }

  private void cardOverrideReasons() {
    List<JsonNode> reasons = new ArrayList<>();
    eachCard(card -> {
      if (card.card().has("overrideReasons")) {
        assertThat(card.card().get("overrideReasons").isArray()).isTrue();
        card.card().get("overrideReasons").forEach(reason -> {
          reasons.add(reason);
          assertNonBlankString(reason, "system");
          assertNonBlankString(reason, "code");
          assertNonBlankString(reason, "display");
        });
      }
    });
    assertThat(reasons).isNotEmpty();
  }

  private void cardLinks() {
    List<JsonNode> links = new ArrayList<>();
    eachCard(card -> {
      if (card.card().has("links")) {
        assertThat(card.card().get("links").isArray()).as(card.name()).isTrue();
      }
      card.card().path("links").forEach(link -> {
        links.add(link);
        assertNonBlankString(link, "label");
        assertAbsoluteUrl(link.path("url"), card.name() + " link url");
        assertThat(link.path("type").isTextual()).isTrue();
        assertThat(link.path("type").asText()).isIn("absolute", "smart");
        if (link.has("appContext")) {
          assertThat(link.get("appContext").isTextual()).isTrue();
          assertThat(link.path("type").asText()).as("appContext only on smart links").isEqualTo("smart");
        }
      });
    });
    assertThat(links).isNotEmpty();
  }

  private void cardExtension() {
    eachCard(card -> {
      assertThat(card.card().path("extension").isObject()).as(card.name()).isTrue();
      card.card().get("extension").fieldNames().forEachRemaining(name -> assertThat(name).matches(REVERSE_DOMAIN));
    });
  }

  // ------------------------------------------------------------------ suggestions and actions

  private void suggestionActionsTogether() {
    eachSuggestion((card, suggestion) -> {
      Set<String> deleted = new HashSet<>();
      Set<String> written = new HashSet<>();
      for (JsonNode action : suggestion.path("actions")) {
        if (action.path("type").asText().equals("delete")) {
          assertThat(deleted.add(action.path("resourceId").asText())).as("deleted twice in %s", card.name()).isTrue();
        } else if (action.at("/resource/id").isTextual()) {
          written.add(action.at("/resource/resourceType").asText() + "/" + action.at("/resource/id").asText());
        }
      }
      assertThat(Collections.disjoint(deleted, written)).as("%s deletes what it writes", card.name()).isTrue();
    });
  }

  private void actionType() {
    eachAction((card, action) -> {
      assertThat(action.path("type").isTextual()).isTrue();
      assertThat(action.path("type").asText()).isIn("create", "update", "delete");
    });
  }

  private void actionResource() {
    List<JsonNode> resources = new ArrayList<>();
    eachAction((card, action) -> {
      if (!action.path("type").asText().equals("delete")) {
        resources.add(action.get("resource"));
        assertThat(action.path("resource").isObject()).as(card.name()).isTrue();
        assertThat(TestContent.FHIR.newJsonParser().parseResource(action.get("resource").toString()).fhirType())
            .isEqualTo(action.at("/resource/resourceType").asText());
      }
    });
    assertThat(resources).isNotEmpty();
  }

  private void actionCreate() {
    eachAction((card, action) -> {
      if (action.path("type").asText().equals("create")) {
        JsonNode resource = action.get("resource");
        assertThat(resource.path("resourceType").asText()).isNotBlank();
        if (resource.has("id")) {
          assertThat(resourcesOf(card.exchange().request())).as("%s creates a resource the request has", card.name())
              .doesNotContain(resource.get("resourceType").asText() + "/" + resource.get("id").asText());
        }
      }
    });
  }

  private void actionUpdate() {
    eachAction((card, action) -> {
      if (action.path("type").asText().equals("update")) {
        assertNonBlankString(action.path("resource"), "resourceType");
        assertNonBlankString(action.path("resource"), "id");
      }
    });
  }

  private void actionDelete() {
    Set<String> deletingRules = new LinkedHashSet<>();
    eachAction((card, action) -> {
      if (action.path("type").asText().equals("delete")) {
        deletingRules.add(card.card().at("/extension/org.mcrpccds.rule").asText());
        assertThat(action.has("resource")).as(card.name()).isFalse();
        assertThat(action.path("resourceId").isTextual()).as("resourceId is one string in %s", card.name()).isTrue();
        assertThat(action.path("resourceId").asText()).matches(RESOURCE_ID);
        assertThat(draftsOf(card.exchange().request())).contains(action.path("resourceId").asText());
      }
    });
    assertThat(deletingRules).contains("R3", "R9");
  }

  private static Set<String> resourcesOf(JsonNode request) {
    Set<String> keys = new HashSet<>(draftsOf(request));
    request.path("prefetch").forEach(value -> {
      if (value.has("entry")) {
        value.get("entry").forEach(entry -> keys.add(key(entry.get("resource"))));
      } else if (value.isObject()) {
        keys.add(key(value));
      }
    });
    return keys;
  }

  private static Set<String> draftsOf(JsonNode request) {
    Set<String> keys = new HashSet<>();
    request.at("/context/draftOrders/entry").forEach(entry -> keys.add(key(entry.get("resource"))));
    return keys;
  }

  private static String key(JsonNode resource) {
    return resource.path("resourceType").asText() + "/" + resource.path("id").asText();
  }

  // ------------------------------------------------------------------ security

  private int discoveryWith(String jwt) {
    return send(HttpRequest.newBuilder(URI.create(url(DISCOVERY))).header("Authorization", "Bearer " + jwt).GET()).status();
  }

  private TestIssuers.Token token() {
    return ISSUERS.token(url(DISCOVERY));
  }

  private void jwtVerified() {
    assertThat(discoveryWith(token().compact())).isEqualTo(200);
    var impostor = TestIssuers.generateEc(Curve.P_384, ISSUERS.ec().getKeyID());
    assertThat(discoveryWith(token().signedBy(impostor, JWSAlgorithm.ES384).compact())).isEqualTo(401);
  }

  private void authenticationRequired() {
    Response response = sendWithoutToken(HttpRequest.newBuilder(URI.create(url(PATIENT_VIEW)))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(sample(R1_EXAMPLE).toString())));
    assertThat(response.status()).isEqualTo(401);
  }

  private void issuerAllowList() {
    assertThat(discoveryWith(token().issuer("https://untrusted.example.test").compact())).isEqualTo(401);
    var untrusted = TestIssuers.generateEc(Curve.P_384, "conformance-untrusted");
    ISSUERS.serve("/conformance-untrusted/jwks.json", untrusted);
    String jku = ISSUERS.url("/conformance-untrusted/jwks.json");
    assertThat(discoveryWith(token().signedBy(untrusted, JWSAlgorithm.ES384).jku(jku).compact())).isEqualTo(401);
    assertThat(ISSUERS.reads("/conformance-untrusted/jwks.json")).as("a jku off the list is never followed").isZero();
  }

  private void jwksOutOfBand() {
    String jwt = token().compact();
    try {
      assertThat(SignedJWT.parse(jwt).getHeader().getJWKURL()).as("no jku").isNull();
    } catch (ParseException e) {
      throw new AssertionError(e);
    }
    assertThat(discoveryWith(jwt)).isEqualTo(200);
  }

  private void jwtAlgorithms() {
    assertThat(discoveryWith(token().signedBy(ISSUERS.ec(), JWSAlgorithm.ES384).compact())).isEqualTo(200);
    assertThat(discoveryWith(token().signedBy(ISSUERS.rsa(), JWSAlgorithm.RS384).compact())).isEqualTo(200);
  }

  private void jwtAlgNone() {
    try {
      assertThat(discoveryWith(new PlainJWT(SignedJWT.parse(token().compact()).getJWTClaimsSet()).serialize())).isEqualTo(401);
    } catch (ParseException e) {
      throw new AssertionError(e);
    }
  }

  private void jwtSymmetric() {
    try {
      SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS384).keyID(ISSUERS.ec().getKeyID()).build(),
          SignedJWT.parse(token().compact()).getJWTClaimsSet());
      hmac.sign(new MACSigner(UUID.randomUUID() + "-" + UUID.randomUUID()));
      assertThat(discoveryWith(hmac.serialize())).isEqualTo(401);
    } catch (ParseException | JOSEException e) {
      throw new AssertionError(e);
    }
  }

  private void cors() {
    String origin = "https://sandbox.cds-hooks.org";
    Response preflight = sendWithoutToken(HttpRequest.newBuilder(URI.create(url(PATIENT_VIEW)))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization,content-type"));
    assertThat(preflight.status()).isBetween(200, 299);
    assertThat(preflight.raw().headers().firstValue("Access-Control-Allow-Origin")).isPresent();
    assertThat(preflight.raw().headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
    assertThat(preflight.raw().headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase(Locale.ROOT))
        .contains("authorization", "content-type");
    Response call = send(HttpRequest.newBuilder(URI.create(url(PATIENT_VIEW))).header("Origin", origin)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(sample(R1_EXAMPLE).toString())));
    assertThat(call.status()).isEqualTo(200);
    assertThat(call.raw().headers().firstValue("Access-Control-Allow-Origin")).isPresent();
  }
}
