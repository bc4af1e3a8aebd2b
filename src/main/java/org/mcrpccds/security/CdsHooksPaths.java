package org.mcrpccds.security;

import jakarta.servlet.http.HttpServletRequest;

/** The CDS Hooks endpoints (discovery, services, feedback): the only paths that take a client JWT. */
final class CdsHooksPaths {
  static final String ROOT = "/cds-services";

  private CdsHooksPaths() {}

  /**
   * Decided on the servlet path, which the container has already decoded and normalized, so that
   * {@code /x/../cds-services} or {@code /cds-services;a=b} cannot slip past.
   */
  static boolean matches(HttpServletRequest request) {
    String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    return path.equals(ROOT) || path.startsWith(ROOT + "/");
  }
}
