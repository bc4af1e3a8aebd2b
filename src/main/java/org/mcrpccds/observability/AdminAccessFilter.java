package org.mcrpccds.observability;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.mcrpccds.web.FilterOrder;
import org.mcrpccds.web.OperationOutcomes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * HTTP Basic with the admin credential ({@link AdminProperties}) in front of the analytics and
 * every actuator endpoint except health, which load balancers and orchestrators probe without a
 * credential. Without a configured password (and outside {@code prod}) everything stays open, as
 * the default profile binds to loopback only.
 */
@Component
@Order(FilterOrder.ADMIN_ACCESS)
class AdminAccessFilter extends OncePerRequestFilter {
  private static final Logger log = LoggerFactory.getLogger(AdminAccessFilter.class);
  private static final String CHALLENGE = "Basic realm=\"mcrpc-admin\", charset=\"UTF-8\"";

  private final boolean enforced;
  private final byte[] expectedDigest;

  AdminAccessFilter(AdminProperties properties) {
    if (properties.required() && !properties.hasPassword()) {
      throw new IllegalStateException("mcrpc.admin.password must be set: /analytics and the actuator endpoints "
          + "need an admin credential in this profile");
    }
    this.enforced = properties.enforced();
    this.expectedDigest = enforced ? digest(properties.username() + ":" + properties.password()) : null;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !enforced || !isProtected(path(request));
  }

  /** The path as the application routes it: decoded, normalised, without path parameters. */
  private static String path(HttpServletRequest request) {
    String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    return path.replaceAll("/{2,}", "/");
  }

  static boolean isProtected(String path) {
    if (path.equals("/actuator/health") || path.startsWith("/actuator/health/")) {
      return false;
    }
    return path.equals("/analytics") || path.startsWith("/analytics/")
        || path.equals("/actuator") || path.startsWith("/actuator/");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (authorized(request.getHeader(HttpHeaders.AUTHORIZATION))) {
      chain.doFilter(request, response);
      return;
    }
    log.warn("admin credential missing or wrong for {} {}", request.getMethod(), path(request));
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
    OperationOutcomes.write(response, HttpStatus.UNAUTHORIZED, "login", "an admin credential is required");
  }

  private boolean authorized(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    String credential;
    try {
      credential = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
    // digests have equal length, so the comparison takes the same time whatever was sent
    return MessageDigest.isEqual(expectedDigest, digest(credential));
  }

  private static byte[] digest(String credential) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(credential.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
