package org.mcrpccds.cql.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.opencds.cqf.cql.engine.model.ModelResolver;
import org.opencds.cqf.cql.engine.retrieve.RetrieveProvider;
import org.opencds.cqf.cql.engine.runtime.Code;
import org.opencds.cqf.cql.engine.runtime.Interval;
import org.opencds.cqf.cql.engine.terminology.TerminologyProvider;
import org.opencds.cqf.cql.engine.terminology.ValueSetInfo;

/**
 * Answers the reference CQL engine's retrieves from one request's record (HAPI objects by resource
 * type; the compiled evaluator has its own, RetrieveExpr). The record holds only this
 * patient's data, so the patient context needs no filter (and absolute or relative subject
 * references both work). Code filters ({@code [Condition: "Value Set"]}) are honoured; date
 * filters are not used by our libraries and are refused so that nobody relies on them silently.
 */
final class PatientRecordRetrieveProvider implements RetrieveProvider {
  private final Map<String, List<IBaseResource>> record;
  private final ModelResolver modelResolver;
  private final TerminologyProvider terminology;

  PatientRecordRetrieveProvider(Map<String, List<IBaseResource>> record, ModelResolver modelResolver, TerminologyProvider terminology) {
    this.record = record;
    this.modelResolver = modelResolver;
    this.terminology = terminology;
  }

  @Override
  public Iterable<Object> retrieve(String context, String contextPath, Object contextValue, String dataType,
      String templateId, String codePath, Iterable<Code> codes, String valueSet, String datePath,
      String dateLowPath, String dateHighPath, Interval dateRange) {
    if (datePath != null || dateRange != null) {
      throw new UnsupportedOperationException("date-filtered retrieves are not supported; filter with a where clause");
    }
    List<IBaseResource> candidates = record.getOrDefault(dataType, List.of());
    if (codePath == null || (codes == null && valueSet == null)) {
      return new ArrayList<>(candidates);
    }
    List<Object> matching = new ArrayList<>();
    for (IBaseResource resource : candidates) {
      if (matches(modelResolver.resolvePath(resource, codePath), codes, valueSet)) {
        matching.add(resource);
      }
    }
    return matching;
  }

  private boolean matches(Object value, Iterable<Code> codes, String valueSet) {
    if (value instanceof Iterable<?> values) {
      for (Object v : values) {
        if (matches(v, codes, valueSet)) {
          return true;
        }
      }
      return false;
    }
    List<Coding> codings = value instanceof CodeableConcept concept ? concept.getCoding()
        : value instanceof Coding coding ? List.of(coding) : List.of();
    for (Coding coding : codings) {
      Code code = new Code().withSystem(coding.getSystem()).withCode(coding.getCode());
      if (valueSet != null && terminology.in(code, new ValueSetInfo().withId(valueSet))) {
        return true;
      }
      if (codes != null) {
        for (Code wanted : codes) {
          if (wanted.getCode().equals(coding.getCode()) && wanted.getSystem().equals(coding.getSystem())) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
