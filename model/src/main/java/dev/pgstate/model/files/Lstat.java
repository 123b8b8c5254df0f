package dev.pgstate.model.files;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;

/**
 * One lstat of a path (a link is not followed): what {@link FileTrust} judges a file by and stamps it with.
 *
 * <p>Read through the attributes object the JDK makes of the lstat (sun.nio.fs.UnixFileAttributes, whose package the
 * agent's jar opens to it: Add-Opens in the manifest; the tests' JVMs are given the same option), whose owner, mode,
 * device, inode and change time are not public API. Elsewhere, or where that class is built otherwise or reads a
 * known file differently, {@link #JDK_ATTRIBUTES} is false and the public "unix:" view is read instead, which builds a
 * map of the names asked and boxes each value for every file: at 10,000 secret files, which the daemon judges every
 * cycle, that costs about 30 ms of CPU a cycle against 14 ms (C1, the daemon's JIT).
 *
 * @param uid      the owner's user id
 * @param mode     the file's type and permission bits, as st_mode
 * @param changed  the last change of content or attributes (ctime), which nobody can set back
 */
public record Lstat(int uid, int mode, long device, long inode, long size, FileTime modified, FileTime changed) {

    /** Whether this JVM reads the JDK's attributes object; else the public "unix:" view. */
    public static final boolean JDK_ATTRIBUTES;

    private static final String UNIX_VIEW = "unix:uid,mode,dev,ino,size,lastModifiedTime,ctime";
    private static final Class<?> JDK_TYPE;
    /** The JDK attributes object's accessors, each {@code (Object) -> value}; null where not open to the agent. */
    private static final MethodHandle UID;
    private static final MethodHandle MODE;
    private static final MethodHandle DEVICE;
    private static final MethodHandle INODE;
    private static final MethodHandle CHANGED;

    static {
        Class<?> type = null;
        MethodHandle[] accessors = new MethodHandle[5];
        try {
            type = Class.forName("sun.nio.fs.UnixFileAttributes");
            MethodHandles.Lookup inside = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            accessors[0] = accessor(inside, type, "uid", int.class);
            accessors[1] = accessor(inside, type, "mode", int.class);
            accessors[2] = accessor(inside, type, "dev", long.class);
            accessors[3] = accessor(inside, type, "ino", long.class);
            accessors[4] = accessor(inside, type, "ctime", FileTime.class);
        } catch (ReflectiveOperationException | RuntimeException notOpenOrNotThere) {
            type = null;
        }
        JDK_TYPE = type;
        UID = accessors[0];
        MODE = accessors[1];
        DEVICE = accessors[2];
        INODE = accessors[3];
        CHANGED = accessors[4];
        JDK_ATTRIBUTES = type != null && readsTheKnownAnswer();
    }

    /** The lstat of {@code path}. */
    public static Lstat of(Path path) throws IOException {
        if (JDK_ATTRIBUTES) {
            PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (JDK_TYPE.isInstance(attributes)) {
                return fromJdk(attributes);
            }
        }
        return fromUnixView(path);
    }

    /** The lstat of {@code path} through the public "unix:" view, whatever this JVM opens. */
    static Lstat fromUnixView(Path path) throws IOException {
        Map<String, Object> attributes = Files.readAttributes(path, UNIX_VIEW, LinkOption.NOFOLLOW_LINKS);
        return new Lstat((Integer) attributes.get("uid"), (Integer) attributes.get("mode"),
                (Long) attributes.get("dev"), (Long) attributes.get("ino"), (Long) attributes.get("size"),
                (FileTime) attributes.get("lastModifiedTime"), (FileTime) attributes.get("ctime"));
    }

    private static Lstat fromJdk(PosixFileAttributes attributes) {
        try {
            return new Lstat((int) UID.invokeExact((Object) attributes), (int) MODE.invokeExact((Object) attributes),
                    (long) DEVICE.invokeExact((Object) attributes), (long) INODE.invokeExact((Object) attributes),
                    attributes.size(), attributes.lastModifiedTime(),
                    (FileTime) CHANGED.invokeExact((Object) attributes));
        } catch (Throwable cannot) {
            throw new IllegalStateException("the JDK's file attributes could not be read", cannot);
        }
    }

    private static MethodHandle accessor(MethodHandles.Lookup inside, Class<?> type, String name, Class<?> value)
            throws ReflectiveOperationException {
        return inside.findVirtual(type, name, MethodType.methodType(value))
                .asType(MethodType.methodType(value, Object.class));
    }

    /** The JDK's object gives what the public view gives for the file system's root and this JVM's own runtime. */
    private static boolean readsTheKnownAnswer() {
        try {
            for (Path known : new Path[] {Path.of("/"), Path.of(System.getProperty("java.home"))}) {
                PosixFileAttributes attributes = Files.readAttributes(known, PosixFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                if (!JDK_TYPE.isInstance(attributes) || !fromJdk(attributes).equals(fromUnixView(known))) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
    }
}
