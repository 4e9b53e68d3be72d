package io.shadowflow.testkit;

import java.nio.file.Path;
import java.util.Optional;

/** Where the API server finds a pod's log for {@code kubectl logs}: the pod runner knows. */
@FunctionalInterface
public interface PodLogSource {
  /** The log file of the pod's (only) container, if the pod ever ran. */
  Optional<Path> podLog(String namespace, String pod);
}
