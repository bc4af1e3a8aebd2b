package org.mcrpccds.cql.differential;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.mcrpccds.fhir.DateShifter;
import org.mcrpccds.hooks.ServiceDefinition;
import org.mcrpccds.support.RuleCase;
import org.mcrpccds.support.TestContent;

/**
 * Whole hook requests, as an EHR sends them to a service of the content, of two kinds: generated
 * from the content's CQL and HAPI's model (RawFhirGenerator), or a rule case's patient (whose rules
 * fire) written another way (RuleCaseMutations). A generated request has its context, prefetch keys
 * filled as the service's templates ask (a read template with the Patient, a search template with a
 * Bundle of that type, the Medications of medication searches included as EHRs include them), draft
 * orders on order hooks, and the layouts EHRs choose (a key with no data, a single entry object, an
 * entry without a resource). Every key is present, so nothing is fetched. A request is a pure
 * function of its {@link Plan}.
 */
final class RawRequests {
  /** The evaluation instants: the service's clock is UTC; its calls come at any time of day. */
  private static final OffsetDateTime BASE_NOW = OffsetDateTime.of(2026, 6, 15, 0, 0, 0, 0, ZoneOffset.UTC);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);
  /** How many value sets a request's codes mostly come from. */
  private static final int THEME_GROUPS = 10;

  /**
   * What a request is made from: a rule case to mutate ({@code ruleCase} &ge; 0), or else the service,
   * how many resources and drafts to generate; and the seed of everything else.
   */
  record Plan(int ruleCase, int service, int resources, int drafts, long seed) {}

  /** A request's bytes, the service it is for, the instant it is evaluated at, and the anomalies it holds. */
  record RawRequest(Plan plan, ServiceDefinition service, byte[] body, OffsetDateTime now, Set<String> anomalies) {
    @Override
    public String toString() {
      return plan + " for " + service.id() + " at " + now + (anomalies.isEmpty() ? "" : " with " + anomalies);
    }
  }

  private final List<ServiceDefinition> services;
  private final ContentFacts facts;
  private final RawFhirGenerator generator;
  /** The rule cases, dated as if the day of the evaluation instants were the day they are written for. */
  private final List<RuleCase> ruleCases;

  RawRequests(List<ServiceDefinition> services, ContentFacts facts, RawFhirGenerator generator) {
    this.services = services;
    this.facts = facts;
    this.generator = generator;
    var shifter = new DateShifter(TestContent.FHIR, DateShifter.SAMPLE_ANCHOR, BASE_NOW.toLocalDate());
    this.ruleCases = concat(RuleCase.all("patient-view", shifter), RuleCase.all("order", shifter));
  }

  int serviceCount() {
    return services.size();
  }

  int ruleCaseCount() {
    return ruleCases.size();
  }

  RawRequest of(Plan plan) {
    return of(plan, Set.of());
  }

  /** The request of {@code plan} without the anomalies named in {@code leftOut}, otherwise the same. */
  RawRequest of(Plan plan, Set<String> leftOut) {
    return plan.ruleCase() >= 0 ? mutated(plan) : generated(plan, leftOut);
  }

  /** A rule case's request, mutated, evaluated on the day it is written for. */
  private RawRequest mutated(Plan plan) {
    Random random = new Random(plan.seed());
    RuleCase ruleCase = ruleCases.get(plan.ruleCase());
    ServiceDefinition service = services.stream().filter(s -> s.hook().equals(ruleCase.hook())).findFirst()
        .orElseThrow(() -> new IllegalStateException("no service for hook " + ruleCase.hook()));
    ObjectNode request = ruleCase.hookRequest(service.prefetch());
    new RuleCaseMutations(facts, random).mutate(request);
    OffsetDateTime now = BASE_NOW.plus(Duration.ofMinutes(random.nextInt(24 * 60)));
    return new RawRequest(plan, service, bytes(request), now, Set.of());
  }

  private RawRequest generated(Plan plan, Set<String> leftOut) {
    Random random = new Random(plan.seed());
    ServiceDefinition service = services.get(plan.service());
    OffsetDateTime now = BASE_NOW.plus(Duration.ofMinutes(random.nextInt(48 * 60)));
    String patientId = "patient-" + random.nextInt(3);

    Map<String, String> searched = searchedTypes(service);
    List<String> types = new ArrayList<>(new LinkedHashSet<>(concat(facts.resourceTypes(), searched.values())));
    Map<String, List<String>> ids = new LinkedHashMap<>();
    List<String> recordTypes = new ArrayList<>();
    for (int i = 0; i < plan.resources(); i++) {
      String type = types.get(random.nextInt(types.size()));
      recordTypes.add(type);
      ids.computeIfAbsent(type, t -> new ArrayList<>()).add(type.toLowerCase() + "-" + i);
    }
    List<String> draftTypes = new ArrayList<>();
    if (service.isOrderHook()) {
      List<String> parameterTypes = new ArrayList<>(facts.parameterTypes());
      parameterTypes.add("Medication");
      for (int i = 0; i < plan.drafts(); i++) {
        String type = parameterTypes.get(random.nextInt(parameterTypes.size()));
        draftTypes.add(type);
        ids.computeIfAbsent(type, t -> new ArrayList<>()).add("draft-" + type.toLowerCase() + "-" + i);
      }
    }
    // the codes of a few value sets (or of the CQL's code declarations), so that what a define combines occurs together
    List<List<ContentFacts.Code>> theme = new ArrayList<>();
    for (int i = 0; i < THEME_GROUPS; i++) {
      theme.add(facts.codeGroups().get(random.nextInt(facts.codeGroups().size())));
    }
    var context = new RawFhirGenerator.Context(random, now, ids, theme, leftOut);

    Map<String, List<ObjectNode>> byType = new LinkedHashMap<>();
    Map<String, Integer> used = new LinkedHashMap<>();
    for (String type : recordTypes) {
      int index = used.merge(type, 1, Integer::sum) - 1;
      byType.computeIfAbsent(type, t -> new ArrayList<>()).add(generator.resource(type, ids.get(type).get(index), context));
    }
    ObjectNode patient = generator.resource("Patient", patientId, context);
    if (context.chance(0.75)) {
      patient.put("gender", "male");
    }

    ObjectNode request = JSON.objectNode();
    request.put("hook", service.hook());
    request.put("hookInstance", "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea");
    ObjectNode hookContext = request.putObject("context");
    hookContext.put("userId", "Practitioner/example");
    hookContext.put("patientId", patientId);
    if (service.isOrderHook()) {
      drafts(hookContext, service, draftTypes, ids, context);
    }
    prefetch(request.putObject("prefetch"), service, searched, byType, patient, context);
    return new RawRequest(plan, service, bytes(request), now, Set.copyOf(context.anomalies()));
  }

  private static byte[] bytes(ObjectNode request) {
    try {
      return MAPPER.writeValueAsBytes(request);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Prefetch key → the resource type its search template asks for (read templates are not searches). */
  private static Map<String, String> searchedTypes(ServiceDefinition service) {
    Map<String, String> searched = new LinkedHashMap<>();
    service.prefetch().forEach((key, template) -> {
      int query = template.indexOf('?');
      if (query > 0) {
        searched.put(key, template.substring(0, query));
      }
    });
    return searched;
  }

  private void prefetch(ObjectNode prefetch, ServiceDefinition service, Map<String, String> searched,
      Map<String, List<ObjectNode>> byType, ObjectNode patient, RawFhirGenerator.Context context) {
    // a type no key searches (Medication) comes included in another search, as _include brings it
    Map<String, List<ObjectNode>> bundles = new LinkedHashMap<>();
    searched.forEach((key, type) -> bundles.put(key, new ArrayList<>(byType.getOrDefault(type, List.of()))));
    List<String> keys = new ArrayList<>(searched.keySet());
    byType.forEach((type, resources) -> {
      if (!searched.containsValue(type) && !keys.isEmpty()) {
        resources.forEach(resource -> bundles.get(context.pick(keys)).add(resource));
      }
    });
    service.prefetch().forEach((key, template) -> {
      if (context.chance(0.03)) {
        prefetch.putNull(key);
      } else if (!searched.containsKey(key)) {
        prefetch.set(key, patient);
      } else {
        prefetch.set(key, bundle(bundles.get(key), context));
      }
    });
  }

  private static ObjectNode bundle(List<ObjectNode> resources, RawFhirGenerator.Context context) {
    ObjectNode bundle = JSON.objectNode();
    bundle.put("resourceType", "Bundle");
    bundle.put("type", "searchset");
    if (resources.isEmpty() && context.chance(0.5)) {
      return bundle;
    }
    ArrayNode entries = JSON.arrayNode();
    for (ObjectNode resource : resources) {
      ObjectNode entry = entries.addObject();
      if (resource.has("id") && context.chance(0.5)) {
        entry.put("fullUrl", "http://ehr.example.org/fhir/" + resource.get("resourceType").asText() + "/" + resource.get("id").asText());
      }
      entry.set("resource", resource);
    }
    if (context.chance(0.03)) {
      entries.addObject().putObject("search").put("mode", "outcome");
    }
    bundle.set("entry", entries.size() == 1 && context.chance(0.2) ? entries.get(0) : entries);
    return bundle;
  }

  private void drafts(ObjectNode hookContext, ServiceDefinition service, List<String> draftTypes, Map<String, List<String>> ids,
      RawFhirGenerator.Context context) {
    List<ObjectNode> drafts = new ArrayList<>();
    Map<String, Integer> used = new LinkedHashMap<>();
    for (String type : draftTypes) {
      int index = used.merge(type, 1, Integer::sum) - 1;
      String id = ids.get(type).stream().filter(i -> i.startsWith("draft-")).skip(index).findFirst().orElseThrow();
      ObjectNode draft = generator.resource(type, id, context);
      if (!type.equals("Medication") && context.chance(0.7)) {
        draft.put("status", "draft");
      }
      drafts.add(draft);
    }
    hookContext.set("draftOrders", bundle(drafts, context));
    if (service.hook().equals("order-select") && context.chance(0.5)) {
      Set<String> selected = new LinkedHashSet<>();
      drafts.stream().filter(d -> context.chance(0.6))
          .forEach(d -> selected.add(d.get("resourceType").asText() + "/" + d.path("id").asText()));
      ArrayNode selections = hookContext.putArray("selections");
      selected.forEach(selections::add);
    }
  }

  private static <T> List<T> concat(java.util.Collection<? extends T> first, java.util.Collection<? extends T> second) {
    List<T> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
