package org.mcrpccds.fhir;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * The SSRF guard: a CDS service that holds an access token must only ever call the FHIR servers it
 * was configured to trust. A {@code fhirServer} is allowed when it equals (or lies under) an
 * allowed base URL, or, in the local profile, when it is on loopback.
 */
@Component
public class FhirServerGuard {
  private final FhirServerProperties properties;
  private final List<String> allowedBases;

  public FhirServerGuard(FhirServerProperties properties) {
    this.properties = properties;
    this.allowedBases = properties.allowedServers().stream().map(FhirServerGuard::normalize).toList();
  }

  public boolean isAllowed(String fhirServer) {
    URI uri;
    try {
      uri = new URI(fhirServer);
    } catch (URISyntaxException e) {
      return false;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(scheme.equals("http") && !properties.requireHttps())) {
      return false;
    }
    if (uri.getHost() == null || uri.getUserInfo() != null) {
      return false;
    }
    String normalized = normalize(fhirServer);
    for (String base : allowedBases) {
      if (normalized.equals(base) || normalized.startsWith(base + "/")) {
        return true;
      }
    }
    return properties.allowLoopback() && isLoopbackLiteral(uri.getHost());
  }

  /** Only names that are loopback without asking DNS: a DNS answer can change between check and call. */
  private static boolean isLoopbackLiteral(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost")) {
      return true;
    }
    if (!h.matches("[0-9.]+") && !h.startsWith("[")) {
      return false;
    }
    try {
      return InetAddress.getByName(h.replace("[", "").replace("]", "")).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String normalize(String url) {
    String trimmed = url.trim();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed.toLowerCase(Locale.ROOT);
  }
}
