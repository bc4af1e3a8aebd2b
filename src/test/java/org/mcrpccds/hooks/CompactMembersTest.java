package org.mcrpccds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The compact members behave as the LinkedHashMap Jackson would use, whatever is done to them. */
class CompactMembersTest {
  private static final ObjectMapper PLAIN = new ObjectMapper();
  private static final ObjectMapper COMPACT = new ObjectMapper().setNodeFactory(new CompactJsonNodeFactory());

  /** Every size around the switch to a hash map, with the same operations on both maps. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3, 4, 5, 15, 16, 17, 40})
  void behavesAsALinkedHashMap(int members) {
    Map<String, JsonNode> expected = new LinkedHashMap<>();
    Map<String, JsonNode> compact = new CompactMembers();
    for (int i = 0; i < members; i++) {
      assertThat(compact.put("m" + i, IntNode.valueOf(i))).isEqualTo(expected.put("m" + i, IntNode.valueOf(i)));
    }
    assertThat(compact).isEqualTo(expected).hasSameHashCodeAs(expected);
    assertThat(new ArrayList<>(compact.keySet())).containsExactlyElementsOf(expected.keySet());
    // replacing keeps the position, as in a LinkedHashMap
    assertThat(compact.put("m0", IntNode.valueOf(-1))).isEqualTo(expected.put("m0", IntNode.valueOf(-1)));
    assertThat(compact.get("m0")).isEqualTo(expected.get("m0"));
    assertThat(compact.remove("m2")).isEqualTo(expected.remove("m2"));
    assertThat(compact.remove("absent")).isNull();
    assertThat(compact.containsKey("m1")).isEqualTo(expected.containsKey("m1"));
    assertThat(compact.get(new String("m1"))).as("found by value, not identity").isEqualTo(expected.get("m1"));
    compact.put("late", IntNode.valueOf(99));
    expected.put("late", IntNode.valueOf(99));
    assertThat(new ArrayList<>(compact.entrySet())).containsExactlyElementsOf(expected.entrySet());
    compact.values().removeIf(value -> value.intValue() % 2 == 1);
    expected.values().removeIf(value -> value.intValue() % 2 == 1);
    assertThat(new ArrayList<>(compact.entrySet())).containsExactlyElementsOf(expected.entrySet());
    assertThat(compact.size()).isEqualTo(expected.size());
    compact.clear();
    assertThat(compact).isEmpty();
  }

  @Test
  void entriesWriteThrough() {
    Map<String, JsonNode> compact = new CompactMembers();
    compact.put("a", IntNode.valueOf(1));
    compact.put("b", IntNode.valueOf(2));
    Iterator<Map.Entry<String, JsonNode>> entries = compact.entrySet().iterator();
    entries.next().setValue(IntNode.valueOf(10));
    entries.next();
    entries.remove();
    assertThat(compact).containsExactly(Map.entry("a", IntNode.valueOf(10)));
  }

  static Stream<Path> requests() throws Exception {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> found = Files.list(Path.of("fhir-resources", "requests"))) {
      found.filter(path -> path.toString().endsWith(".json")).sorted().forEach(files::add);
    }
    return files.stream();
  }

  /** Jackson's own equality, node by node: the same tree as with Jackson's maps, for every example request. */
  @ParameterizedTest
  @MethodSource("requests")
  void aRequestReadsAsTheSameTree(Path request) throws Exception {
    byte[] json = Files.readAllBytes(request);
    JsonNode compact = COMPACT.readTree(json);
    assertThat(compact).isEqualTo(PLAIN.readTree(json));
    assertThat(COMPACT.writeValueAsString(compact)).isEqualTo(PLAIN.writeValueAsString(PLAIN.readTree(json)));
  }

  @Test
  void aDuplicateMemberKeepsTheLastValueAsJacksonDoes() throws Exception {
    String json = "{\"a\":1,\"b\":2,\"a\":3}";
    ObjectNode compact = (ObjectNode) COMPACT.readTree(json);
    assertThat(compact).isEqualTo(PLAIN.readTree(json));
    assertThat(compact.get("a").intValue()).isEqualTo(3);
  }
}
