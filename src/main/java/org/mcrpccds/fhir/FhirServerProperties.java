package org.mcrpccds.fhir;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How missing prefetch is fetched from a request's {@code fhirServer}. The defaults are the
 * contract's budget: at least 2 s for each call (EHR FHIR servers commonly take 0.5–2 s per search)
 * and at most 4 s for everything one hook call fetches, paging included, before a 412. The connect
 * timeout must outlast one retransmission of a connection attempt (1 s): a server whose listen
 * queue overflows when a fetch opens its connections at once drops some attempts, and with a
 * shorter timeout the first fetch after a start failed against such servers.
 *
 * @param allowedServers base URLs that {@code fhirServer} may name (anything else: 412, nothing fetched)
 * @param allowLoopback also allow any server on this machine's loopback (local profile only)
 * @param requireHttps refuse plain-http servers, in the allow-list too (prod)
 * @param connectTimeout per connection (also the longest wait for a free pooled connection)
 * @param readTimeout per call, the longest wait for the answer's next bytes
 * @param totalTimeout for everything one hook call fetches
 * @param maxPages paging cap per query; a query with more pages is a 412, never silently cut short
 * @param threads how many fetches run at once, across all requests
 */
@ConfigurationProperties("mcrpc.fhir")
public record FhirServerProperties(
    @DefaultValue List<String> allowedServers,
    @DefaultValue("true") boolean allowLoopback,
    @DefaultValue("false") boolean requireHttps,
    @DefaultValue("2s") Duration connectTimeout,
    @DefaultValue("2s") Duration readTimeout,
    @DefaultValue("4s") Duration totalTimeout,
    @DefaultValue("20") int maxPages,
    @DefaultValue("32") int threads) {}
