package dev.pgstate.agent.fleet;

import java.util.Arrays;

/** Versions such as {@code 0.3.1} or {@code 0.4.0-SNAPSHOT}, compared by their numbers; others are never older. */
final class AgentVersions {

    private AgentVersions() {
    }

    static boolean older(String version, String than) {
        int[] a = numbers(version);
        int[] b = numbers(than);
        return a.length > 0 && b.length > 0 && Arrays.compare(a, b) < 0;
    }

    private static int[] numbers(String version) {
        String release = version.split("-", 2)[0];
        if (!release.matches("\\d+(\\.\\d+)*")) {
            return new int[0];
        }
        return Arrays.stream(release.split("\\.")).mapToInt(Integer::parseInt).toArray();
    }
}
