package org.mcrpccds.fhir;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How missing prefetch is fetched from a request's {@code fhirServer}.
 *
 * @param allowedServers base URLs that {@code fhirServer} may name (anything else: 412, nothing fetched)
 * @param allowLoopback also allow any server on this machine's loopback (local profile only)
 * @param requireHttps refuse plain-http servers (prod)
 * @param maxPages paging cap per query (each page is one more round trip)
 */
@ConfigurationProperties("mcrpc.fhir")
public record FhirServerProperties(
    @DefaultValue List<String> allowedServers,
    @DefaultValue("true") boolean allowLoopback,
    @DefaultValue("false") boolean requireHttps,
    @DefaultValue("2s") Duration connectTimeout,
    @DefaultValue("3s") Duration readTimeout,
    @DefaultValue("4s") Duration totalTimeout,
    @DefaultValue("10") int maxPages) {}
