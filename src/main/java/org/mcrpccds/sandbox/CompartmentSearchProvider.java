package org.mcrpccds.sandbox;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceParam;
import java.util.Set;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A type in the patient compartment (Condition, Observation, …): read, and search by
 * {@code patient} or {@code subject} as the prefetch templates do ({@code X?patient=123};
 * {@code Patient/123} works too). Without either, every sample resource of the type.
 * {@code _include} adds what a reference search parameter names ({@code MedicationRequest:medication}).
 */
public class CompartmentSearchProvider extends SampleResourceProvider {
  static final String PATIENT = "patient";
  static final String SUBJECT = "subject";

  CompartmentSearchProvider(SampleRecords records, Class<? extends IBaseResource> type, String typeName) {
    super(records, type, typeName);
  }

  @Search
  public IBundleProvider search(
      @OptionalParam(name = PATIENT) ReferenceParam patient,
      @OptionalParam(name = SUBJECT) ReferenceParam subject,
      @IncludeParam Set<Include> includes) {
    return matches(matching(patient, subject).map(SampleRecords.Coded::resource).toList(), includes);
  }

  /** The type's resources of the patient both parameters name (each may be absent). */
  Stream<SampleRecords.Coded> matching(ReferenceParam patient, ReferenceParam subject) {
    String patientId = patientId(PATIENT, patient);
    String subjectId = patientId(SUBJECT, subject);
    if (patientId != null && subjectId != null && !patientId.equals(subjectId)) {
      return Stream.empty();
    }
    String wanted = patientId != null ? patientId : subjectId;
    if (wanted == null) {
      return records.all("Patient").stream()
          .flatMap(p -> records.ofPatient(typeName, p.getIdElement().getIdPart()).stream());
    }
    return records.ofPatient(typeName, wanted).stream();
  }

  /**
   * The patient id a reference parameter names; null when absent. A reference to another type
   * (subject=Group/1) names no patient, so it matches nothing: "" never equals a sample id.
   */
  private static String patientId(String name, ReferenceParam reference) {
    if (reference == null) {
      return null;
    }
    if (reference.getChain() != null && !reference.getChain().isEmpty()) {
      throw SampleServerErrors.notSupported(name + ": chained search is not supported by the sample server");
    }
    if (reference.hasResourceType() && !"Patient".equals(reference.getResourceType())) {
      return "";
    }
    String id = reference.getIdPart();
    return id == null ? "" : id;
  }
}
