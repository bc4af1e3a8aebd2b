package org.mcrpccds.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Error bodies: a FHIR OperationOutcome with one issue, as JSON. */
public final class OperationOutcomes {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private OperationOutcomes() {}

  public static String json(String issueType, String diagnostics) {
    ObjectNode outcome = MAPPER.createObjectNode().put("resourceType", "OperationOutcome");
    outcome.putArray("issue").addObject()
        .put("severity", "error")
        .put("code", issueType)
        .put("diagnostics", diagnostics);
    return outcome.toString();
  }

  public static ResponseEntity<String> response(HttpStatusCode status, String issueType, String diagnostics) {
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(json(issueType, diagnostics));
  }

  /** For servlet filters, which answer before any controller runs. */
  public static void write(HttpServletResponse response, HttpStatusCode status, String issueType, String diagnostics)
      throws IOException {
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(json(issueType, diagnostics));
  }
}
