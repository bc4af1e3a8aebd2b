package org.mcrpccds.fhir;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How missing prefetch is fetched from a request's {@code fhirServer}. The timeouts bound the
 * whole fetch, paging included, so that a slow server costs a hook well under a second.
 *
 * @param allowedServers base URLs that {@code fhirServer} may name (anything else: 412, nothing fetched)
 * @param allowLoopback also allow any server on this machine's loopback (local profile only)
 * @param requireHttps refuse plain-http servers, in the allow-list too (prod)
 * @param connectTimeout per connection
 * @param readTimeout per response (between bytes)
 * @param totalTimeout for everything one hook call fetches
 * @param maxPages paging cap per query; a query with more pages is a 412, never silently cut short
 * @param threads how many fetches run at once, across all requests
 */
@ConfigurationProperties("mcrpc.fhir")
public record FhirServerProperties(
    @DefaultValue List<String> allowedServers,
    @DefaultValue("true") boolean allowLoopback,
    @DefaultValue("false") boolean requireHttps,
    @DefaultValue("300ms") Duration connectTimeout,
    @DefaultValue("700ms") Duration readTimeout,
    @DefaultValue("800ms") Duration totalTimeout,
    @DefaultValue("20") int maxPages,
    @DefaultValue("32") int threads) {}
