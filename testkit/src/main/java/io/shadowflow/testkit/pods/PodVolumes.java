package io.shadowflow.testkit.pods;

import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.shadowflow.testkit.Folders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The volumes of a local pod: each mounted ConfigMap's keys are written as files into a folder of
 * the pod's own, each {@code emptyDir} is a folder of the pod's own that its containers share, and
 * a container's paths under a mount point (in its command, args and env) are mapped there, since a
 * local process cannot see {@code /etc/...} as a container would. Other volume types are left to
 * the host.
 */
final class PodVolumes {
  private final ContainerEnvironment environment;
  private final Path root;

  /** {@code environment} looks the ConfigMaps up, as it does for env. */
  PodVolumes(ContainerEnvironment environment, Path root) {
    this.environment = environment;
    this.root = root;
  }

  /**
   * Writes the container's ConfigMap volumes, makes its emptyDir folders (kept while the pod lives,
   * for its next container), and returns mount path to local folder.
   *
   * @throws ContainerEnvironment.ConfigException when a ConfigMap is missing and not optional, as a
   *     kubelet keeps such a pod in ContainerCreating; a missing optional one mounts empty
   */
  Map<String, Path> materialise(Pod pod, Container container)
      throws ContainerEnvironment.ConfigException {
    Map<String, Path> mounts = new LinkedHashMap<>();
    List<VolumeMount> volumeMounts =
        container.getVolumeMounts() == null ? List.of() : container.getVolumeMounts();
    for (VolumeMount mount : volumeMounts) {
      Volume volume = volume(pod, mount.getName());
      if (volume != null && volume.getEmptyDir() != null) {
        Path dir = podDir(pod).resolve(mount.getName());
        createDirectories(dir);
        mounts.put(mount.getMountPath(), dir);
      }
      ConfigMapVolumeSource source = volume == null ? null : volume.getConfigMap();
      if (source == null) {
        continue;
      }
      Map<String, String> data;
      try {
        data =
            environment.data(
                ContainerEnvironment.Source.CONFIG_MAP,
                pod.getMetadata().getNamespace(),
                source.getName(),
                source.getOptional());
      } catch (ContainerEnvironment.ConfigException e) {
        throw new ContainerEnvironment.ConfigException(
            e.getMessage() + " for volume " + mount.getName());
      }
      Path dir = podDir(pod).resolve(mount.getName());
      write(dir, data);
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

  /** Removes the pod's folders: its process has ended, could not start, or the pod is gone. */
  void release(String podUid) {
    Folders.delete(root.resolve(podUid));
  }

  private Path podDir(Pod pod) {
    return root.resolve(pod.getMetadata().getUid());
  }

  private static Volume volume(Pod pod, String volumeName) {
    List<Volume> volumes =
        pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
    return volumes.stream().filter(v -> v.getName().equals(volumeName)).findFirst().orElse(null);
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
