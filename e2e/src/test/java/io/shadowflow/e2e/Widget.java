package io.shadowflow.e2e;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** The test CRD's Widget as a typed custom resource, for the operator test. */
@Group("e2e.shadowflow.io")
@Version("v1")
public class Widget extends CustomResource<Widget.Spec, Widget.Status> implements Namespaced {
  private static final long serialVersionUID = 1L;

  /** What a user asks for. */
  public static class Spec {
    public Integer replicas;
    public String color;
  }

  /** What the operator reports. */
  public static class Status {
    public String phase;
    public Integer replicas;
  }
}
