package org.mcrpccds.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.mcrpccds.fhir.LenientResourceParser;
import org.mcrpccds.fhir.LenientResourceParser.InvalidResourceException;
import org.mcrpccds.fhir.PatientRecord;
import org.mcrpccds.web.ApiException;
import org.springframework.stereotype.Component;

/**
 * Turns a request's prefetch into the patient's record, following CDS Hooks 2.0: a key with value
 * {@code null} is "no data"; an absent key must be fetched from {@code fhirServer}; an
 * OperationOutcome means the client's own fetch failed, so it is fetched when a server is given
 * and otherwise left out. Required data that cannot be had is a 412.
 */
@Component
public class PrefetchResolver {
  private final LenientResourceParser parser;
  private final MissingDataFetcher fetcher;

  public PrefetchResolver(LenientResourceParser parser, MissingDataFetcher fetcher) {
    this.parser = parser;
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
        IBaseResource resource = parse(key, value);
        if (resource instanceof OperationOutcome) {
          failedByClient.put(key, template);
        } else {
          addTo(record, resource);
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
      fetcher.fetch(request, toFetch).forEach(resource -> addTo(record, resource));
      toFetch.keySet().forEach(key -> sources.put(key, "fetched"));
    }
    return new Resolved(record, sources);
  }

  private IBaseResource parse(String key, JsonNode value) {
    try {
      return parser.parse(value);
    } catch (InvalidResourceException e) {
      throw ApiException.badRequest("prefetch " + key + ": " + e.getMessage());
    }
  }

  static void addTo(PatientRecord record, IBaseResource resource) {
    if (resource instanceof Bundle bundle) {
      bundle.getEntry().stream()
          .filter(Bundle.BundleEntryComponent::hasResource)
          .forEach(entry -> record.add(entry.getResource()));
    } else {
      record.add(resource);
    }
  }
}
