package org.mcrpccds.support;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.mcrpccds.content.ContentProperties;
import org.mcrpccds.content.ContentStore;
import org.mcrpccds.fhir.DateShifter;
import org.mcrpccds.fhir.FhirElement;
import org.mcrpccds.fhir.FhirTypes;

/** The project's own content and FHIR context for tests that run without Spring. */
public final class TestContent {
  public static final FhirContext FHIR = FhirContext.forR4Cached();
  public static final FhirTypes TYPES = new FhirTypes(FHIR);
  /** The checkout's cql/ and fhir-resources/ folders, read as the service would read them. */
  public static final ContentStore CONTENT = new ContentStore(new ContentProperties("file:./"));
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestContent() {}

  public static DateShifter shifter() {
    return new DateShifter(FHIR, DateShifter.SAMPLE_ANCHOR, LocalDate.now(ZoneOffset.UTC));
  }

  public static <T extends IBaseResource> T parse(Class<T> type, String json) {
    return FHIR.newJsonParser().parseResource(type, json);
  }

  /** A HAPI resource as the service holds request data: its JSON, read in place. */
  public static FhirElement element(IBaseResource resource) {
    return TYPES.resource(toJson(resource));
  }

  public static JsonNode toJson(IBaseResource resource) {
    try {
      return JSON.readTree(FHIR.newJsonParser().encodeResourceToString(resource));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
