package io.shadowflow.engine.cli;

import io.shadowflow.engine.secret.SecretDirectory;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where http steps read secret values: {@code DIR/NAME/KEY}, as Secrets are mounted in pods. */
final class SecretOptions {
  @Option(
      names = "--secrets-dir",
      defaultValue = "${env:" + SecretDirectory.ENV + "}",
      description =
          "Folder of secret values, one file DIR/NAME/KEY per Secret key (env "
              + SecretDirectory.ENV
              + ").")
  Path dir;

  SecretDirectory directory() {
    return dir == null ? SecretDirectory.NONE : new SecretDirectory(dir);
  }
}
