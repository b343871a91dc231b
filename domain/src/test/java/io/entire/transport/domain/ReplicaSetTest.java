package io.entire.transport.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaSetTest {
  private static final NodeUrl A = NodeUrl.of("https://a.eu.example.dev");
  private static final NodeUrl B = NodeUrl.of("https://b.eu.example.dev");
  private static final NodeUrl C = NodeUrl.of("https://c.eu.example.dev:8443");

  @Test
  void r1_splitsOnCommasTrimsAndSkipsEmptyEntries() {
    ReplicaSet.Parsed parsed =
        ReplicaSet.parseHeader(
            " https://a.eu.example.dev ,, https://b.eu.example.dev,\t,https://c.eu.example.dev:8443 ,");
    assertEquals(List.of(A, B, C), parsed.replicas().nodes());
    assertEquals(List.of(), parsed.dropped());
  }

  @Test
  void r1_absentOrAllEmptyHeaderMeansNoReplicas() {
    assertTrue(ReplicaSet.parseHeader(null).replicas().isEmpty());
    assertTrue(ReplicaSet.parseHeader("").replicas().isEmpty());
    assertTrue(ReplicaSet.parseHeader(" , ,,  ").replicas().isEmpty());
    assertEquals(List.of(), ReplicaSet.parseHeader(" , ,,  ").dropped());
  }

  @Test
  void r2_dropsRelativeUserinfoFtpAndGarbageEntries() {
    ReplicaSet.Parsed parsed =
        ReplicaSet.parseHeader(
            "/relative,https://user:pw@evil.example.dev,ftp://b.eu.example.dev,"
                + "https://a.eu.example.dev,garbage,https://b.eu.example.dev/path,"
                + "b.eu.example.dev,https://b.eu.example.dev");
    assertEquals(List.of(A, B), parsed.replicas().nodes());
    assertEquals(
        List.of(
            "/relative",
            "https://user:pw@evil.example.dev",
            "ftp://b.eu.example.dev",
            "garbage",
            "https://b.eu.example.dev/path",
            "b.eu.example.dev"),
        parsed.dropped());
  }

  @Test
  void r1_duplicatesAreDroppedKeepingTheFirstPosition() {
    ReplicaSet parsed =
        ReplicaSet.parseHeader(
                "https://b.eu.example.dev,https://a.eu.example.dev,HTTPS://B.eu.example.dev:443")
            .replicas();
    assertEquals(List.of(B, A), parsed.nodes());
  }

  @Test
  void r5_filtersToTheTrustDomain() {
    ClusterTrustDomain trust = ClusterTrustDomain.of("eu.example.dev", TestPublicSuffixes.INSTANCE);
    NodeUrl evil = NodeUrl.of("https://evil.example.com");
    NodeUrl lookalike = NodeUrl.of("https://eu.example.dev.evil.com");
    ReplicaSet.Filtered filtered = ReplicaSet.of(A, evil, B, lookalike).inCluster(trust);
    assertEquals(List.of(A, B), filtered.replicas().nodes());
    assertEquals(List.of(evil, lookalike), filtered.dropped());
  }

  @Test
  void r5_unrestrictedTrustDomainKeepsEverything() {
    ReplicaSet all = ReplicaSet.of(A, NodeUrl.of("http://127.0.0.1:9999"));
    assertEquals(all, all.inCluster(ClusterTrustDomain.unrestricted()).replicas());
  }

  @Test
  void ringOrderWrapsAroundFromTheStart() {
    ReplicaSet set = ReplicaSet.of(A, B, C);
    assertEquals(List.of(A, B, C), set.ringFrom(0));
    assertEquals(List.of(B, C, A), set.ringFrom(1));
    assertEquals(List.of(C, A, B), set.ringFrom(2));
    assertThrows(IndexOutOfBoundsException.class, () -> set.ringFrom(3));
    assertThrows(IndexOutOfBoundsException.class, () -> set.ringFrom(-1));
    assertEquals(List.of(), ReplicaSet.empty().ringFrom(0));
  }

  @Test
  void withoutRemovesOneNodeAndIsImmutable() {
    ReplicaSet set = ReplicaSet.of(A, B, C);
    assertEquals(List.of(A, C), set.without(B).nodes());
    assertEquals(List.of(A, B, C), set.nodes());
    assertTrue(set.without(NodeUrl.of("https://zzz.eu.example.dev")) == set);
    assertTrue(ReplicaSet.of(A).without(A).isEmpty());
  }

  @Test
  void accessors() {
    ReplicaSet set = ReplicaSet.of(List.of(A, B));
    assertEquals(2, set.size());
    assertEquals(A, set.first().orElseThrow());
    assertTrue(ReplicaSet.empty().first().isEmpty());
    assertEquals(1, set.indexOf(B));
    assertEquals(-1, set.indexOf(C));
    assertTrue(set.contains(A));
    assertFalse(set.contains(C));
    assertEquals("https://a.eu.example.dev,https://b.eu.example.dev", set.toHeaderValue());
    assertEquals(set, ReplicaSet.parseHeader(set.toHeaderValue()).replicas());
  }

  // X5 for replica lists: an https cluster never adopts a plain-http replica.
  @Test
  void x5_httpsClusterDropsPlainHttpReplicas() {
    NodeUrl secure = NodeUrl.of("https://node1.eu.example.dev");
    NodeUrl plain = NodeUrl.of("http://node2.eu.example.dev");
    NodeUrl plainLoopback = NodeUrl.of("http://127.0.0.1:8080");
    ReplicaSet.Filtered filtered =
        ReplicaSet.of(plain, secure, plainLoopback).withoutDowngrade(true);
    assertEquals(ReplicaSet.of(secure), filtered.replicas());
    assertEquals(List.of(plain, plainLoopback), filtered.dropped());
  }

  @Test
  void x5_httpClusterKeepsEveryScheme() {
    ReplicaSet set =
        ReplicaSet.of(NodeUrl.of("http://127.0.0.1:8080"), NodeUrl.of("https://127.0.0.1:8443"));
    assertEquals(set, set.withoutDowngrade(false).replicas());
    assertEquals(List.of(), set.withoutDowngrade(false).dropped());
  }

  @Test
  void hardening_replicaHeader_keepsOnlyTheFirst32Replicas() {
    StringBuilder header = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      header.append("https://r").append(i).append(".eu.example.dev,");
    }
    ReplicaSet all = ReplicaSet.parseHeader(header.toString()).replicas();
    assertEquals(40, all.size());
    ReplicaSet.Filtered limited = all.firstAtMost(ReplicaSet.MAX_REPLICAS);
    assertEquals(32, ReplicaSet.MAX_REPLICAS);
    assertEquals(all.nodes().subList(0, 32), limited.replicas().nodes());
    assertEquals(all.nodes().subList(32, 40), limited.dropped());
    assertEquals(List.of(), ReplicaSet.of(A, B).firstAtMost(2).dropped());
    assertThrows(IllegalArgumentException.class, () -> ReplicaSet.of(A).firstAtMost(0));
  }
}
