package dev.pgstate.reconcilers.kind.tls;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** File modes between the octal text a spec uses ({@code 0600}) and NIO's permission sets. */
final class Modes {

    private static final PosixFilePermission[] BY_BIT = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

    private Modes() {
    }

    static String octal(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (int bit = 0; bit < BY_BIT.length; bit++) {
            if (permissions.contains(BY_BIT[bit])) {
                mode |= 1 << bit;
            }
        }
        return String.format("0%03o", mode);
    }

    static Set<PosixFilePermission> permissions(String octal) {
        int mode = Integer.parseInt(octal, 8);
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BY_BIT.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(BY_BIT[bit]);
            }
        }
        return permissions;
    }

    /** {@code 600} and {@code 0600} are the same mode. */
    static String normalize(String octal) {
        return String.format("0%03o", Integer.parseInt(octal, 8));
    }
}
