package app.vote.reliability;

import java.util.Optional;

/** The suite's settings, passed by the {@code reliability} Maven profile as system properties. */
final class ReliabilitySettings {

    private ReliabilitySettings() {
    }

    static String required(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + name + " is not set; run the suite with "
                    + "./mvnw verify -Preliability (see RELIABILITY.md)");
        }
        return value;
    }

    static Optional<String> optional(String name) {
        return Optional.ofNullable(System.getProperty(name)).filter(value -> !value.isBlank());
    }

    static String workDir() {
        return required("vote.reliability.workDir");
    }

    static int integer(String name, int defaultValue) {
        return optional(name).map(Integer::parseInt).orElse(defaultValue);
    }
}
