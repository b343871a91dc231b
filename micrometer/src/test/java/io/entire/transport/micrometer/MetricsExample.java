package io.entire.transport.micrometer;

import io.entire.transport.EntireClient;
import io.entire.transport.EntireSession;
import io.entire.transport.bootstrap.NoAuthModule;
import io.entire.transport.domain.GitService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

public final class MetricsExample {
  /** Reads a repository's refs, then returns how many requests were answered with a 2xx. */
  public static long successfulAttempts(String repositoryUrl, Path cacheFile) throws IOException {
    MeterRegistry registry = new SimpleMeterRegistry(); // or your application's registry
    try (EntireClient client =
            EntireClient.builder()
                .authentication(new NoAuthModule())
                .cacheFile(cacheFile)
                .eventListener(new MicrometerEventListener(registry))
                .build();
        EntireSession repo = client.open(repositoryUrl);
        InputStream refs = repo.infoRefs(GitService.UPLOAD_PACK)) {
      refs.transferTo(OutputStream.nullOutputStream());
    }
    Timer ok = registry.get("entire.transport.attempt").tag("outcome", "status_2xx").timer();
    return ok.count();
  }
}
