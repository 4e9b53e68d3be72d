package io.shadowflow.testkit.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One resource type the API server serves, as discovery describes it.
 *
 * @param group API group, empty for the core group
 * @param version API version
 * @param plural the resource name in paths, e.g. {@code workflows}
 * @param singular e.g. {@code workflow}
 * @param kind e.g. {@code Workflow}
 * @param namespaced whether objects live in a namespace
 * @param shortNames e.g. {@code wf}
 * @param categories e.g. {@code all}, {@code shadowflow}
 * @param hasStatus whether {@code /status} is a subresource (then writes to the object ignore it)
 * @param scale the Scale subresource's paths, or null when there is none
 * @param readOnlySubresources other subresources, served with {@code get} only (e.g. pods/log)
 * @param printerColumns a CRD's {@code additionalPrinterColumns}; empty for built-in types
 * @param schema a CRD version's {@code openAPIV3Schema}, for defaulting; null for built-in types
 */
public record ResourceType(
    String group,
    String version,
    String plural,
    String singular,
    String kind,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories,
    boolean hasStatus,
    ScalePaths scale,
    List<String> readOnlySubresources,
    List<PrinterColumn> printerColumns,
    JsonNode schema) {

  /** Where a custom resource keeps what the autoscaling/v1 Scale subresource shows. */
  public record ScalePaths(
      String specReplicasPath, String statusReplicasPath, String labelSelectorPath) {}

  /** A column of {@code kubectl get}, read from the object with a JSONPath. */
  public record PrinterColumn(
      String name, String type, String format, String description, int priority, String jsonPath) {}

  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** The name kubectl prints in messages, e.g. {@code workflows.shadowflow.io}. */
  public String qualifiedName() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  public boolean hasSubresource(String subresource) {
    return switch (subresource) {
      case "status" -> hasStatus;
      case "scale" -> scale != null;
      default -> readOnlySubresources.contains(subresource);
    };
  }
}
