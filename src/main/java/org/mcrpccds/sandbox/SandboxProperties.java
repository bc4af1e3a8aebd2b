package org.mcrpccds.sandbox;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The try-it features: the embedded read-only FHIR server at {@code /fhir} with the sample
 * patients, and the explain endpoint the demo page uses. Both are for evaluation only, so the
 * {@code prod} profile turns them off.
 *
 * @param enabled serve {@code /fhir} and {@code /explain} (default on; off in {@code prod})
 * @param allowedOrigins browser origins that may call {@code /fhir} (the CDS Hooks Sandbox runs on
 *     another origin than this service); {@code *} allows any
 * @param defaultPageSize search results per page when the client sends no {@code _count}
 * @param maxPageSize the largest {@code _count} honoured
 */
@ConfigurationProperties("mcrpc.sandbox")
public record SandboxProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("*") List<String> allowedOrigins,
    @DefaultValue("50") int defaultPageSize,
    @DefaultValue("500") int maxPageSize) {}
