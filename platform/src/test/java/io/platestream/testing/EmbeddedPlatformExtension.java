package io.platestream.testing;

import io.platestream.platform.EmbeddedPlatform;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one real in-process Kafka broker and one embedded schema registry per test JVM, the first
 * time a test asks for them, and stops them when the JVM's tests are done. Tests receive the {@link
 * EmbeddedPlatform} as a parameter and create their own uniquely named topics ({@link TestTopics}),
 * so they never see each other's records.
 */
public final class EmbeddedPlatformExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(EmbeddedPlatformExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == EmbeddedPlatform.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return platform(context);
  }

  /** The shared platform, started on first use. */
  public static EmbeddedPlatform platform(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            "platform", key -> new SharedPlatform(EmbeddedPlatform.start()), SharedPlatform.class)
        .platform();
  }

  /** Closed by JUnit when the root context ends, i.e. after the last test of the JVM. */
  private record SharedPlatform(EmbeddedPlatform platform)
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    @Override
    public void close() {
      platform.close();
    }
  }
}
