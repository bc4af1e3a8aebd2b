package org.mcrpccds.cards;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimeOrderedIdsTest {

  private static LongFunction<UUID> ids(String kind) {
    return kind.equals("next") ? TimeOrderedIds::next : TimeOrderedIds::unpredictable;
  }

  @ParameterizedTest
  @ValueSource(strings = {"next", "unpredictable"})
  void idsAreVersion7AndSortByTheirMillisecond(String kind) {
    UUID earlier = ids(kind).apply(1_764_000_000_000L);
    UUID later = ids(kind).apply(1_764_000_000_001L);

    assertThat(earlier.version()).isEqualTo(7);
    assertThat(earlier.variant()).isEqualTo(2);
    assertThat(earlier.getMostSignificantBits() >>> 16).isEqualTo(1_764_000_000_000L);
    assertThat(Long.compareUnsigned(earlier.getMostSignificantBits(), later.getMostSignificantBits())).isNegative();
    // the audit indexes card uuids as text: their text must sort as their time
    assertThat(earlier.toString()).isLessThan(later.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"next", "unpredictable"})
  void idsOfTheSameMillisecondDiffer(String kind) {
    Set<UUID> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(ids(kind).apply(1_764_000_000_000L));
    }
    assertThat(ids).hasSize(10_000);
  }
}
