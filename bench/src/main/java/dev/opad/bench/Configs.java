package dev.opad.bench;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Instances of opad's {@code @ConfigMapping} interfaces outside CDI: each method answers the value
 * given for its name. A method without a value fails when called, so a new setting the benchmark
 * does not know about is noticed instead of silently defaulted.
 */
final class Configs {

    private Configs() {
    }

    static <T> T of(Class<T> type, Map<String, Object> values) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            switch (method.getName()) {
                case "toString":
                    return type.getSimpleName() + values;
                case "hashCode":
                    return System.identityHashCode(self);
                case "equals":
                    return self == args[0];
                default:
                    if (!values.containsKey(method.getName())) {
                        throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName()
                                + " has no value in the benchmark");
                    }
                    return values.get(method.getName());
            }
        });
        return type.cast(proxy);
    }
}
