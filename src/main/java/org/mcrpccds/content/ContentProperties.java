package org.mcrpccds.content;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the clinical content (the top-level cql/ and fhir-resources/ folders) is read from.
 * The jar carries a copy under classpath:content/; an informaticist can point {@code location}
 * at a checkout ({@code file:./}) to try edited rules without rebuilding.
 */
@ConfigurationProperties("mcrpc.content")
public record ContentProperties(@DefaultValue("classpath:content/") String location) {}
