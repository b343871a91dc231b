package io.entire.transport.adapters.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Makes test keys and certificates with the openssl CLI (installed on the build machine). */
final class OpenSsl {
  private final Path dir;

  OpenSsl(Path dir) {
    this.dir = dir;
  }

  /** Runs {@code openssl <args>} in the directory; fails the test when openssl fails. */
  Path run(String output, String... args) {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new AssertionError("openssl " + command + " failed:\n" + log);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run openssl", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return dir.resolve(output);
  }

  /** An RSA key, PKCS#8 ({@code PRIVATE KEY}). */
  Path rsaKey(String name) {
    return run(
        name, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", name);
  }

  /** A P-256 key, PKCS#8 ({@code PRIVATE KEY}). */
  Path ecKey(String name) {
    return run(
        name, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", name);
  }

  /** The same RSA key as PKCS#1 ({@code RSA PRIVATE KEY}). */
  Path pkcs1(Path rsaKey, String name) {
    return run(name, "rsa", "-in", rsaKey.toString(), "-traditional", "-out", name);
  }

  /** The same EC key as SEC1 ({@code EC PRIVATE KEY}). */
  Path sec1(Path ecKey, String name) {
    return run(name, "ec", "-in", ecKey.toString(), "-out", name);
  }

  /** A self-signed certificate for a key. */
  Path selfSigned(Path key, String subject, String name) {
    return run(
        name,
        "req",
        "-x509",
        "-new",
        "-key",
        key.toString(),
        "-subj",
        "/CN=" + subject,
        "-days",
        "2",
        "-out",
        name);
  }

  /** A certificate for {@code key} signed by a CA. */
  Path signed(Path key, String subject, Path caCert, Path caKey, String name) {
    Path csr =
        run(
            name + ".csr",
            "req",
            "-new",
            "-key",
            key.toString(),
            "-subj",
            "/CN=" + subject,
            "-out",
            name + ".csr");
    return run(
        name,
        "x509",
        "-req",
        "-in",
        csr.toString(),
        "-CA",
        caCert.toString(),
        "-CAkey",
        caKey.toString(),
        "-set_serial",
        "2",
        "-days",
        "2",
        "-out",
        name);
  }
}
