package org.mcrpccds.feedback;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Runs {@link AuditRetention}'s purge. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SchedulingConfig {}
