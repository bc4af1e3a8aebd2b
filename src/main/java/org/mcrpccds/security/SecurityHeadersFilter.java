package org.mcrpccds.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.mcrpccds.web.FilterOrder;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Headers every response gets, errors included. Hook responses are derived from patient data, so
 * nothing is cached unless a handler explicitly allows it.
 */
@Component
@Order(FilterOrder.SECURITY_HEADERS)
class SecurityHeadersFilter extends OncePerRequestFilter {
  private final String contentSecurityPolicy;

  SecurityHeadersFilter(SecurityProperties properties) {
    this.contentSecurityPolicy = properties.headers().contentSecurityPolicy();
  }

  @Override
  protected boolean shouldNotFilterErrorDispatch() {
    return false;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("Content-Security-Policy", contentSecurityPolicy);
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    if (request.isSecure()) {
      response.setHeader("Strict-Transport-Security", "max-age=31536000");
    }
    chain.doFilter(request, response);
  }
}
