package org.mcrpccds.security;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The configured CDS clients, checked at startup: a service that requires JWTs but trusts nobody
 * could never be called, so it refuses to start instead.
 */
@Component
class TrustedIssuers {
  static final String SANDBOX_ISS = "https://sandbox.cds-hooks.org";
  /** The Sandbox's published key set (its .well-known/jwks.json), shipped with the service. */
  static final String SANDBOX_JWKS = "classpath:security/cds-hooks-sandbox-jwks.json";
  private static final Logger log = LoggerFactory.getLogger(TrustedIssuers.class);

  private final Map<String, TrustedIssuer> byIss = new LinkedHashMap<>();

  TrustedIssuers(SecurityProperties properties, Clock clock) {
    JwkSetReader reader = new JwkSetReader(properties.jwksTimeout());
    List<SecurityProperties.Issuer> configured = new ArrayList<>(properties.issuers());
    boolean sandboxConfigured = configured.stream().anyMatch(i -> SANDBOX_ISS.equals(i.iss()));
    if (properties.trustCdsHooksSandbox() && !sandboxConfigured) {
      configured.add(new SecurityProperties.Issuer(SANDBOX_ISS, SANDBOX_JWKS, List.of(), null));
    }
    for (int i = 0; i < configured.size(); i++) {
      SecurityProperties.Issuer issuer = configured.get(i);
      String name = "mcrpc.security.issuers[" + i + "]";
      if (issuer.iss() == null || issuer.iss().isBlank()) {
        throw new IllegalStateException(name + ".iss is required");
      }
      JwkSetReader.checkLocation(issuer.jwks(), name + ".jwks");
      Map<String, JwkSetSource> jku = new LinkedHashMap<>();
      for (String url : issuer.jku()) {
        JwkSetReader.checkLocation(url, name + ".jku");
        jku.put(url, source(url, reader, clock, properties));
      }
      TrustedIssuer trusted = new TrustedIssuer(issuer.iss(), blankToNull(issuer.tenant()),
          source(issuer.jwks(), reader, clock, properties), jku);
      if (byIss.put(issuer.iss(), trusted) != null) {
        throw new IllegalStateException("issuer " + issuer.iss() + " is configured twice");
      }
    }
    if (properties.requireJwt() && byIss.isEmpty()) {
      throw new IllegalStateException("mcrpc.security.require-jwt is true but no CDS client is trusted: set "
          + "mcrpc.security.issuers[0].iss and mcrpc.security.issuers[0].jwks (see docs/security.md)");
    }
    if (byIss.containsKey(SANDBOX_ISS) && properties.requireJwt()) {
      log.warn("the public CDS Hooks Sandbox is trusted; its signing key is published, so anyone can call as it");
    }
  }

  Optional<TrustedIssuer> find(String iss) {
    return iss == null ? Optional.empty() : Optional.ofNullable(byIss.get(iss));
  }

  private static JwkSetSource source(String location, JwkSetReader reader, Clock clock, SecurityProperties properties) {
    return new JwkSetSource(location, reader, clock, properties.jwksCacheTtl(), properties.jwksRefreshInterval());
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
