package org.mcrpccds.cql.compiled;

import java.util.List;
import org.mcrpccds.fhir.FhirElement;
import org.opencds.cqf.cql.engine.data.DataProvider;
import org.opencds.cqf.cql.engine.runtime.Code;
import org.opencds.cqf.cql.engine.runtime.Interval;

/**
 * What the CQL engine's operators need to know of FHIR data when the compiled evaluator hands them
 * {@link FhirElement}s: equality (FHIR elements are equal when their type and JSON are) and
 * property paths. Retrieves and instance creation never reach the engine, so they are refused.
 */
final class FhirElementModel implements DataProvider {
  @Override
  public String getPackageName() {
    return FhirElement.class.getPackageName();
  }

  @Override
  public void setPackageName(String packageName) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<String> getPackageNames() {
    return new java.util.ArrayList<>(List.of(getPackageName()));
  }

  @Override
  public void setPackageNames(List<String> packageNames) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Object resolvePath(Object target, String path) {
    return target instanceof FhirElement element ? element.get(path) : null;
  }

  @Override
  public Object getContextPath(String contextType, String targetType) {
    return null;
  }

  @Override
  public Class<?> resolveType(String typeName) {
    return FhirElement.class;
  }

  @Override
  public Class<?> resolveType(Object value) {
    return value == null ? null : value.getClass();
  }

  @Override
  public Boolean is(Object value, Class<?> type) {
    return value == null ? null : type.isInstance(value);
  }

  @Override
  public Object as(Object value, Class<?> type, boolean isStrict) {
    return value != null && type.isInstance(value) ? value : null;
  }

  @Override
  public Object createInstance(String typeName) {
    throw new UnsupportedOperationException("FHIR instances are not created by the compiled evaluator");
  }

  @Override
  public void setValue(Object target, String path, Object value) {
    throw new UnsupportedOperationException("FHIR data is read-only");
  }

  @Override
  public Boolean objectEqual(Object left, Object right) {
    return left == null || right == null ? null : left.equals(right);
  }

  @Override
  public Boolean objectEquivalent(Object left, Object right) {
    return left == null && right == null || left != null && left.equals(right);
  }

  @Override
  public String resolveId(Object target) {
    return target instanceof FhirElement element ? element.resourceId() : null;
  }

  @Override
  public Iterable<Object> retrieve(String context, String contextPath, Object contextValue, String dataType,
      String templateId, String codePath, Iterable<Code> codes, String valueSet, String datePath,
      String dateLowPath, String dateHighPath, Interval dateRange) {
    throw new UnsupportedOperationException("retrieves are compiled (RetrieveExpr)");
  }
}
