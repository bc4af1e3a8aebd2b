package org.mcrpccds.observability;

import org.mcrpccds.cql.CompiledLibraries;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * "cqlLibraries" in the readiness group: UP once the content's CQL is compiled. A library that does
 * not compile stops the application, so DOWN is only ever seen while it is starting.
 */
@Component
class CqlLibrariesHealthIndicator implements HealthIndicator {
  private final ObjectProvider<CompiledLibraries> libraries;

  CqlLibrariesHealthIndicator(ObjectProvider<CompiledLibraries> libraries) {
    this.libraries = libraries;
  }

  @Override
  public Health health() {
    return libraries.getIfAvailable() != null ? Health.up().build() : Health.down().build();
  }
}
