package io.shadowflow.e2e.pods;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * ConfigMap volumes of a local pod: each mounted ConfigMap's keys are written as files into a
 * folder of the pod's own, and the container's paths under the mount point are mapped there, since
 * a local process cannot see {@code /etc/...} as a container would. Other volume types (such as an
 * {@code emptyDir} on {@code /tmp}) are left to the host.
 */
final class ConfigMapVolumes {
  private final KubernetesClient client;
  private final Path root;

  ConfigMapVolumes(KubernetesClient client, Path root) {
    this.client = client;
    this.root = root;
  }

  /**
   * Writes the pod's ConfigMap volumes and returns mount path to local folder.
   *
   * @throws ContainerEnvironment.ConfigException when a ConfigMap is missing, as a kubelet keeps
   *     such a pod in ContainerCreating
   */
  Map<String, Path> materialise(Pod pod, Container container)
      throws ContainerEnvironment.ConfigException {
    Map<String, Path> mounts = new LinkedHashMap<>();
    List<VolumeMount> volumeMounts =
        container.getVolumeMounts() == null ? List.of() : container.getVolumeMounts();
    for (VolumeMount mount : volumeMounts) {
      ConfigMapVolumeSource source = configMapSource(pod, mount.getName());
      if (source == null) {
        continue;
      }
      ConfigMap configMap =
          client
              .configMaps()
              .inNamespace(pod.getMetadata().getNamespace())
              .withName(source.getName())
              .get();
      if (configMap == null) {
        throw new ContainerEnvironment.ConfigException(
            "configmap \"" + source.getName() + "\" not found for volume " + mount.getName());
      }
      Path dir = podDir(pod).resolve(mount.getName());
      write(dir, configMap.getData() == null ? Map.of() : configMap.getData());
      mounts.put(mount.getMountPath(), dir);
    }
    return mounts;
  }

  /** A command or argument with a path under a mount point pointed at the local folder. */
  static String mapPath(String value, Map<String, Path> mounts) {
    for (Map.Entry<String, Path> mount : mounts.entrySet()) {
      String mountPath = mount.getKey();
      if (value.equals(mountPath) || value.startsWith(mountPath + "/")) {
        return mount.getValue() + value.substring(mountPath.length());
      }
    }
    return value;
  }

  /** Removes the pod's folders once its process has ended. */
  void release(String podUid) {
    Path dir = root.resolve(podUid);
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path podDir(Pod pod) {
    return root.resolve(pod.getMetadata().getUid());
  }

  private static ConfigMapVolumeSource configMapSource(Pod pod, String volumeName) {
    List<Volume> volumes =
        pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
    return volumes.stream()
        .filter(v -> v.getName().equals(volumeName))
        .map(Volume::getConfigMap)
        .filter(source -> source != null)
        .findFirst()
        .orElse(null);
  }

  private static void write(Path dir, Map<String, String> data) {
    try {
      Files.createDirectories(dir);
      for (Map.Entry<String, String> entry : data.entrySet()) {
        Files.writeString(dir.resolve(entry.getKey()), entry.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
