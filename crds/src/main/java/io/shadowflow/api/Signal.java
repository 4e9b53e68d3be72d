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

/**
 * A signal for a Workflow's run, such as an approval: {@code kubectl apply} delivers it to the
 * run's wait step once, and its status says whether it was delivered or why it was refused.
 */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Singular("signal")
@Plural("signals")
@ShortNames("sig")
@Categories(ApiGroup.CATEGORY)
@AdditionalPrinterColumn(name = "Workflow", jsonPath = ".spec.workflowRef.name")
@AdditionalPrinterColumn(name = "Signal", jsonPath = ".spec.signal")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class Signal extends CustomResource<SignalSpec, SignalStatus> implements Namespaced {
  public static final String KIND = "Signal";
}
