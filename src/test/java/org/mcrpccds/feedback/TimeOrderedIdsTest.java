package org.mcrpccds.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

  @Test
  void idsAreVersion7AndSortByTheirMillisecond() {
    UUID earlier = TimeOrderedIds.next(1_764_000_000_000L);
    UUID later = TimeOrderedIds.next(1_764_000_000_001L);

    assertThat(earlier.version()).isEqualTo(7);
    assertThat(earlier.variant()).isEqualTo(2);
    assertThat(earlier.getMostSignificantBits() >>> 16).isEqualTo(1_764_000_000_000L);
    assertThat(Long.compareUnsigned(earlier.getMostSignificantBits(), later.getMostSignificantBits())).isNegative();
  }

  @Test
  void idsOfTheSameMillisecondDiffer() {
    Set<UUID> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(TimeOrderedIds.next(1_764_000_000_000L));
    }
    assertThat(ids).hasSize(10_000);
  }
}
