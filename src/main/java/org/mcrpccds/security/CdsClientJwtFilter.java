package org.mcrpccds.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import org.mcrpccds.security.JwtRejectedException.Reason;
import org.mcrpccds.web.FilterOrder;
import org.mcrpccds.web.OperationOutcomes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * CDS Hooks client authentication on discovery, service and feedback calls. Without an
 * Authorization header a call passes only where JWTs are optional; a header that is present is
 * always verified, and any failure is a 401 that does not say why (the reason is logged, the token
 * never). CORS preflights carry no credentials and are left to the CORS filter.
 */
@Component
@Order(FilterOrder.CDS_CLIENT_JWT)
class CdsClientJwtFilter extends OncePerRequestFilter {
  private static final Logger log = LoggerFactory.getLogger(CdsClientJwtFilter.class);
  private static final String BEARER = "bearer ";

  private final JwtVerifier verifier;
  private final ExpectedAudience audience;
  private final boolean required;
  private final MeterRegistry meters;

  CdsClientJwtFilter(JwtVerifier verifier, ExpectedAudience audience, SecurityProperties properties, MeterRegistry meters) {
    this.meters = meters;
    this.verifier = verifier;
    this.audience = audience;
    this.required = properties.requireJwt();
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !CdsHooksPaths.matches(request) || CorsUtils.isPreFlightRequest(request);
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null) {
      if (required) {
        refuse(request, response, Reason.MISSING);
      } else {
        chain.doFilter(request, response);
      }
      return;
    }
    boolean bearer = authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
    String token = bearer ? authorization.substring(BEARER.length()).trim() : "";
    try {
      request.setAttribute(VerifiedClient.ATTRIBUTE, verifier.verify(token, audience.of(request)));
    } catch (JwtRejectedException e) {
      refuse(request, response, e.reason());
      return;
    } catch (DataAccessException e) {
      // the replay cache cannot answer: refusing is safe, accepting could let a replay through
      log.error("JWT replay cache unavailable ({})", e.getClass().getSimpleName());
      meters.counter("mcrpc.jwt.rejections", "reason", "replay-cache-unavailable").increment();
      OperationOutcomes.write(response, HttpStatus.SERVICE_UNAVAILABLE, "transient", "try again later");
      return;
    }
    chain.doFilter(request, response);
  }

  private void refuse(HttpServletRequest request, HttpServletResponse response, Reason reason) throws IOException {
    meters.counter("mcrpc.jwt.rejections", "reason", reason.label).increment();
    log.info("CDS client JWT refused on {} {}: {}", request.getMethod(), request.getRequestURI(), reason.label);
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    OperationOutcomes.write(response, HttpStatus.UNAUTHORIZED, "login", "a valid CDS Hooks client JWT is required");
  }
}
