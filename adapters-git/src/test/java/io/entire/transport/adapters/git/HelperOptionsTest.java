package io.entire.transport.adapters.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** G7: options git sets, and how they reach fetch-pack (G5) and send-pack (G6). */
class HelperOptionsTest {
  private final HelperOptions options = new HelperOptions();

  private static final List<String> FETCH_BASE =
      List.of("fetch-pack", "--stateless-rpc", "--stdin", "--lock-pack", "--thin");

  @ParameterizedTest(name = "G7 option {0} {1} -> {2}")
  @CsvSource({
    "verbosity, 2, ok",
    "verbosity, 0, ok",
    "verbosity, abc, error invalid verbosity",
    "verbosity, '', error invalid verbosity",
    "progress, true, ok",
    "progress, false, ok",
    "progress, yes, error invalid progress",
    "depth, 1, ok",
    "depth, 2147483647, ok",
    "depth, abc, error invalid depth",
    "depth, -1, error invalid depth",
    "depth, 1.5, error invalid depth",
    "deepen-since, 1700000000, ok",
    "deepen-since, '', error invalid deepen-since",
    "deepen-not, refs/heads/old, ok",
    "deepen-relative, true, ok",
    "deepen-relative, maybe, error invalid deepen-relative",
    "followtags, true, ok",
    "dry-run, true, ok",
    "dry-run, 1, error invalid dry-run",
    "cas, refs/heads/main:0123, ok",
    "force-if-includes, true, ok",
    "atomic, true, ok",
    "atomic, TRUE, error invalid atomic",
    "push-option, ci.skip, ok",
    "pushcert, if-asked, ok",
    "pushcert, always, error invalid pushcert",
    "filter, blob:none, ok",
    "object-format, true, ok",
    "object-format, sha256, error invalid object-format",
    "check-connectivity, true, ok",
    "cloning, true, ok",
    "update-shallow, true, ok",
    "servpath, /x, unsupported",
    "family, ipv4, unsupported",
    "from-promisor, true, ok",
    "from-promisor, maybe, error invalid from-promisor",
    "from-promisor, 1, ok",
    "no-dependents, 1, ok",
    "no-dependents, true, ok",
    "refetch, true, ok",
    "force, true, unsupported",
    "made-up, x, unsupported",
  })
  void g7RepliesOkUnsupportedOrError(String name, String value, String reply) {
    assertEquals(reply, options.apply(name, value));
  }

  @Test
  void g7InvalidQuotingIsAnErrorForKnownOptionsAndStillUnsupportedForOthers() {
    assertEquals("error invalid push-option", options.apply("push-option", "\"open"));
    assertEquals("unsupported", options.apply("servpath", "\"open"));
  }

  @Test
  void fetchDefaultsMirrorGitsHttpHelper() {
    assertEquals(concat(FETCH_BASE, "--no-progress", "URL"), options.fetchPackArguments("URL"));
  }

  @Test
  void g5FetchOptionsBecomeFetchPackArguments() {
    apply("followtags", "true");
    apply("verbosity", "3");
    apply("check-connectivity", "true");
    apply("cloning", "true");
    apply("update-shallow", "true");
    apply("progress", "true");
    apply("depth", "5");
    apply("deepen-since", "\"1700000000\"");
    apply("deepen-not", "refs/heads/a");
    apply("deepen-not", "\"refs/heads/with space\"");
    apply("deepen-relative", "true");
    apply("filter", "\"blob:limit=1k\"");
    assertEquals(
        List.of(
            "fetch-pack",
            "--stateless-rpc",
            "--stdin",
            "--lock-pack",
            "--include-tag",
            "--thin",
            "-v",
            "-v",
            "--check-self-contained-and-connected",
            "--cloning",
            "--update-shallow",
            "--depth=5",
            "--shallow-since=1700000000",
            "--shallow-exclude=refs/heads/a",
            "--shallow-exclude=refs/heads/with space",
            "--deepen-relative",
            "--filter=blob:limit=1k",
            "https://h/r"),
        options.fetchPackArguments("https://h/r"));
  }

