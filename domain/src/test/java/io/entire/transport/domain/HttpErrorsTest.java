package io.entire.transport.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;

class HttpErrorsTest {
  private static final String BASE = "https://r1.example.dev/et/o/r";

  @Test
  void e1_unauthorizedWithServerText() {
    HttpStatusException e = HttpErrors.message(401, "  token expired \n", BASE);
    assertInstanceOf(AuthenticationFailedException.class, e);
    assertEquals("authentication failed: token expired", e.getMessage());
    assertEquals(401, e.status());
  }

  @Test
  void e1_unauthorizedWithoutServerText() {
    for (String empty : new String[] {null, "", "  \n"}) {
      assertEquals(
          "authentication failed - check your credentials (see README: Authentication)",
          HttpErrors.message(401, empty, BASE).getMessage());
    }
  }

  @Test
  void e2_notFoundShowsTheServerText() {
    HttpStatusException e = HttpErrors.message(404, " no such repo: et/o/r ", BASE);
    assertInstanceOf(RepositoryNotFoundException.class, e);
    assertEquals("no such repo: et/o/r", e.getMessage());
    assertEquals(404, e.status());
  }

  @Test
  void e2_notFoundWithoutTextNamesTheRepository() {
    assertEquals("repository not found: " + BASE, HttpErrors.message(404, "", BASE).getMessage());
    assertEquals("repository not found: " + BASE, HttpErrors.message(404, null, BASE).getMessage());
  }

  // E3: other statuses read 'server error (HTTP <code>)', with the server text when there is one.
  @Test
  void e3_otherStatusesWithAndWithoutText() {
    HttpStatusException e = HttpErrors.message(503, " overloaded ", BASE);
    assertEquals(ServerErrorException.class, e.getClass()); // L5
    assertEquals("server error (HTTP 503): overloaded", e.getMessage());
    assertEquals(503, e.status());
    assertEquals("server error (HTTP 403)", HttpErrors.message(403, "", BASE).getMessage());
    assertEquals("server error (HTTP 500)", HttpErrors.message(500, null, BASE).getMessage());
  }

  // S2: RPC errors name the service.
  @Test
  void s2_serviceErrorsNameTheService() {
    assertEquals(
        "git-receive-pack: server error (HTTP 500)",
        HttpErrors.forService(GitService.RECEIVE_PACK, 500, "", BASE).getMessage());
    HttpStatusException auth = HttpErrors.forService(GitService.UPLOAD_PACK, 401, "", BASE);
    assertInstanceOf(AuthenticationFailedException.class, auth);
    assertEquals(
        "git-upload-pack: authentication failed - check your credentials (see README:"
            + " Authentication)",
        auth.getMessage());
    HttpStatusException missing = HttpErrors.forService(GitService.UPLOAD_PACK, 404, "", BASE);
    assertInstanceOf(RepositoryNotFoundException.class, missing);
    assertEquals("git-upload-pack: repository not found: " + BASE, missing.getMessage());
  }

  @Test
  void h1_serverTextIsTrimmed() {
    assertEquals("disk full", HttpErrors.serverText("\n  disk full \r\n"));
    assertEquals("", HttpErrors.serverText(null));
  }

  @Test
  void h1_htmlErrorPagesAreDropped() {
    assertEquals("", HttpErrors.serverText("<!DOCTYPE html><html>502 Bad Gateway</html>"));
    assertEquals("", HttpErrors.serverText("  \n<html><body>oops</body></html>"));
    assertEquals("not html < here", HttpErrors.serverText("not html < here"));
  }

  @Test
  void h1_controlCharactersCannotDriveTheTerminal() {
    assertEquals(
        "bad?[31m red?x\tok\nline", HttpErrors.serverText("bad\u001b[31m red\u007fx\tok\nline"));
  }

  @Test
  void h1_capIsOneKibibyte() {
    assertEquals(1024, HttpErrors.MAX_SERVER_TEXT_BYTES);
  }
}
