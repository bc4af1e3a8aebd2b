package org.mcrpccds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirVersionEnum;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Objects;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mcrpccds.support.TestContent;
import org.opencds.cqf.cql.engine.model.ModelResolver;
import org.opencds.cqf.fhir.utility.model.FhirModelResolverCache;

/**
 * FhirElement reads raw JSON as the reference CQL engine reads the same JSON parsed by HAPI
 * (LenientResourceParser): every property, as the engine's R4 model resolver gives it, down to each
 * primitive's value. The cases are the imperfect JSON on which the differential test
 * (EvaluatorsAgreeOnRawRequestsTest) once found the two evaluators to differ.
 */
class FhirElementReadsAsHapiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ModelResolver ENGINE = FhirModelResolverCache.resolverForVersion(FhirVersionEnum.R4);
  private static final LenientResourceParser HAPI = new LenientResourceParser(TestContent.FHIR);

  @ParameterizedTest
  @ValueSource(strings = {
      // an item of a repeating element that is no object is an empty element; an array in it is flattened
      "{'resourceType':'Observation','code':{'coding':[true, {'code':'c'}, null, 'x', 7]}}",
      "{'resourceType':'Observation','code':{'coding':[[{'code':'c'}, {'code':'d'}], [], [[7]], {'code':'e'}]}}",
      "{'resourceType':'Observation','code':{'coding':true}}",
      "{'resourceType':'Observation','code':{'coding':null}}",
      "{'resourceType':'Observation','category':[7, {'text':'t'}]}",
      // an array where one value is expected: its first item
      "{'resourceType':'Observation','code':[{'text':'x'}, {'text':'y'}]}",
      "{'resourceType':'Observation','code':[[{'text':'x'}]]}",
      "{'resourceType':'Observation','code':[null, {'text':'y'}]}",
      "{'resourceType':'Observation','code':[]}",
      "{'resourceType':'Observation','code':'x'}",
      "{'resourceType':'Observation','code':null,'valueQuantity':null}",
      "{'resourceType':'Observation','code':{'coding':[{'system':['http://loinc.org'],'code':[['718-7']]}]}}",
      "{'resourceType':'Observation','status':['final', 'amended']}",
      "{'resourceType':'Observation','status':[['final']]}",
      "{'resourceType':'Observation','status':[null, 'final']}",
      "{'resourceType':'Observation','status':[{}]}",
      "{'resourceType':'Observation','status':{}}",
      "{'resourceType':'Observation','status':null}",
      "{'resourceType':'Observation','status':null,'_status':{'extension':[{'url':'http://x','valueString':'y'}]}}",
      "{'resourceType':'Observation','issued':['2024-01-01T00:00:00Z']}",
      "{'resourceType':'Observation','valueQuantity':{'value':[7]}}",
      // ... except an extension's url, which HAPI reads as a JSON string only
      "{'resourceType':'Patient','extension':[{'url':['http://x'],'valueCode':'M'}],'gender':'female'}",
      "{'resourceType':'Patient','extension':[{'url':'http://x','valueCode':['M']}]}",
      // primitives of another JSON kind, or text FHIR would not take
      "{'resourceType':'Observation','status':7,'issued':true}",
      "{'resourceType':'Observation','valueQuantity':{'value':' 7 '}}",
      "{'resourceType':'Observation','valueInteger':' 7 '}",
      "{'resourceType':'Observation','valueBoolean':'TRUE'}",
      "{'resourceType':'Observation','valueBoolean':'maybe'}",
      "{'resourceType':'Observation','status':'','code':{'text':''}}",
      "{'resourceType':'Observation','_status':{'extension':[{'url':'http://x','valueString':'y'}]}}",
      "{'resourceType':'Observation','status':'garbage','_status':{'extension':[{'url':'http://x','valueString':'y'}]}}",
      "{'resourceType':'Observation','effectiveDateTime':'garbage','issued':'2024-13-01T00:00:00Z'}",
      "{'resourceType':'Observation','effectiveDateTime':'garbage','_effectiveDateTime':{'id':'a'}}",
      "{'resourceType':'Patient','name':[{'given':['', 'a']}]}",
      // a primitive without a value: absent, unless it is a choice's
      "{'resourceType':'Patient','_birthDate':{'extension':[{'url':'http://x','valueCode':'unknown'}]},'_active':{'id':'a'}}",
      "{'resourceType':'Observation','valueQuantity':{'_value':{'id':'a'}},'code':{'_text':{'id':'b'}}}",
      "{'resourceType':'Observation','_effectiveDateTime':{'extension':[{'url':'http://x','valueCode':'unknown'}]}}",
      "{'resourceType':'Observation','issued':'garbage','status':'garbage'}",
      "{'resourceType':'Patient','birthDate':'','gender':' ','active':'garbage'}",
      "{'resourceType':'Observation','valueQuantity':{'value':'abc'}}",
      "{'resourceType':'Observation','valueInteger':'abc'}",
      "{'resourceType':'Observation','valueString':''}",
      "{'resourceType':'Observation','valueString':' '}",
      // HAPI trims a code (not a code bound to an enumeration such as a status), not a string
      "{'resourceType':'Observation','code':{'coding':[{'code':' x ','system':' http://s ','display':' d '}],'text':' t '}}",
      "{'resourceType':'Observation','status':' final ','valueCodeableConcept':{'coding':{'code':' ( '}}}",
      "{'resourceType':'Observation','valueQuantity':{'value':'1e2'}}",
      "{'resourceType':'Patient','name':[{'given':['a', null, 7, {}, 'b', ['c'], true]}]}",
      "{'resourceType':'Patient','name':[{'given':'a'}]}",
  })
  void readsAsTheEngineReadsHapisParse(String json) throws Exception {
    JsonNode raw = JSON.readTree(json.replace('\'', '"'));
    FhirElement element = TestContent.TYPES.resource(raw);

    assertThat(difference(HAPI.parse(raw), element, element.type().name())).isNull();
  }

  /** Where the engine's reading of {@code hapi} and FhirElement's reading differ, or null. */
  private static String difference(Object hapi, Object element, String path) {
    if (hapi == null || element == null) {
      return hapi == element ? null : path + ": engine " + hapi + ", FhirElement " + element;
    }
    if (hapi instanceof List<?> list) {
      if (!(element instanceof List<?> other) || list.size() != other.size()) {
        return path + ": engine " + list.size() + " items, FhirElement " + element;
      }
      for (int i = 0; i < list.size(); i++) {
        String difference = difference(list.get(i), other.get(i), path + "[" + i + "]");
        if (difference != null) {
          return difference;
        }
      }
      return null;
    }
    if (!(element instanceof FhirElement fhir) || !(hapi instanceof IBase base) || !fhir.type().name().equals(base.fhirType())) {
      return path + ": engine " + hapi + ", FhirElement " + element;
    }
    if (hapi instanceof IPrimitiveType<?>) {
      Object value = ENGINE.resolvePath(hapi, "value");
      Object read = fhir.primitiveValue();
      return Objects.equals(String.valueOf(value), String.valueOf(read)) ? null
          : path + ".value: engine " + value + ", FhirElement " + read;
    }
    for (String name : fhir.type().propertyNames()) {
      // HAPI gives every resource it parses a meta, empty when the JSON has none (docs/evaluator.md)
      if (name.equals("meta") && fhir.type().isResource()) {
        continue;
      }
      String difference = difference(ENGINE.resolvePath(hapi, name), fhir.get(name), path + "." + name);
      if (difference != null) {
        return difference;
      }
    }
    return null;
  }
}
