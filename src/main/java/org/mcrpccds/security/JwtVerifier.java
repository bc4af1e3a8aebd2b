package org.mcrpccds.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.mcrpccds.security.JwtRejectedException.Reason;
import org.springframework.stereotype.Component;

/**
 * Verifies a CDS client's JWT as CDS Hooks 2.0 and its security best practices ask: an asymmetric
 * signature by a key of a trusted issuer (selected by {@code kid}), {@code aud} naming the exact
 * URL called, {@code exp} in the future, {@code iat} and {@code nbf} not in the future (with a
 * little clock skew), a {@code jti} never seen before, and the issuer's {@code tenant} if it has one.
 */
@Component
class JwtVerifier {
  /** Never {@code none} and never HMAC: a shared secret would let the verifier forge tokens. */
  static final Set<JWSAlgorithm> ALLOWED = Set.of(
      JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512,
      JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
      JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);
  private static final Duration MAX_SKEW = Duration.ofSeconds(60);
  private static final int MIN_RSA_BITS = 2048;
  private static final int MAX_JTI_LENGTH = 256;

  private final TrustedIssuers issuers;
  private final ReplayCache replays;
  private final Clock clock;
  private final Duration skew;
  private final Duration maxLifetime;

  JwtVerifier(TrustedIssuers issuers, ReplayCache replays, Clock clock, SecurityProperties properties) {
    if (properties.clockSkew().isNegative() || properties.clockSkew().compareTo(MAX_SKEW) > 0) {
      throw new IllegalStateException("mcrpc.security.clock-skew must be between 0 and 60s");
    }
    this.issuers = issuers;
    this.replays = replays;
    this.clock = clock;
    this.skew = properties.clockSkew();
    this.maxLifetime = properties.maxTokenLifetime();
  }

  /** @param audience the URL this request was sent to, which {@code aud} must name */
  VerifiedClient verify(String token, String audience) throws JwtRejectedException {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(token);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new JwtRejectedException(Reason.MALFORMED);
    }
    JWSHeader header = jwt.getHeader();
    if (!ALLOWED.contains(header.getAlgorithm())) {
      throw new JwtRejectedException(Reason.ALGORITHM);
    }
    TrustedIssuer issuer = issuers.find(claims.getIssuer())
        .orElseThrow(() -> new JwtRejectedException(Reason.UNTRUSTED_ISSUER));
    if (header.getKeyID() == null) {
      throw new JwtRejectedException(Reason.UNKNOWN_KEY);
    }
    JWK key = issuer.key(header.getKeyID(), header.getJWKURL())
        .orElseThrow(() -> new JwtRejectedException(Reason.UNKNOWN_KEY));
    checkSignature(jwt, key, header.getAlgorithm());
    Instant expires = checkTimes(claims);
    checkAudience(claims, audience);
    String tenant = stringClaim(claims, "tenant");
    if (issuer.tenant().isPresent() && !issuer.tenant().get().equals(tenant)) {
      throw new JwtRejectedException(Reason.TENANT);
    }
    String jti = claims.getJWTID();
    if (jti == null || jti.isBlank() || jti.length() > MAX_JTI_LENGTH) {
      throw new JwtRejectedException(Reason.MISSING_CLAIM);
    }
    if (!replays.firstUse(issuer.iss(), jti, expires.plus(skew))) {
      throw new JwtRejectedException(Reason.REPLAYED);
    }
    return new VerifiedClient(issuer.iss(), claims.getSubject(), tenant);
  }

  private static void checkSignature(SignedJWT jwt, JWK key, JWSAlgorithm algorithm) throws JwtRejectedException {
    if (key.getAlgorithm() != null && !key.getAlgorithm().equals(algorithm)) {
      throw new JwtRejectedException(Reason.KEY_MISMATCH);
    }
    try {
      if (!jwt.verify(verifier(key, algorithm))) {
        throw new JwtRejectedException(Reason.SIGNATURE);
      }
    } catch (JOSEException e) {
      throw new JwtRejectedException(Reason.SIGNATURE);
    }
  }

  private static JWSVerifier verifier(JWK key, JWSAlgorithm algorithm) throws JOSEException, JwtRejectedException {
    if (JWSAlgorithm.Family.EC.contains(algorithm) && key instanceof ECKey ec
        && Curve.forJWSAlgorithm(algorithm).contains(ec.getCurve())) {
      return new ECDSAVerifier(ec);
    }
    if (JWSAlgorithm.Family.RSA.contains(algorithm) && key instanceof RSAKey rsa && rsa.size() >= MIN_RSA_BITS) {
      return new RSASSAVerifier(rsa);
    }
    throw new JwtRejectedException(Reason.KEY_MISMATCH);
  }

  /** @return when the token expires */
  private Instant checkTimes(JWTClaimsSet claims) throws JwtRejectedException {
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw new JwtRejectedException(Reason.MISSING_CLAIM);
    }
    Instant expires = exp.toInstant();
    if (!now.isBefore(expires.plus(skew))) {
      throw new JwtRejectedException(Reason.EXPIRED);
    }
    if (expires.isAfter(now.plus(maxLifetime).plus(skew))) {
      throw new JwtRejectedException(Reason.LIFETIME);
    }
    for (Date notBefore : new Date[] {claims.getNotBeforeTime(), claims.getIssueTime()}) {
      if (notBefore != null && notBefore.toInstant().isAfter(now.plus(skew))) {
        throw new JwtRejectedException(Reason.NOT_YET_VALID);
      }
    }
    return expires;
  }

  private static void checkAudience(JWTClaimsSet claims, String audience) throws JwtRejectedException {
    List<String> aud = claims.getAudience();
    if (aud == null || !aud.contains(audience)) {
      throw new JwtRejectedException(Reason.AUDIENCE);
    }
  }

  private static String stringClaim(JWTClaimsSet claims, String name) throws JwtRejectedException {
    try {
      return claims.getStringClaim(name);
    } catch (ParseException e) {
      throw new JwtRejectedException(Reason.MALFORMED);
    }
  }
}
