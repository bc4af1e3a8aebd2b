package org.mcrpccds.fhir;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mcrpccds.web.LoopbackHosts;
import org.springframework.stereotype.Component;

/**
 * The SSRF guard: a CDS service that holds an access token must only ever call the FHIR servers it
 * was configured to trust. A {@code fhirServer} is allowed when it lies at or under an allowed
 * base URL (same scheme, host and port; path under the base's path), or, in the local profile,
 * when its host is loopback. URLs with user info, a query, a fragment or dot segments are refused
 * outright: they are how allow-lists are usually tricked.
 */
@Component
public class FhirServerGuard {
  private final FhirServerProperties properties;
  private final List<URI> allowedBases;

  public FhirServerGuard(FhirServerProperties properties) {
    this.properties = properties;
    this.allowedBases = properties.allowedServers().stream()
        .filter(s -> !s.isBlank())
        .map(s -> parse(s).orElseThrow(() -> new IllegalStateException("mcrpc.fhir.allowed-servers: not a usable base URL: " + s)))
        .toList();
    allowedBases.stream().filter(base -> !schemeAllowed(base)).findFirst().ifPresent(base -> {
      throw new IllegalStateException("mcrpc.fhir.allowed-servers: " + base + " is not https, which mcrpc.fhir.require-https demands");
    });
  }

  /** The server as a checked base URI, when this service may call it. */
  public Optional<URI> allowed(String fhirServer) {
    return parse(fhirServer)
        .filter(this::schemeAllowed)
        .filter(uri -> allowedBases.stream().anyMatch(base -> isUnder(base, uri))
            || (properties.allowLoopback() && LoopbackHosts.isLoopback(uri.getHost())));
  }

  /**
   * Whether {@code url} (a paging link the server sent) lies under {@code base}: a server must not
   * make us send its token anywhere else.
   */
  public static boolean isUnder(URI base, String url) {
    try {
      URI uri = new URI(url);
      return uri.getRawUserInfo() == null && uri.getRawFragment() == null && !hasUnsafePath(uri) && isUnder(base, uri);
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static boolean isUnder(URI base, URI uri) {
    return lower(base.getScheme()).equals(lower(uri.getScheme()))
        && lower(base.getHost()).equals(lower(uri.getHost()))
        && port(base) == port(uri)
        && pathIsUnder(trimSlashes(base.getRawPath()), trimSlashes(uri.getRawPath()));
  }

  private static boolean pathIsUnder(String base, String path) {
    return base.isEmpty() || path.equals(base) || path.startsWith(base + "/");
  }

  private boolean schemeAllowed(URI uri) {
    return lower(uri.getScheme()).equals("https") || !properties.requireHttps();
  }

  private static Optional<URI> parse(String url) {
    if (url == null) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(url.trim());
      String scheme = lower(uri.getScheme());
      boolean usable = (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null
          && uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null
          && !hasUnsafePath(uri);
      return usable ? Optional.of(uri) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /**
   * {@code .} or {@code ..} segments, also percent-encoded, and encoded slashes or backslashes: the
   * server may resolve any of them to a path outside the base.
   */
  private static boolean hasUnsafePath(URI uri) {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().toLowerCase(Locale.ROOT);
    if (path.contains("%2f") || path.contains("%5c") || path.contains("\\")) {
      return true;
    }
    for (String segment : path.replace("%2e", ".").split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return true;
      }
    }
    return false;
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return lower(uri.getScheme()).equals("https") ? 443 : 80;
  }

  private static String trimSlashes(String path) {
    String p = path == null ? "" : path;
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  private static String lower(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }
}
