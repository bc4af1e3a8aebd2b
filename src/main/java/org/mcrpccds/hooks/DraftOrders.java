package org.mcrpccds.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.mcrpccds.fhir.LenientResourceParser;
import org.mcrpccds.fhir.LenientResourceParser.InvalidResourceException;
import org.mcrpccds.web.ApiException;

/**
 * The drafts an order hook checks: {@code context.draftOrders}, narrowed on order-select to the
 * drafts named in {@code selections} (all drafts when it is absent). Medications sent alongside
 * are kept so that drafts referencing them can be understood; DeviceRequests and other types are
 * ignored.
 */
record DraftOrders(List<MedicationRequest> medicationRequests, List<ServiceRequest> serviceRequests, List<Medication> medications) {

  static DraftOrders read(HookRequest request, LenientResourceParser parser) {
    JsonNode draftOrders = request.context().get("draftOrders");
    if (draftOrders == null || draftOrders.isNull()) {
      throw ApiException.badRequest("context.draftOrders is required for " + request.hook());
    }
    IBaseResource parsed;
    try {
      parsed = parser.parse(draftOrders);
    } catch (InvalidResourceException e) {
      throw ApiException.badRequest("context.draftOrders: " + e.getMessage());
    }
    if (!(parsed instanceof Bundle bundle)) {
      throw ApiException.badRequest("context.draftOrders must be a Bundle");
    }
    Set<String> selections = selections(request);
    var medicationRequests = new ArrayList<MedicationRequest>();
    var serviceRequests = new ArrayList<ServiceRequest>();
    var medications = new ArrayList<Medication>();
    for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
      Resource resource = entry.getResource();
      if (resource instanceof Medication medication) {
        medications.add(medication);
      } else if (resource != null && isSelected(resource, selections)) {
        if (resource instanceof MedicationRequest medicationRequest) {
          medicationRequests.add(medicationRequest);
        } else if (resource instanceof ServiceRequest serviceRequest) {
          serviceRequests.add(serviceRequest);
        }
      }
    }
    return new DraftOrders(medicationRequests, serviceRequests, medications);
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

  private static boolean isSelected(Resource resource, Set<String> selections) {
    return selections == null
        || selections.contains(resource.fhirType() + "/" + resource.getIdElement().getIdPart());
  }
}
