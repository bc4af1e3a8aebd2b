package org.mcrpccds.hooks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import org.mcrpccds.web.ApiException;
import org.mcrpccds.web.HttpLimitsProperties;
import org.springframework.stereotype.Component;

/**
 * Reads a hook call's body into a {@link HookRequest}, refusing (400) what CDS Hooks 2.0 does not
 * allow: malformed JSON, a missing {@code hook}, {@code hookInstance} or {@code context}, a hook
 * that is not the service's, a context without {@code patientId}, a prefetch value that is not
 * what its template asks for. More resources than {@code mcrpc.http.max-resources} is a 413.
 */
@Component
public class HookRequestReader {
  /** FHIR resources nest a few levels deep; anything far deeper is an attack, not a chart. */
  static final int MAX_NESTING_DEPTH = 100;
  /** Room for a base64 report attachment, far less than the body limit. */
  static final int MAX_STRING_LENGTH = 4 * 1024 * 1024;

  private final ObjectMapper mapper = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_NESTING_DEPTH)
          .maxStringLength(MAX_STRING_LENGTH)
          .build())
      .build())
      .setNodeFactory(new CompactJsonNodeFactory());
  private final int maxResources;

  public HookRequestReader(HttpLimitsProperties limits) {
    this.maxResources = limits.maxResources();
  }

  public HookRequest read(byte[] body, ServiceDefinition service) {
    JsonNode root = parse(body);
    if (!root.isObject()) {
      throw ApiException.badRequest("the request body must be a JSON object");
    }
    String hook = requiredText(root, "hook");
    String hookInstance = requiredText(root, "hookInstance");
    if (!service.hook().equals(hook)) {
      throw ApiException.badRequest("service " + service.id() + " answers hook " + service.hook() + ", not " + hook);
    }
    JsonNode context = root.get("context");
    if (context == null || !context.isObject()) {
      throw ApiException.badRequest("context is required and must be an object");
    }
    String patientId = requiredText(context, "patientId");
    JsonNode prefetch = root.path("prefetch");
    if (prefetch.isMissingNode() || prefetch.isNull()) {
      prefetch = mapper.createObjectNode();
    } else if (!prefetch.isObject()) {
      throw ApiException.badRequest("prefetch must be an object");
    }
    checkPrefetchTypes(prefetch, service);
    checkResourceCount(prefetch, context);
    String fhirServer = optionalText(root, "fhirServer");
    String accessToken = null;
    JsonNode authorization = root.path("fhirAuthorization");
    if (authorization.isObject()) {
      accessToken = optionalText(authorization, "access_token");
    } else if (!authorization.isMissingNode() && !authorization.isNull()) {
      throw ApiException.badRequest("fhirAuthorization must be an object");
    }
    return new HookRequest(hook, hookInstance, fhirServer, accessToken, patientId, context, prefetch);
  }

  /**
   * A read template ({@code Patient/{{context.patientId}}}) takes that resource type, a search
   * template a Bundle; either may instead be null or an OperationOutcome (the client's fetch failed).
   */
  private static void checkPrefetchTypes(JsonNode prefetch, ServiceDefinition service) {
    service.prefetch().forEach((key, template) -> {
      JsonNode value = prefetch.get(key);
      if (value == null || value.isNull()) {
        return;
      }
      String expected = template.contains("?") || !template.contains("/") ? "Bundle" : template.substring(0, template.indexOf('/'));
      String type = value.path("resourceType").asText("");
      if (!type.equals(expected) && !type.equals("OperationOutcome")) {
        throw ApiException.badRequest("prefetch " + key + " must be a " + expected + ", an OperationOutcome or null");
      }
    });
  }

  /** Counted on the JSON, before any resource is parsed: parsing and evaluation cost grow with it. */
  private void checkResourceCount(JsonNode prefetch, JsonNode context) {
    long count = 0;
    for (JsonNode value : prefetch) {
      count += resources(value);
    }
    count += resources(context.path("draftOrders"));
    if (count > maxResources) {
      throw ApiException.tooLarge("the request holds " + count + " resources, more than the " + maxResources
          + " this service accepts (mcrpc.http.max-resources)");
    }
  }

  private static long resources(JsonNode value) {
    if (!value.isObject()) {
      return 0;
    }
    JsonNode entries = value.path("entry");
    return entries.isArray() ? entries.size() : 1;
  }

  private JsonNode parse(byte[] body) {
    if (body == null || body.length == 0) {
      throw ApiException.badRequest("the request body is empty");
    }
    try {
      JsonNode root = mapper.readTree(body);
      return root == null ? NullNode.getInstance() : root;
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("the request body is not valid JSON");
    } catch (IOException e) {
      throw ApiException.badRequest("the request body could not be read");
    }
  }

  private static String requiredText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw ApiException.badRequest(field + " is required and must be a non-empty string");
    }
    return value.asText();
  }

  private static String optionalText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw ApiException.badRequest(field + " must be a string");
    }
    return value.asText();
  }
}
