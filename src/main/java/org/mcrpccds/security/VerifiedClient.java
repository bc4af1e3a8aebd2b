package org.mcrpccds.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * The CDS client a request's JWT proved: its {@code iss}, and {@code sub} and {@code tenant} when
 * the token carries them. Set as a request attribute for the rest of the request.
 */
public record VerifiedClient(String issuer, String subject, String tenant) {
  static final String ATTRIBUTE = VerifiedClient.class.getName();

  /** Empty when the request carried no JWT (allowed only where JWTs are optional). */
  public static Optional<VerifiedClient> of(HttpServletRequest request) {
    return request.getAttribute(ATTRIBUTE) instanceof VerifiedClient client ? Optional.of(client) : Optional.empty();
  }
}
