package org.mcrpccds.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxBodySize the largest request body accepted; larger ones get 413
 * @param maxResources the most FHIR resources one hook call may bring (prefetch entries and draft
 *     orders: 413 beyond it; fetched from fhirServer: 412 beyond it); evaluation time grows with it
 * @param computeSlots how many hook calls compute at once, the others waiting in arrival order;
 *     0 (the default) is three per available processor (hooks.ComputeSlots says why)
 */
@ConfigurationProperties("mcrpc.http")
public record HttpLimitsProperties(
    @DefaultValue("8MB") DataSize maxBodySize,
    @DefaultValue("5000") int maxResources,
    @DefaultValue("0") int computeSlots) {}