  @Test
  void g7FromPromisorAsGitCloneSendsItReachesFetchPack() {
    // git clone --filter sends "option from-promisor 1" (the transport's value, not "true").
    assertEquals("ok", options.apply("from-promisor", "1"));
    assertTrue(options.fetchPackArguments("u").contains("--from-promisor"));
    assertEquals("ok", options.apply("from-promisor", "0"));
    assertTrue(!options.fetchPackArguments("u").contains("--from-promisor"));
  }

  @Test
  void partialCloneOptionsReachFetchPack() {
    // A filtered clone sends from-promisor; without --from-promisor fetch-pack does not mark the
    // pack as a promisor pack and git reports the filtered-out blobs as missing.
    apply("filter", "blob:none");
    apply("from-promisor", "true");
    apply("no-dependents", "true");
    apply("refetch", "true");
    List<String> args = options.fetchPackArguments("u");
    assertTrue(args.contains("--filter=blob:none"), args::toString);
    assertTrue(args.contains("--from-promisor"), args::toString);
    assertTrue(args.contains("--no-dependents"), args::toString);
    assertTrue(args.contains("--refetch"), args::toString);
    assertEquals("u", args.get(args.size() - 1));
  }

  @Test
  void deepenRelativeNeedsADepthAsInGit() {
    apply("deepen-relative", "true");
    assertFalse(options.fetchPackArguments("u").contains("--deepen-relative"));
  }

  @Test
  void laterValuesReplaceEarlierOnesForSingleValuedOptions() {
    apply("depth", "5");
    apply("depth", "0");
    assertFalse(options.fetchPackArguments("u").stream().anyMatch(a -> a.startsWith("--depth")));
  }

  @Test
  void g6PushDefaults() {
    assertEquals(
        List.of(
            "send-pack",
            "--stateless-rpc",
            "--helper-status",
            "--thin",
            "--no-progress",
            "--stdin",
            "URL"),
        options.sendPackArguments("URL"));
  }

  @Test
  void g6PushOptionsBecomeSendPackArguments() {
    apply("dry-run", "true");
    apply("pushcert", "true");
    apply("atomic", "true");
    apply("verbosity", "2");
    apply("push-option", "ci.skip");
    apply("push-option", "\"a\\tb\"");
    apply("progress", "true");
    apply("cas", "refs/heads/main:abc");
    apply("cas", "\"refs/heads/x\"");
    apply("force-if-includes", "true");
    assertEquals(
        List.of(
            "send-pack",
            "--stateless-rpc",
            "--helper-status",
            "--thin",
            "--dry-run",
            "--signed=yes",
            "--atomic",
            "--verbose",
            "--push-option=ci.skip",
            "--push-option=a\tb",
            "--progress",
            "--force-with-lease=refs/heads/main:abc",
            "--force-with-lease=refs/heads/x",
            "--force-if-includes",
            "--stdin",
            "URL"),
        options.sendPackArguments("URL"));
    assertTrue(options.dryRun());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0"})
  void quietPushAtVerbosityZero(String verbosity) {
    apply("verbosity", verbosity);
    apply("pushcert", "if-asked");
    List<String> args = options.sendPackArguments("u");
    assertTrue(args.contains("--quiet"));
    assertTrue(args.contains("--signed=if-asked"));
    assertFalse(args.contains("--verbose"));
  }

  @Test
  void objectFormatIsRemembered() {
    assertFalse(options.objectFormat());
    apply("object-format", "true");
    assertTrue(options.objectFormat());
  }

  private void apply(String name, String value) {
    assertEquals("ok", options.apply(name, value), name);
  }

  private static List<String> concat(List<String> base, String... more) {
    List<String> all = new java.util.ArrayList<>(base);
    all.addAll(List.of(more));
    return all;
  }
}
