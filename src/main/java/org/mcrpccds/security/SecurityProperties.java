package org.mcrpccds.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the CDS Hooks endpoints, and how hard. docs/security.md explains every setting.
 *
 * @param requireJwt refuse calls without a JWT (a JWT that is present is always verified)
 * @param issuers the trusted CDS clients (EHRs)
 * @param trustCdsHooksSandbox also trust the public CDS Hooks Sandbox; its private key is published
 *     in its repository, so this is for development only (off in prod)
 * @param audienceBaseUrl the public base URL of this service when it runs behind a proxy; the
 *     expected {@code aud} is this base plus the request path. Unset: the URL as the server sees it
 * @param clockSkew tolerance for {@code exp}, {@code nbf} and {@code iat}; at most 60 s
 * @param maxTokenLifetime tokens valid for longer than this are refused (bounds the replay cache)
 * @param jwksTimeout connect and read timeout for an https JWK Set
 * @param jwksCacheTtl how long a fetched JWK Set is used before it is fetched again
 * @param jwksRefreshInterval the least time between two refreshes caused by unknown {@code kid}s
 */
@ConfigurationProperties("mcrpc.security")
public record SecurityProperties(
    @DefaultValue("false") boolean requireJwt,
    @DefaultValue List<Issuer> issuers,
    @DefaultValue("true") boolean trustCdsHooksSandbox,
    String audienceBaseUrl,
    @DefaultValue("60s") Duration clockSkew,
    @DefaultValue("1h") Duration maxTokenLifetime,
    @DefaultValue("2s") Duration jwksTimeout,
    @DefaultValue("1h") Duration jwksCacheTtl,
    @DefaultValue("30s") Duration jwksRefreshInterval,
    @DefaultValue Cors cors,
    @DefaultValue RateLimit rateLimit,
    @DefaultValue Headers headers) {

  /**
   * One trusted CDS client.
   *
   * @param iss the exact {@code iss} its JWTs carry
   * @param jwks where its public JWK Set is: {@code https:}, {@code file:} or {@code classpath:}
   * @param jku {@code jku} header values that may be followed instead of {@code jwks}; any other
   *     {@code jku} is ignored
   * @param tenant when set, its JWTs must carry this {@code tenant} claim
   */
  public record Issuer(String iss, String jwks, @DefaultValue List<String> jku, String tenant) {}

  /** @param allowedOrigins browser origins allowed to call discovery, services and feedback; {@code *} for any */
  public record Cors(@DefaultValue List<String> allowedOrigins, @DefaultValue("1h") Duration maxAge) {}

  /**
   * A token bucket per client: the JWT's {@code iss}+{@code sub}, else the remote address.
   *
   * @param burst calls a client may make at once
   * @param perSecond calls per second a client regains
   */
  public record RateLimit(
      @DefaultValue("false") boolean enabled,
      @DefaultValue("200") int burst,
      @DefaultValue("100") double perSecond) {}

  /** @param contentSecurityPolicy sent on every response; must let the app's own pages work */
  public record Headers(
      @DefaultValue("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
          + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
      String contentSecurityPolicy) {}
}
