package org.mcrpccds.sandbox;

import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.Locale;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IAnyResource;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;

/**
 * The sample Patients: read, list all (the CDS Hooks Sandbox's patient picker calls
 * {@code GET /Patient}), or search by {@code _id} or {@code name} (FHIR string matching:
 * case-insensitive starts-with on any part; {@code :exact} and {@code :contains} modifiers).
 */
public class PatientSearchProvider extends SampleResourceProvider {

  PatientSearchProvider(SampleRecords records) {
    super(records, Patient.class, "Patient");
  }

  @Search
  public IBundleProvider search(
      @OptionalParam(name = IAnyResource.SP_RES_ID) TokenParam id,
      @OptionalParam(name = Patient.SP_NAME) StringParam name) {
    return matches(records.all(typeName).stream()
        .map(Patient.class::cast)
        .filter(patient -> id == null || patient.getIdPart().equals(id.getValue()))
        .filter(patient -> name == null || patient.getName().stream().anyMatch(n -> nameMatches(n, name)))
        .toList());
  }

  private static boolean nameMatches(HumanName name, StringParam query) {
    Stream<String> parts = Stream.concat(
        Stream.of(name.getFamily(), name.getText(), name.getNameAsSingleString()),
        name.getGiven().stream().map(StringType::getValue));
    String wanted = query.getValue();
    return parts.filter(part -> part != null).anyMatch(part -> {
      if (query.isExact()) {
        return part.equals(wanted);
      }
      String lower = part.toLowerCase(Locale.ROOT);
      String lowerWanted = wanted.toLowerCase(Locale.ROOT);
      return query.isContains() ? lower.contains(lowerWanted) : lower.startsWith(lowerWanted);
    });
  }
}
