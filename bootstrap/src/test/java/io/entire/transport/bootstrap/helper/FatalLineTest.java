package io.entire.transport.bootstrap.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FatalLineTest {
  @Test
  void g9_multiLineServerTextBecomesOneLine() {
    assertEquals(
        "fatal: server error (HTTP 500): disk full on node 3 call the operator",
        FatalLine.of("server error (HTTP 500): disk full\r\non node 3\n\n  call the operator\n"));
  }

  @Test
  void g9_controlCharactersAndUnicodeLineBreaksAreFoldedToSingleSpaces() {
    assertEquals(
        "fatal: a b c d e f g", FatalLine.of("a\tb\u000bc\u0085d\u2028e\u2029f\u001b\u007fg"));
  }

  @Test
  void g9_leadingAndTrailingWhitespaceIsDropped() {
    assertEquals("fatal: operation cancelled", FatalLine.of(" \n operation cancelled \n"));
  }

  @Test
  void g9_printableTextIsKeptAsItIs() {
    String message = "repository not found: https://host/org/r\u00e9po \ud83d\ude80 (x = 1; y = 2)";

    assertEquals("fatal: " + message, FatalLine.of(message));
  }

  @Test
  void g9_missingOrBlankMessageStillNamesAnError() {
    assertEquals("fatal: unknown error", FatalLine.of(null));
    assertEquals("fatal: unknown error", FatalLine.of(" \r\n\t"));
  }
}
