package org.mcrpccds.web;

import org.springframework.core.Ordered;

/**
 * The order of the service's servlet filters, in one place: each runs inside the ones before it,
 * and no two share a place (a tie would leave their order to bean registration). Spring Boot's own
 * come first: character encoding at {@code HIGHEST_PRECEDENCE}, HTTP observations at
 * {@code HIGHEST_PRECEDENCE + 1}. FilterOrderTest checks the running service against this.
 */
public final class FilterOrder {
  /** Clears the log correlation id when a request is done, after everything inside it has logged. */
  public static final int LOG_CONTEXT = Ordered.HIGHEST_PRECEDENCE + 2;
  /** Security headers on every response, the refusals of the filters after it included. */
  public static final int SECURITY_HEADERS = LOG_CONTEXT + 1;
  /** CORS of the sandbox's /fhir, before the application-wide one (SandboxConfig says why). */
  public static final int SANDBOX_FHIR_CORS = SECURITY_HEADERS + 1;
  /** CORS of the CDS Hooks paths, before authentication: a preflight is answered, a 401 or 429 carries CORS headers. */
  public static final int CDS_HOOKS_CORS = SANDBOX_FHIR_CORS + 1;
  /** A body over mcrpc.http.max-body-size is refused before anything reads it. */
  public static final int BODY_SIZE_LIMIT = CDS_HOOKS_CORS + 1;
  /** The CDS client's JWT, verified. */
  public static final int CDS_CLIENT_JWT = BODY_SIZE_LIMIT + 1;
  /** The admin credential on /analytics and the actuator endpoints. */
  public static final int ADMIN_ACCESS = CDS_CLIENT_JWT + 1;
  /** The per-client rate limit, after the JWT filter: a client is keyed by its verified issuer and subject. */
  public static final int RATE_LIMIT = ADMIN_ACCESS + 1;

  private FilterOrder() {}
}
