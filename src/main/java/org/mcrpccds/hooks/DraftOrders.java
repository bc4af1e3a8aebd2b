package org.mcrpccds.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mcrpccds.fhir.FhirElement;
import org.mcrpccds.fhir.FhirTypes;
import org.mcrpccds.web.ApiException;

/**
 * The drafts an order hook checks: {@code context.draftOrders}, narrowed on order-select to the
 * drafts named in {@code selections} (all drafts when it is absent). Medications sent alongside
 * are kept so that drafts referencing them can be understood; DeviceRequests and other types are
 * ignored. {@code allMedicationRequests} holds every draft MedicationRequest, selected or not, for
 * the checks that look at the whole order set (an abiraterone draft beside a radium-223 one).
 */
public record DraftOrders(List<FhirElement> medicationRequests, List<FhirElement> serviceRequests,
    List<FhirElement> medications, List<FhirElement> allMedicationRequests) {

  public static DraftOrders read(HookRequest request, FhirTypes types) {
    JsonNode draftOrders = request.context().get("draftOrders");
    if (draftOrders == null || draftOrders.isNull()) {
      throw ApiException.badRequest("context.draftOrders is required for " + request.hook());
    }
    if (!PrefetchResolver.resource(draftOrders, types, "context.draftOrders").type().name().equals("Bundle")) {
      throw ApiException.badRequest("context.draftOrders must be a Bundle");
    }
    Set<String> selections = selections(request);
    return of(PrefetchResolver.entries(draftOrders, types, "context.draftOrders"), selections);
  }

  /**
   * The drafts among {@code resources} (the entries of {@code context.draftOrders}).
   *
   * @param selections the drafts checked, as {@code Type/id}; null: every draft
   */
  public static DraftOrders of(List<FhirElement> resources, Set<String> selections) {
    var medicationRequests = new ArrayList<FhirElement>();
    var serviceRequests = new ArrayList<FhirElement>();
    var medications = new ArrayList<FhirElement>();
    var allMedicationRequests = new ArrayList<FhirElement>();
    for (FhirElement resource : resources) {
      String type = resource.type().name();
      if (type.equals("MedicationRequest")) {
        allMedicationRequests.add(resource);
      }
      if (type.equals("Medication")) {
        medications.add(resource);
      } else if (selections == null || selections.contains(type + "/" + resource.resourceId())) {
        if (type.equals("MedicationRequest")) {
          medicationRequests.add(resource);
        } else if (type.equals("ServiceRequest")) {
          serviceRequests.add(resource);
        }
      }
    }
    return new DraftOrders(medicationRequests, serviceRequests, medications, allMedicationRequests);
  }

  /** The drafts as the order-check library's parameters. */
  public Map<String, Object> cqlParameters() {
    return Map.of(
        "Draft Medication Orders", medicationRequests,
        "Draft Service Orders", serviceRequests,
        "All Draft Medication Orders", allMedicationRequests);
  }

  /** null: every draft counts (order-sign, or order-select without selections). */
  private static Set<String> selections(HookRequest request) {
    JsonNode selections = request.context().get("selections");
    if (!"order-select".equals(request.hook()) || selections == null || selections.isNull()) {
      return null;
    }
    if (!selections.isArray()) {
      throw ApiException.badRequest("context.selections must be an array");
    }
    Set<String> names = new HashSet<>();
    selections.forEach(s -> {
      if (!s.isTextual()) {
        throw ApiException.badRequest("context.selections must hold strings such as MedicationRequest/123");
      }
      names.add(s.asText());
    });
    return names;
  }
}
