package org.mcrpccds.cql.compiled;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcrpccds.fhir.FhirElement;
import org.mcrpccds.support.TestContent;

/** A code-filtered retrieve through the index finds what testing every resource's codings finds, in record order. */
class CodeIndexTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static FhirElement observation(String json) throws Exception {
    return TestContent.TYPES.resource(JSON.readTree(json.replace('\'', '"')));
  }

  @Test
  void findsWhatFilteringEachResourceFinds() throws Exception {
    List<FhirElement> observations = List.of(
        observation("{'resourceType':'Observation','id':'a','code':{'coding':[{'system':'http://loinc.org','code':'2857-1'}]}}"),
        observation("{'resourceType':'Observation','id':'b','code':{'coding':[{'code':'2857-1'},{'system':'s','code':'x'}]}}"),
        observation("{'resourceType':'Observation','id':'c','code':{'coding':{'system':'http://loinc.org','code':'718-7'}}}"),
        observation("{'resourceType':'Observation','id':'d','code':[{'coding':[{'system':'s','code':'x'}]}, {'coding':[{'code':'y'}]}]}"),
        observation("{'resourceType':'Observation','id':'e','code':{'text':'no coding'}}"),
        observation("{'resourceType':'Observation','id':'f','code':{'coding':[{'system':'s','code':'x'},{'system':'s','code':'x'}]}}"));
    CodeIndex index = CodeIndex.of(observations, "code");

    for (FhirElement.CodingTest test : List.<FhirElement.CodingTest>of(
        (system, code) -> "x".equals(code),
        (system, code) -> system == null,
        (system, code) -> "http://loinc.org".equals(system),
        (system, code) -> "y".equals(code),
        (system, code) -> true,
        (system, code) -> false)) {
      List<Object> oneByOne = new ArrayList<>();
      observations.stream().filter(o -> o.anyCoding("code", test)).forEach(oneByOne::add);
      assertThat(index.resourcesWith(test)).containsExactlyElementsOf(oneByOne);
    }
    assertThat(index.resourcesWith((system, code) -> "x".equals(code)))
        .extracting(o -> ((FhirElement) o).resourceId()).containsExactly("b", "d", "f");
  }
}
