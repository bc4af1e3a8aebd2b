package org.mcrpccds.security;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.mcrpccds.web.LoopbackHosts;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.ResourceLoader;

/**
 * Reads a trusted issuer's JWK Set from {@code classpath:}, {@code file:} or {@code https:} (plain
 * {@code http:} only on loopback, for tests and local EHR simulators). Only public EC and RSA
 * signing keys with a {@code kid} are kept: a set that also holds private or symmetric keys must
 * never turn them into verification keys.
 */
final class JwkSetReader {
  /** Far more than any real key set; a location must not make us buffer without bound. */
  private static final int MAX_BYTES = 256 * 1024;

  private final ResourceLoader resources = new DefaultResourceLoader(JwkSetReader.class.getClassLoader());
  private final HttpClient http;
  private final Duration timeout;

  JwkSetReader(Duration timeout) {
    this.timeout = timeout;
    this.http = HttpClient.newBuilder()
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** @throws IllegalArgumentException at startup, for a location this service would never read */
  static void checkLocation(String location, String what) {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException(what + " is required");
    }
    String lower = location.toLowerCase(Locale.ROOT);
    if (lower.startsWith("classpath:") || lower.startsWith("file:") || lower.startsWith("https://")) {
      return;
    }
    if (lower.startsWith("http://") && LoopbackHosts.isLoopback(URI.create(location).getHost())) {
      return;
    }
    throw new IllegalArgumentException(what + " must be an https:, file: or classpath: location (http: only on loopback): "
        + location);
  }

  /** The set's usable verification keys by {@code kid}. */
  Map<String, JWK> read(String location) throws IOException, ParseException {
    String text = location.toLowerCase(Locale.ROOT).startsWith("http") ? fetch(location) : load(location);
    Map<String, JWK> keys = new LinkedHashMap<>();
    for (JWK key : JWKSet.parse(text).toPublicJWKSet().getKeys()) {
      boolean asymmetric = KeyType.EC.equals(key.getKeyType()) || KeyType.RSA.equals(key.getKeyType());
      boolean forSignatures = key.getKeyUse() == null || KeyUse.SIGNATURE.equals(key.getKeyUse());
      if (asymmetric && forSignatures && key.getKeyID() != null) {
        keys.putIfAbsent(key.getKeyID(), key);
      }
    }
    return keys;
  }

  private String load(String location) throws IOException {
    try (InputStream in = resources.getResource(location).getInputStream()) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new IOException("JWK Set larger than " + MAX_BYTES + " bytes");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private String fetch(String location) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(location))
        .timeout(timeout)
        .header("Accept", "application/json, application/jwk-set+json")
        .GET()
        .build();
    try {
      HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        if (response.statusCode() != 200) {
          throw new IOException("HTTP " + response.statusCode());
        }
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
          throw new IOException("JWK Set larger than " + MAX_BYTES + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
