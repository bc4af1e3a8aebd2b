package org.mcrpccds.security;

import com.nimbusds.jose.jwk.JWK;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * A CDS client whose JWTs are accepted: its {@code iss}, its key set and the {@code jku} URLs it
 * may point to instead. A {@code jku} that is not on its list is ignored, never fetched: otherwise
 * anyone could sign a token with their own key and name their own key set.
 */
final class TrustedIssuer {
  private final String iss;
  private final String tenant;
  private final JwkSetSource jwks;
  private final Map<String, JwkSetSource> allowedJku;

  TrustedIssuer(String iss, String tenant, JwkSetSource jwks, Map<String, JwkSetSource> allowedJku) {
    this.iss = iss;
    this.tenant = tenant;
    this.jwks = jwks;
    this.allowedJku = allowedJku;
  }

  String iss() {
    return iss;
  }

  /** The {@code tenant} claim its tokens must carry, if one is configured. */
  Optional<String> tenant() {
    return Optional.ofNullable(tenant);
  }

  Optional<JWK> key(String kid, URI jku) {
    JwkSetSource source = jku == null ? jwks : allowedJku.getOrDefault(jku.toString(), jwks);
    return source.key(kid);
  }
}
