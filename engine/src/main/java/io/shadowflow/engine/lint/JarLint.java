package io.shadowflow.engine.lint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Reads a plugin jar's bytecode and finds each call that breaks determinism ({@link
 * DeterminismRules}), by class, method and line. Static: what the bytecode names is found, what
 * reaches the same through an interface or reflection is not (a HashMap iterated as a Map, say).
 */
public final class JarLint {
  /** What was read, and what was found in it. */
  public record Report(int classes, List<Finding> findings) {}

  private final List<String> packages;

  /**
   * @param packages dotted package prefixes to check (a plugin's own, leaving out libraries shaded
   *     into its jar); empty for every class
   */
  public JarLint(List<String> packages) {
    this.packages = packages.stream().map(p -> p.replace('.', '/')).toList();
  }

  /**
   * Every finding in {@code jar}, by class and line.
   *
   * @throws IOException when the file is not a jar that can be read
   */
  public Report lint(Path jar) throws IOException {
    List<Finding> findings = new ArrayList<>();
    int classes = 0;
    try (JarFile file = new JarFile(jar.toFile())) {
      for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
        JarEntry entry = entries.nextElement();
        String name = entry.getName();
        if (!name.endsWith(".class") || name.endsWith("module-info.class") || !checked(name)) {
          continue;
        }
        try (InputStream bytes = file.getInputStream(entry)) {
          new ClassReader(bytes).accept(new ClassScan(findings), 0);
        }
        classes++;
      }
    }
    findings.sort(Comparator.comparing(Finding::className).thenComparingInt(Finding::line));
    return new Report(classes, List.copyOf(findings));
  }

  private boolean checked(String entry) {
    return packages.isEmpty() || packages.stream().anyMatch(entry::startsWith);
  }

  /** Reads one class: its source file's name, then each method's calls with their lines. */
  private static final class ClassScan extends ClassVisitor {
    private final List<Finding> findings;
    private String className;
    private String source = "?";

    ClassScan(List<Finding> findings) {
      super(Opcodes.ASM9);
      this.findings = findings;
    }

    @Override
    public void visit(
        int version,
        int access,
        String name,
        String signature,
        String superName,
        String[] interfaces) {
      className = name.replace('/', '.');
    }

    @Override
    public void visitSource(String file, String debug) {
      source = file;
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      String method = name.startsWith("lambda$") ? lambdaHost(name) : name;
      return new MethodVisitor(Opcodes.ASM9) {
        private int line;

        @Override
        public void visitLineNumber(int number, Label start) {
          line = number;
        }

        @Override
        public void visitMethodInsn(
            int opcode, String owner, String called, String calledDescriptor, boolean itf) {
          for (Rule rule : DeterminismRules.ALL) {
            if (rule.matches(owner, called, calledDescriptor)) {
              findings.add(
                  new Finding(
                      className, method, source, line, rule.call(), rule.breaks(), rule.instead()));
              return;
            }
          }
        }
      };
    }

    /** {@code lambda$apply$0}: a lambda's code is reported under the method that wrote it. */
    private static String lambdaHost(String name) {
      String[] parts = name.split("\\$");
      return parts.length > 1 ? parts[1] + " (a lambda)" : name;
    }
  }
}
