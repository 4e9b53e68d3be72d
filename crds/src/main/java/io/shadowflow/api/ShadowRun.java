package io.shadowflow.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** Replays a Workflow's definition over many seeds on several workers, and reports divergence. */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Singular("shadowrun")
@Plural("shadowruns")
@ShortNames("sr")
@Categories(ApiGroup.CATEGORY)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(
    name = "Workers",
    jsonPath = ".spec.workers",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Cycles",
    jsonPath = ".status.cycles",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Replayed",
    jsonPath = ".status.workflowsReplayed",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Mismatches",
    jsonPath = ".status.mismatches",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Deterministic",
    jsonPath = ".status.conditions[?(@.type==\"Deterministic\")].status")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class ShadowRun extends CustomResource<ShadowRunSpec, ShadowRunStatus>
    implements Namespaced {
  public static final String KIND = "ShadowRun";
}
