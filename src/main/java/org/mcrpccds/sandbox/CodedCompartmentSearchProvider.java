package org.mcrpccds.sandbox;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Coding;

/**
 * A patient-compartment type with a {@code code} search parameter: also searches by code, as the
 * Observation prefetch template does ({@code code=system|code,system|code}: any of the listed
 * codes; repeating {@code code} means all of them). Token forms: {@code system|code},
 * {@code code} (any system), {@code |code} (no system), {@code system|} (any code of the system).
 */
public class CodedCompartmentSearchProvider extends CompartmentSearchProvider {

  CodedCompartmentSearchProvider(SampleRecords records, Class<? extends IBaseResource> type, String typeName) {
    super(records, type, typeName);
  }

  @Search
  public IBundleProvider searchByCode(
      @RequiredParam(name = SampleRecords.CODE) TokenAndListParam code,
      @OptionalParam(name = PATIENT) ReferenceParam patient,
      @OptionalParam(name = SUBJECT) ReferenceParam subject,
      @IncludeParam Set<Include> includes) {
    return matches(matching(patient, subject)
        .filter(coded -> code.getValuesAsQueryTokens().stream().allMatch(anyOf -> matchesAny(coded.codings(), anyOf)))
        .map(SampleRecords.Coded::resource)
        .toList(), includes);
  }

  private static boolean matchesAny(List<Coding> codings, TokenOrListParam anyOf) {
    return anyOf.getValuesAsQueryTokens().stream().anyMatch(token -> codings.stream().anyMatch(c -> codingMatches(c, token)));
  }

  private static boolean codingMatches(Coding coding, TokenParam token) {
    if (token.getModifier() != null) {
      throw SampleServerErrors.notSupported("code:" + token.getModifier().getValue() + " is not supported by the sample server");
    }
    String system = token.getSystem();
    boolean systemMatches = system == null
        || (system.isEmpty() ? !coding.hasSystem() : system.equals(coding.getSystem()));
    String value = token.getValue();
    return systemMatches && (value == null || value.isEmpty() || value.equals(coding.getCode()));
  }
}
