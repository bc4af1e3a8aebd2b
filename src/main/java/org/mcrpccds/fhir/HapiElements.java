package org.mcrpccds.fhir;

import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Type;

/**
 * HAPI objects as {@link FhirElement}s: FHIR data that was parsed into HAPI's model (by the reference
 * CQL engine's side of the service, or by the FHIR fallback fetch's client) in the one form the rest
 * of the service reads. Each is written to JSON by HAPI and read in place; a primitive keeps its id
 * and extensions, written beside it as FHIR JSON writes them. A write and a read per value: not for
 * data the request itself carries.
 */
public final class HapiElements {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FhirTypes types;

  public HapiElements(FhirTypes types) {
    this.types = types;
  }

  /** {@code value} (a resource, a datatype, a primitive or a backbone element) as a FhirElement. */
  public FhirElement of(IBase value) {
    IParser parser = types.fhirContext().newJsonParser();
    if (value instanceof IBaseResource resource) {
      return types.resource(read(parser.encodeResourceToString(resource)));
    }
    if (value instanceof Type datatype && datatype.isPrimitive()) {
      // a primitive's JSON is its value and, beside it, "_name" with its id and extensions: the one
      // owner FHIR has for any datatype is a Parameters parameter's value[x]
      Parameters parameters = new Parameters();
      parameters.addParameter().setName("value").setValue(datatype);
      FhirElement owner = types.resource(read(parser.encodeResourceToString(parameters)));
      FhirElement parameter = (FhirElement) ((List<?>) owner.get("parameter")).get(0);
      return (FhirElement) parameter.get("value");
    }
    BaseRuntimeElementDefinition<?> definition = types.fhirContext().getElementDefinition(value.getClass());
    if (definition == null) {
      throw new IllegalArgumentException("not FHIR data of HAPI's R4 model: " + value.getClass().getName());
    }
    return new FhirElement(read(parser.encodeToString(value)), types.of(definition));
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("HAPI wrote JSON that does not read", e);
    }
  }
}
