package org.mcrpccds.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.mcrpccds.fhir.FhirElement;
import org.mcrpccds.fhir.FhirTypes;
import org.mcrpccds.fhir.PatientRecord;
import org.mcrpccds.web.ApiException;
import org.springframework.stereotype.Component;

/**
 * Turns a request's prefetch into the patient's record, following CDS Hooks 2.0: a key with value
 * {@code null} is "no data"; an absent key must be fetched from {@code fhirServer}; an
 * OperationOutcome means the client's own fetch failed, so it is fetched when a server is given
 * and otherwise left out. Required data that cannot be had is a 412. The Medications that the
 * record and the drafts reference are then resolved ({@link MedicationResolver}), from the same
 * server within the same time budget. The resources stay the JSON the client sent (read in place by
 * the CQL evaluator); only their types are checked here.
 */
@Component
public class PrefetchResolver {
  private final FhirTypes types;
  private final MissingDataFetcher fetcher;
  private final MedicationResolver medications;

  public PrefetchResolver(FhirTypes types, MissingDataFetcher fetcher, MedicationResolver medications) {
    this.types = types;
    this.fetcher = fetcher;
    this.medications = medications;
  }

  /**
   * The patient's record and, per prefetch key, how its data was obtained ({@code prefetch},
   * {@code fetched}, {@code no-data}, {@code missing}); under {@code medicationReferences}, how
   * references to Medications the request did not hold ended, when there were any.
   */
  public record Resolved(PatientRecord record, Map<String, String> sources) {}

  /**
   * @param drafts an order hook's drafts (their Medications join the record, their references are
   *     resolved too); null for patient-view
   */
  public Resolved resolve(ServiceDefinition service, HookRequest request, DraftOrders drafts) {
    PatientRecord record = new PatientRecord();
    Map<String, String> sources = new LinkedHashMap<>();
    Map<String, String> absent = new LinkedHashMap<>();
    Map<String, String> failedByClient = new LinkedHashMap<>();
    service.prefetch().forEach((key, template) -> {
      JsonNode value = request.prefetch().get(key);
      if (value == null) {
        absent.put(key, template);
      } else if (value.isNull()) {
        sources.put(key, "no-data");
      } else {
        FhirElement resource = resource(value, types, "prefetch " + key);
        if (resource.type().name().equals("OperationOutcome")) {
          failedByClient.put(key, template);
        } else {
          addTo(record, resource, "prefetch " + key);
          sources.put(key, "prefetch");
        }
      }
    });
    OnDemandFetch fetch = new OnDemandFetch(fetcher, request);
    if (request.fhirServer() == null) {
      if (!absent.isEmpty()) {
        throw ApiException.preconditionFailed("prefetch " + String.join(", ", absent.keySet())
            + " missing and no fhirServer to fetch from");
      }
      failedByClient.keySet().forEach(key -> sources.put(key, "missing"));
    } else {
      Map<String, String> toFetch = new LinkedHashMap<>(absent);
      toFetch.putAll(failedByClient);
      if (!toFetch.isEmpty()) {
        fetch.get().search(toFetch).forEach(resource -> addTo(record, resource, "fetched data"));
        toFetch.keySet().forEach(key -> sources.put(key, "fetched"));
      }
    }
    if (drafts != null) {
      record.addAll(drafts.medications());
    }
    String references = medications.resolve(record, drafts == null ? List.of() : drafts.medicationRequests(), request, fetch);
    if (references != null) {
      sources.put(MedicationResolver.SOURCE_KEY, references);
    }
    return new Resolved(record, sources);
  }

  /** The call's fetches from fhirServer, opened when first needed: their time budget starts then. */
  private static final class OnDemandFetch implements Supplier<MissingDataFetcher.Fetch> {
    private final MissingDataFetcher fetcher;
    private final HookRequest request;
    private MissingDataFetcher.Fetch fetch;

    OnDemandFetch(MissingDataFetcher fetcher, HookRequest request) {
      this.fetcher = fetcher;
      this.request = request;
    }

    @Override
    public MissingDataFetcher.Fetch get() {
      if (fetch == null) {
        fetch = fetcher.open(request);
      }
      return fetch;
    }
  }

  private void addTo(PatientRecord record, FhirElement resource, String where) {
    if (resource.type().name().equals("Bundle")) {
      record.addAll(entries(resource.json(), types, where));
    } else {
      record.add(resource);
    }
  }

  /** {@code json} as a FHIR resource; a 400 naming {@code where} when it is none. */
  static FhirElement resource(JsonNode json, FhirTypes types, String where) {
    try {
      return types.resource(json);
    } catch (FhirTypes.UnknownTypeException e) {
      throw ApiException.badRequest(where + ": " + e.getMessage());
    }
  }

  /**
   * The resources of a Bundle's entries (an entry without a resource is skipped, as HAPI skips it);
   * a single entry object counts as a list of one, as everywhere FHIR repeats.
   */
  static List<FhirElement> entries(JsonNode bundle, FhirTypes types, String where) {
    JsonNode entries = bundle.get("entry");
    List<FhirElement> resources = new ArrayList<>();
    if (entries == null || entries.isNull()) {
      return resources;
    }
    for (JsonNode entry : entries.isArray() ? entries : List.of(entries)) {
      JsonNode resource = entry.get("resource");
      if (resource != null && !resource.isNull()) {
        resources.add(resource(resource, types, where + " entry"));
      }
    }
    return resources;
  }
}
