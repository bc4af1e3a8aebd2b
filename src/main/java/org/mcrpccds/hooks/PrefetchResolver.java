package org.mcrpccds.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mcrpccds.fhir.FhirElement;
import org.mcrpccds.fhir.FhirTypes;
import org.mcrpccds.fhir.PatientRecord;
import org.mcrpccds.web.ApiException;
import org.springframework.stereotype.Component;

/**
 * Turns a request's prefetch into the patient's record, following CDS Hooks 2.0: a key with value
 * {@code null} is "no data"; an absent key must be fetched from {@code fhirServer}; an
 * OperationOutcome means the client's own fetch failed, so it is fetched when a server is given
 * and otherwise left out. Required data that cannot be had is a 412. The resources stay the JSON
 * the client sent (read in place by the CQL evaluator); only their types are checked here.
 */
@Component
public class PrefetchResolver {
  private final FhirTypes types;
  private final MissingDataFetcher fetcher;

  public PrefetchResolver(FhirTypes types, MissingDataFetcher fetcher) {
    this.types = types;
    this.fetcher = fetcher;
  }

  /** The patient's record and, per prefetch key, how its data was obtained. */
  public record Resolved(PatientRecord record, Map<String, String> sources) {}

  public Resolved resolve(ServiceDefinition service, HookRequest request) {
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
    if (request.fhirServer() == null) {
      if (!absent.isEmpty()) {
        throw ApiException.preconditionFailed("prefetch " + String.join(", ", absent.keySet())
            + " missing and no fhirServer to fetch from");
      }
      failedByClient.keySet().forEach(key -> sources.put(key, "missing"));
      return new Resolved(record, sources);
    }
    Map<String, String> toFetch = new LinkedHashMap<>(absent);
    toFetch.putAll(failedByClient);
    if (!toFetch.isEmpty()) {
      fetcher.fetch(request, toFetch).forEach(resource -> addTo(record, resource, "fetched data"));
      toFetch.keySet().forEach(key -> sources.put(key, "fetched"));
    }
    return new Resolved(record, sources);
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
