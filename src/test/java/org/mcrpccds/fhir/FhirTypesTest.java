package org.mcrpccds.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import org.junit.jupiter.api.Test;

/** Resource types by name: remembered after the first lookup, with HAPI's answers unchanged. */
class FhirTypesTest {
  private final FhirTypes types = new FhirTypes(FhirContext.forR4Cached());

  @Test
  void aResourceTypeIsTheSameTypeEveryTime() {
    FhirType first = types.resource("Observation");
    assertThat(first.name()).isEqualTo("Observation");
    assertThat(first.isResource()).isTrue();
    assertThat(types.resource("Observation")).isSameAs(first);
  }

  /** HAPI matches names without regard to case; that is kept, before and after the exact name is remembered. */
  @Test
  void otherSpellingsGetWhatHapiGivesThem() {
    FhirType lowerFirst = types.resource("condition");
    assertThat(lowerFirst).isSameAs(types.resource("Condition")).isSameAs(types.resource("condition"));
    assertThat(lowerFirst.name()).isEqualTo("Condition");
  }

  @Test
  void anUnknownTypeIsRefusedEveryTime() {
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> types.resource("NotAResource"))
          .isInstanceOf(FhirTypes.UnknownTypeException.class)
          .hasMessageContaining("NotAResource");
    }
  }
}
