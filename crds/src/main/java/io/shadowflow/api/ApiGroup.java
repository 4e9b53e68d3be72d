package io.shadowflow.api;

/** Group and version of the shadowflow custom resources, in one place. */
public final class ApiGroup {
  public static final String GROUP = "shadowflow.io";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  private ApiGroup() {}
}
