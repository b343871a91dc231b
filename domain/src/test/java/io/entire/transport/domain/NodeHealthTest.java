package io.entire.transport.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NodeHealthTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void D3_ejectionDoublesFrom30SecondsAndStopsAt10Minutes() {
    assertEquals(Duration.ofSeconds(30), NodeHealth.ejectionAfter(1));
    assertEquals(Duration.ofSeconds(60), NodeHealth.ejectionAfter(2));
    assertEquals(Duration.ofSeconds(120), NodeHealth.ejectionAfter(3));
    assertEquals(Duration.ofSeconds(240), NodeHealth.ejectionAfter(4));
    assertEquals(Duration.ofSeconds(480), NodeHealth.ejectionAfter(5));
    assertEquals(Duration.ofMinutes(10), NodeHealth.ejectionAfter(6));
    assertEquals(Duration.ofMinutes(10), NodeHealth.ejectionAfter(NodeHealth.MAX_FAILURES));
    assertEquals(Duration.ofMinutes(10), NodeHealth.ejectionAfter(Integer.MAX_VALUE));
    assertThrows(IllegalArgumentException.class, () -> NodeHealth.ejectionAfter(0));
  }

  @Test
  void D3_eachFailureCountsOnAndEjectsFromItsOwnInstant() {
    NodeHealth first = NodeHealth.afterFailure(null, T0);
    assertEquals(new NodeHealth(1, T0.plusSeconds(30)), first);
    Instant later = T0.plusSeconds(45);
    NodeHealth second = NodeHealth.afterFailure(first, later);
    assertEquals(new NodeHealth(2, later.plusSeconds(60)), second);
  }

  @Test
  void D3_theCountStopsAtItsBound() {
    NodeHealth many = new NodeHealth(NodeHealth.MAX_FAILURES, T0);
    assertEquals(NodeHealth.MAX_FAILURES, NodeHealth.afterFailure(many, T0).consecutiveFailures());
  }

  @Test
  void D3_ejectionEndsAtEjectedUntilExclusive() {
    NodeHealth health = new NodeHealth(1, T0.plusSeconds(30));
    assertTrue(health.isEjectedAt(T0));
    assertTrue(health.isEjectedAt(T0.plusSeconds(30).minusNanos(1)));
    assertFalse(health.isEjectedAt(T0.plusSeconds(30)));
  }

  @Test
  void D3_aRecordNeedsAtLeastOneFailure() {
    assertThrows(IllegalArgumentException.class, () -> new NodeHealth(0, T0));
    assertThrows(IllegalArgumentException.class, () -> new NodeHealth(-3, T0));
    assertThrows(
        IllegalArgumentException.class, () -> new NodeHealth(NodeHealth.MAX_FAILURES + 1, T0));
    assertThrows(NullPointerException.class, () -> new NodeHealth(1, null));
  }

  @Test
  void D3_mergeKeepsMoreFailuresThenTheLaterEjection() {
    NodeHealth two = new NodeHealth(2, T0);
    NodeHealth oneLater = new NodeHealth(1, T0.plusSeconds(99));
    NodeHealth twoLater = new NodeHealth(2, T0.plusSeconds(5));
    assertSame(two, NodeHealth.merge(two, oneLater));
    assertSame(two, NodeHealth.merge(oneLater, two));
    assertSame(twoLater, NodeHealth.merge(two, twoLater));
    assertSame(two, NodeHealth.merge(two, null));
    assertSame(two, NodeHealth.merge(null, two));
    assertNull(NodeHealth.merge(null, null));
  }
}
