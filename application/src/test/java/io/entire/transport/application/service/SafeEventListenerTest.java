package io.entire.transport.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.entire.transport.application.port.out.TransportEventListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The listeners of a client as one (O1). */
class SafeEventListenerTest {

  @Test
  void O1_aThrowingListenerKeepsTheEventFromNoOtherListenerAndBreaksNothing() {
    List<String> told = new ArrayList<>();
    TransportEventListener first =
        (TransportEventListener)
            new TransportEventListener() {
              @Override
              public void replicaCacheRead(String repository, boolean hit) {
                told.add("first " + repository);
                throw new IllegalStateException("listener bug");
              }
            };
    TransportEventListener second =
        new TransportEventListener() {
          @Override
          public void replicaCacheRead(String repository, boolean hit) {
            told.add("second " + repository);
          }
        };

    TransportEventListener all = SafeEventListener.of(List.of(first, second));
    all.replicaCacheRead("https://eu.example.dev/r", true);

    assertEquals(
        List.of("first https://eu.example.dev/r", "second https://eu.example.dev/r"), told);
  }

  @Test
  void O1_withoutListenersEveryEventGoesToTheNoOpListenerAndNothingIsBuiltForIt() {
    // The helper's usual case: no delivery is built per event (DESIGN §7, fewer lambdas).
    assertSame(TransportEventListener.NONE, SafeEventListener.of(List.of()));
    assertSame(TransportEventListener.NONE, SafeEventListener.wrap(TransportEventListener.NONE));
  }
}
