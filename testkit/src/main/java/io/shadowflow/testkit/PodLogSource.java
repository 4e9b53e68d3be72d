package io.shadowflow.testkit;

import java.nio.file.Path;
import java.util.Optional;

/** Where the API server finds a pod's log for {@code kubectl logs}: the pod runner knows. */
@FunctionalInterface
public interface PodLogSource {
  /**
   * The log file of one of the pod's containers, if it ever ran.
   *
   * @param container the container's name, or null for the pod's (only) main container
   */
  Optional<Path> podLog(String namespace, String pod, String container);
}
