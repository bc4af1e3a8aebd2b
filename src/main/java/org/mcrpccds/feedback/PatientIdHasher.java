package org.mcrpccds.feedback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Turns a patient id into a keyed HMAC-SHA256 (hex), so the audit can tell that two calls concern
 * the same patient without holding an id that could be looked up. A plain hash would not do: ids
 * are short and guessable, so anyone could hash candidates and compare.
 */
@Component
public class PatientIdHasher {
  private static final Logger log = LoggerFactory.getLogger(PatientIdHasher.class);
  private static final String ALGORITHM = "HmacSHA256";
  static final int MIN_KEY_LENGTH = 32;

  private final SecretKeySpec key;
  /** A Mac is not thread-safe, and creating one looks up its provider: one per server thread, reused. */
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

  @Autowired
  public PatientIdHasher(AuditProperties properties) {
    this(properties.patientIdKey());
  }

  PatientIdHasher(String configuredKey) {
    if (configuredKey == null || configuredKey.isBlank()) {
      log.warn("mcrpc.audit.patient-id-key is not set: patient ids are hashed with a key generated at startup, "
          + "so audit hashes cannot be compared across restarts. Set it in production.");
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      this.key = new SecretKeySpec(random, ALGORITHM);
    } else if (configuredKey.length() < MIN_KEY_LENGTH) {
      throw new IllegalStateException("mcrpc.audit.patient-id-key must be at least " + MIN_KEY_LENGTH + " characters");
    } else {
      this.key = new SecretKeySpec(configuredKey.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }
  }

  /** The hex HMAC of {@code patientId}, or null when there is no id. */
  public String hash(String patientId) {
    if (patientId == null) {
      return null;
    }
    // doFinal leaves the Mac reset for the next id
    return HexFormat.of().formatHex(macs.get().doFinal(patientId.getBytes(StandardCharsets.UTF_8)));
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
