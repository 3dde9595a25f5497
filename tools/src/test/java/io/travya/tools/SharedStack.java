package io.travya.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@link ServiceStack} of the three packaged services as they come (no gateway, no setting of a
 * test's own), started for the first system test that asks for it ({@code @ExtendWith(SharedStack.class)}
 * and a {@link ServiceStack} parameter) and stopped when the test run ends: the system tests that only
 * call the services share it instead of starting a stack each, about half a minute every time.
 *
 * <p>A test that shares it works with users, trips and records of its own only, and never stops, kills
 * or reconfigures a service; a test that does (or reads a whole topic's or database's figures, as
 * ReadModelsSystemIT does) starts a stack of its own.
 */
final class SharedStack implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedStack.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ServiceStack.class;
    }

    /** The stack, kept in the root store, which closes it (an AutoCloseable) once every test has run. */
    @Override
    public ServiceStack resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .computeIfAbsent(ServiceStack.class, key -> start(), ServiceStack.class);
    }

    private static ServiceStack start() {
        try {
            return new ServiceStack(Path.of(".."), Path.of("target"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
