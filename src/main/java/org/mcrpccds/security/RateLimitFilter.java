package org.mcrpccds.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.mcrpccds.web.FilterOrder;
import org.mcrpccds.web.OperationOutcomes;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Per-client rate limit on the CDS Hooks endpoints (429 with Retry-After). It runs after JWT
 * verification so that a client is keyed by its verified {@code iss} and {@code sub}; a made-up
 * token cannot buy a fresh bucket. Calls without a JWT are keyed by the remote address.
 */
@Component
@Order(FilterOrder.RATE_LIMIT)
class RateLimitFilter extends OncePerRequestFilter {
  private final boolean enabled;
  private final TokenBuckets buckets;

  RateLimitFilter(SecurityProperties properties) {
    SecurityProperties.RateLimit limit = properties.rateLimit();
    this.enabled = limit.enabled();
    this.buckets = new TokenBuckets(limit.burst(), limit.perSecond());
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !enabled || !CdsHooksPaths.matches(request) || CorsUtils.isPreFlightRequest(request);
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String client = VerifiedClient.of(request)
        .map(c -> "jwt " + c.issuer() + " " + (c.subject() == null ? "" : c.subject()))
        .orElseGet(() -> "address " + request.getRemoteAddr());
    long retryAfter = buckets.take(client);
    if (retryAfter > 0) {
      response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
      OperationOutcomes.write(response, HttpStatus.TOO_MANY_REQUESTS, "throttled", "too many requests; retry later");
      return;
    }
    chain.doFilter(request, response);
  }
}
