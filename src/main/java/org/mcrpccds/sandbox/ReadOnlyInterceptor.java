package org.mcrpccds.sandbox;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Keeps the sample server read-only with a clear 405 and an Allow header for every write, batch
 * or transaction, instead of HAPI's generic "unknown operation" 400. POST is accepted only for
 * {@code _search}, which FHIR defines as a read. The answer is written here rather than thrown,
 * because HAPI logs exceptions thrown by interceptors with their stack trace.
 * Public because HAPI calls the hook reflectively.
 */
@Interceptor
public class ReadOnlyInterceptor {
  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

  private final String refusal;

  ReadOnlyInterceptor(FhirContext fhirContext) {
    this.refusal = fhirContext.newJsonParser().encodeResourceToString(SampleServerErrors.outcome(
        OperationOutcome.IssueType.NOTSUPPORTED, "the sample FHIR server is read-only"));
  }

  /** @return false when the request has been answered here (refused) */
  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
  public boolean refuseWrites(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String method = request.getMethod();
    if (READS.contains(method) || ("POST".equals(method) && request.getRequestURI().endsWith("/_search"))) {
      return true;
    }
    response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
    response.setHeader("Allow", String.join(",", "GET", "HEAD", "OPTIONS"));
    response.setContentType("application/fhir+json;charset=UTF-8");
    response.getWriter().write(refusal);
    return false;
  }
}
