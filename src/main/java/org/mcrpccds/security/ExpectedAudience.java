package org.mcrpccds.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

/**
 * The URL a CDS client called, which its JWT's {@code aud} must name. By default it is built from
 * the request as this server received it (scheme, Host and port, path). Behind a proxy that
 * rewrites any of these, {@code mcrpc.security.audience-base-url} names the public base instead.
 * Forwarded headers are never read here: a client could set them to whatever its token says.
 */
@Component
class ExpectedAudience {
  private final String baseUrl;

  ExpectedAudience(SecurityProperties properties) {
    String base = properties.audienceBaseUrl();
    this.baseUrl = base == null || base.isBlank() ? null : base.replaceAll("/+$", "");
  }

  String of(HttpServletRequest request) {
    if (baseUrl == null) {
      return request.getRequestURL().toString();
    }
    return baseUrl + request.getRequestURI().substring(request.getContextPath().length());
  }
}
