package org.mcrpccds.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.mcrpccds.fhir.DateShifter;

/** Ready-made hook requests (written against the 2026-11-29 anchor), shifted to today. */
public final class ExampleRequests {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ExampleRequests() {}

  public static ObjectNode load(Path file) {
    try {
      ObjectNode request = (ObjectNode) JSON.readTree(Files.readString(file));
      DateShifter shifter = TestContent.shifter();
      JsonNode prefetch = request.path("prefetch");
      if (prefetch.isObject()) {
        var keys = new java.util.ArrayList<String>();
        prefetch.fieldNames().forEachRemaining(keys::add);
        keys.forEach(key -> {
          if (prefetch.get(key).isObject()) {
            ((ObjectNode) prefetch).set(key, shifted(prefetch.get(key), shifter));
          }
        });
      }
      JsonNode context = request.path("context");
      if (context.path("draftOrders").isObject()) {
        ((ObjectNode) context).set("draftOrders", shifted(context.get("draftOrders"), shifter));
      }
      return request;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode shifted(JsonNode resource, DateShifter shifter) {
    IBaseResource parsed = TestContent.FHIR.newJsonParser()
        .setParserErrorHandler(new ca.uhn.fhir.parser.LenientErrorHandler(false))
        .parseResource(resource.toString());
    return TestContent.toJson(shifter.shift(parsed));
  }
}
