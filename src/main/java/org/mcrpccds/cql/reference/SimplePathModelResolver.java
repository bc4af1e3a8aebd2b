package org.mcrpccds.cql.reference;

import ca.uhn.fhir.context.FhirContext;
import org.opencds.cqf.cql.engine.fhir.model.R4FhirModelResolver;

/**
 * The engine's R4 model resolver, minus a cost on the hottest path of every evaluation: its
 * {@code resolvePath} compiles a regular expression to split the path on dots, on every property
 * access (profile in bench/README.md). The CQL engine's property paths are almost always a single
 * name; for those this resolves the property directly, exactly as the split-and-loop would for a
 * one-element path. Dotted and indexed paths keep the engine's own handling.
 */
final class SimplePathModelResolver extends R4FhirModelResolver {
  SimplePathModelResolver(FhirContext fhirContext) {
    super(fhirContext);
  }

  @Override
  public Object resolvePath(Object target, String path) {
    if (path != null && !path.isEmpty() && path.indexOf('.') < 0 && path.indexOf('[') < 0) {
      return resolveProperty(target, path);
    }
    return super.resolvePath(target, path);
  }
}
