package org.mcrpccds.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * CDS clients for the tests: keys generated here, their public JWK Sets in a {@code file:} and on
 * a small loopback HTTP server that counts how often each set is read, and signed JWTs.
 * One instance per JVM.
 */
public final class TestIssuers {
  /** Keys in a file: the everyday trusted EHR. */
  public static final String EHR = "https://ehr.example.test";
  /** Keys on the HTTP server at /rotating/jwks.json, plus an allowed jku at /rotating/alternate-jwks.json. */
  public static final String ROTATING = "https://rotating.example.test";
  /** Keys on the HTTP server at /refresh/jwks.json: for counting refreshes. */
  public static final String REFRESH = "https://refresh.example.test";
  /** The EHR's keys, but its tokens must say tenant {@link #TENANT_ID}. */
  public static final String TENANT = "https://tenant.example.test";
  public static final String TENANT_ID = "hospital-a";

  private static TestIssuers instance;

  private final ECKey ec = generateEc(Curve.P_384, "ec-384");
  private final ECKey ec256 = generateEc(Curve.P_256, "ec-256");
  private final RSAKey rsa = generateRsa("rsa-1");
  private final Path ehrJwks;
  private final HttpServer server;
  private final Map<String, String> served = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();

  public static synchronized TestIssuers get() {
    if (instance == null) {
      instance = new TestIssuers();
    }
    return instance;
  }

  private TestIssuers() {
    try {
      ehrJwks = Files.createTempFile("ehr-jwks", ".json");
      Files.writeString(ehrJwks, new JWKSet(java.util.List.of(ec, ec256, rsa)).toPublicJWKSet().toString());
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/", exchange -> {
        String path = exchange.getRequestURI().getPath();
        reads.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        String body = served.get(path);
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      });
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    serve("/rotating/jwks.json", ec);
    serve("/refresh/jwks.json", ec);
  }

  public ECKey ec() {
    return ec;
  }

  public ECKey ec256() {
    return ec256;
  }

  public RSAKey rsa() {
    return rsa;
  }

  public Path ehrJwksFile() {
    return ehrJwks;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Publishes these keys' public parts at {@code path}. */
  public void serve(String path, JWK... keys) {
    served.put(path, new JWKSet(java.util.List.of(keys)).toPublicJWKSet().toString());
  }

  /** How often {@code path} was requested. */
  public int reads(String path) {
    return reads.getOrDefault(path, new AtomicInteger()).get();
  }

  public static ECKey generateEc(Curve curve, String kid) {
    try {
      return new ECKeyGenerator(curve).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public static RSAKey generateRsa(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A valid token of the {@link #EHR} for {@code audience}: ES384, fresh jti, five minutes. */
  public Token token(String audience) {
    return new Token(audience).signedBy(ec, JWSAlgorithm.ES384);
  }

  /** A JWT under construction; every setter returns it. */
  public static final class Token {
    private final JWTClaimsSet.Builder claims;
    private JWK key;
    private JWSAlgorithm algorithm;
    private String kid;
    private URI jku;

    Token(String audience) {
      Instant now = Instant.now();
      claims = new JWTClaimsSet.Builder()
          .issuer(EHR)
          .subject("client-" + UUID.randomUUID())
          .audience(audience)
          .issueTime(Date.from(now))
          .expirationTime(Date.from(now.plusSeconds(300)))
          .jwtID(UUID.randomUUID().toString());
    }

    public Token claims(Consumer<JWTClaimsSet.Builder> change) {
      change.accept(claims);
      return this;
    }

    public Token issuer(String iss) {
      claims.issuer(iss);
      return this;
    }

    public Token signedBy(JWK signingKey, JWSAlgorithm alg) {
      this.key = signingKey;
      this.algorithm = alg;
      this.kid = signingKey.getKeyID();
      return this;
    }

    public Token kid(String keyId) {
      this.kid = keyId;
      return this;
    }

    public Token jku(String url) {
      this.jku = URI.create(url);
      return this;
    }

    public String compact() {
      try {
        JWSHeader header = new JWSHeader.Builder(algorithm).keyID(kid).jwkURL(jku).type(com.nimbusds.jose.JOSEObjectType.JWT).build();
        SignedJWT jwt = new SignedJWT(header, claims.build());
        jwt.sign(signer());
        return jwt.serialize();
      } catch (JOSEException e) {
        throw new IllegalStateException(e);
      }
    }

    private JWSSigner signer() throws JOSEException {
      return key instanceof ECKey ecKey ? new ECDSASigner(ecKey) : new RSASSASigner((RSAKey) key);
    }
  }
}
