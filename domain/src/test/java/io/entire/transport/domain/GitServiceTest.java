package io.entire.transport.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GitServiceTest {

  @Test
  void wireNamesSuffixesAndContentTypes() {
    GitService up = GitService.UPLOAD_PACK;
    assertEquals("git-upload-pack", up.serviceName());
    assertEquals("/info/refs?service=git-upload-pack", up.infoRefsSuffix());
    assertEquals("/git-upload-pack", up.rpcSuffix());
    assertEquals("application/x-git-upload-pack-request", up.requestContentType());
    assertEquals("application/x-git-upload-pack-result", up.resultContentType());
    assertEquals(RepoAction.PULL, up.action());
    assertEquals(RepoAction.PUSH, GitService.RECEIVE_PACK.action());
    assertEquals("repo:pull", RepoAction.PULL.scope());
    assertEquals("repo:push", RepoAction.PUSH.scope());
  }

  @Test
  void fromServiceNameRoundTripsAndNamesUnknownServices() {
    for (GitService s : GitService.values()) {
      assertEquals(s, GitService.fromServiceName(s.serviceName()));
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> GitService.fromServiceName("git-upload-archive"));
    assertEquals("unknown git service: git-upload-archive", e.getMessage());
  }
}
