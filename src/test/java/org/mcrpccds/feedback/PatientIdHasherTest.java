package org.mcrpccds.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PatientIdHasherTest {
  private static final String KEY = "0123456789abcdef0123456789abcdef";

  @Test
  void aConfiguredKeyGivesTheStandardHmacSha256() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected = HexFormat.of().formatHex(mac.doFinal("pat-1".getBytes(StandardCharsets.UTF_8)));
    assertThat(new PatientIdHasher(KEY).hash("pat-1")).isEqualTo(expected).hasSize(64);
    assertThat(new PatientIdHasher(KEY).hash("pat-1")).as("same key, same hash: comparable across restarts")
        .isEqualTo(new PatientIdHasher(KEY).hash("pat-1"));
  }

  @Test
  void eachIdIsHashedAloneThoughTheMacIsReused() {
    PatientIdHasher hasher = new PatientIdHasher(KEY);
    String first = hasher.hash("pat-1");
    hasher.hash("pat-2");
    assertThat(hasher.hash("pat-1")).isEqualTo(first).isEqualTo(new PatientIdHasher(KEY).hash("pat-1"));
  }

  @Test
  void withoutAKeyEachStartHashesDifferently() {
    assertThat(new PatientIdHasher((String) null).hash("pat-1")).isNotEqualTo(new PatientIdHasher("").hash("pat-1"));
  }

  @Test
  void aShortKeyIsRefused() {
    assertThatThrownBy(() -> new PatientIdHasher("short")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mcrpc.audit.patient-id-key");
  }

  @Test
  void noIdNoHash() {
    assertThat(new PatientIdHasher(KEY).hash(null)).isNull();
  }
}
