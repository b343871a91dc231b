package io.entire.transport.testkit;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority, made in memory per cluster: an EC P-256 root and the server
 * and client certificates it signs. Certificates are valid from an hour ago (clock skew between the
 * JVM and curl does not matter) for {@link #VALIDITY}, long enough for a {@link TestClusterMain}
 * left running.
 *
 * <p>The certificates are what curl/OpenSSL and the JDK both insist on: the root is a critical
 * {@code CA:TRUE} with {@code keyCertSign}; leaves carry {@code CA:FALSE}, key usage, extended key
 * usage ({@code serverAuth} or {@code clientAuth}), key identifiers and, for servers, subject
 * alternative names (DNS and IP).
 *
 * <p>Thread-safe: issuing only reads the root.
 */
final class CertificateAuthority {

  static final Duration VALIDITY = Duration.ofDays(30);
  private static final String SIGNATURE = "SHA256withECDSA";

  private final KeyPair keys;
  private final X509Certificate certificate;
  private final SecureRandom random = new SecureRandom();
  private final Instant notBefore = Instant.now().minus(Duration.ofHours(1));
  private final Instant notAfter = notBefore.plus(VALIDITY);

  /** A certificate and the key pair it certifies. */
  record Issued(KeyPair keys, X509Certificate certificate) {}

  /** The key types the testkit issues certificates for. */
  enum KeyType {
    RSA,
    EC
  }

  private CertificateAuthority(String commonName) throws GeneralSecurityException {
    this.keys = generate(KeyType.EC);
    X500Name name = new X500Name("CN=" + commonName);
    X509v3CertificateBuilder builder = builder(name, name, keys.getPublic());
    try {
      builder
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(
              Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(
              Extension.subjectKeyIdentifier,
              false,
              new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
    } catch (CertIOException e) {
      throw new GeneralSecurityException("cannot build the CA certificate", e);
    }
    this.certificate = sign(builder);
  }

  /**
   * Makes a new root named {@code commonName}.
   *
   * @throws IllegalStateException when the JDK lacks EC or ECDSA (it never does on JDK 17)
   */
  static CertificateAuthority create(String commonName) {
    try {
      return new CertificateAuthority(commonName);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create the testkit CA: " + e.getMessage(), e);
    }
  }

  X509Certificate certificate() {
    return certificate;
  }

  /** A server certificate (EC key) for {@code dnsNames} and {@code ipAddresses}. */
  Issued issueServer(String commonName, List<String> dnsNames, List<String> ipAddresses) {
    List<GeneralName> names = new ArrayList<>();
    dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
    ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
    return issue(
        commonName,
        KeyType.EC,
        KeyPurposeId.id_kp_serverAuth,
        new GeneralNames(names.toArray(GeneralName[]::new)));
  }

  /** A client certificate with a new key of {@code type}. */
  Issued issueClient(String commonName, KeyType type) {
    return issue(commonName, type, KeyPurposeId.id_kp_clientAuth, null);
  }

  private Issued issue(
      String commonName, KeyType type, KeyPurposeId purpose, GeneralNames alternativeNames) {
    try {
      KeyPair leaf = generate(type);
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      int usage =
          type == KeyType.RSA
              ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment
              : KeyUsage.digitalSignature;
      X509v3CertificateBuilder builder =
          builder(
                  X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                  new X500Name("CN=" + commonName),
                  leaf.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
              .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  utils.createSubjectKeyIdentifier(leaf.getPublic()))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  utils.createAuthorityKeyIdentifier(certificate));
      if (alternativeNames != null) {
        builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames);
      }
      return new Issued(leaf, sign(builder));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException(
          "cannot issue a testkit certificate for " + commonName + ": " + e.getMessage(), e);
    }
  }

  private X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key) {
    // positive and at most 20 octets, as RFC 5280 4.1.2.2 wants
    BigInteger serial = new BigInteger(64, random).add(BigInteger.ONE);
    return new JcaX509v3CertificateBuilder(
        issuer, serial, Date.from(notBefore), Date.from(notAfter), subject, key);
  }

  private X509Certificate sign(X509v3CertificateBuilder builder) throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder(SIGNATURE).build(keys.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign with " + SIGNATURE, e);
    }
  }

  private static KeyPair generate(KeyType type) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(type.name());
    if (type == KeyType.EC) {
      generator.initialize(new ECGenParameterSpec("secp256r1"));
    } else {
      generator.initialize(2048);
    }
    return generator.generateKeyPair();
  }
}
