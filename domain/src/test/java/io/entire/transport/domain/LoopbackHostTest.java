package io.entire.transport.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** G1: which hosts may use plain http without ENTIRE_ALLOW_HTTP; decided without DNS. */
class LoopbackHostTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        "LOCALHOST",
        "localhost.",
        "127.0.0.1",
        "127.1.2.3",
        "127.255.255.255",
        "[::1]",
        "[0:0:0:0:0:0:0:1]",
        "[0000::0001]"
      })
  void g1_loopbackHosts(String host) {
    assertTrue(LoopbackHost.isLoopback(host), host);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "localhost.example.dev",
        "127.0.0.1.nip.io",
        "10.0.0.1",
        "128.0.0.1",
        "127.0.0.256",
        "0177.0.0.1",
        "127.1",
        "[::2]",
        "[::ffff:10.0.0.1]",
        "[localhost]",
        "[]",
        "eu.example.dev"
      })
  void g1_everythingElseIsNot(String host) {
    assertFalse(LoopbackHost.isLoopback(host), host);
  }
}
