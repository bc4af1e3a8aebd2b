package org.mcrpccds.hooks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import org.mcrpccds.web.ApiException;
import org.springframework.stereotype.Component;

/**
 * Reads a hook call's body into a {@link HookRequest}, refusing (400) what CDS Hooks 2.0 does not
 * allow: malformed JSON, a missing {@code hook}, {@code hookInstance} or {@code context}, a hook
 * that is not the service's, a context without {@code patientId}.
 */
@Component
public class HookRequestReader {
  /** FHIR resources nest a few levels deep; anything far deeper is an attack, not a chart. */
  static final int MAX_NESTING_DEPTH = 100;

  private final ObjectMapper mapper = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_NESTING_DEPTH)
          .maxStringLength(8 * 1024 * 1024)
          .build())
      .build());

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
