package dev.pgstate.reconcilers.kind.tls;

import dev.pgstate.model.files.FileTrust;
import dev.pgstate.reconcilers.secret.Secret;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code ssl_passphrase_command} the agent gives the server for an encrypted key: {@code /bin/cat} of the
 * passphrase file it installs beside the key. The server runs the command through the shell and replaces
 * {@code %p} in it, so the file's path may hold only characters neither touches; and the program must be one
 * only root can change. It prints and never prompts, so it is safe to run at every reload as well
 * ({@code ssl_passphrase_command_supports_reload = on}): a new key or passphrase then takes a reload, not a restart.
 */
final class PassphraseCommand {

    static final Path PROGRAM = Path.of("/bin/cat");
    /** The server reads the command's output into OpenSSL's buffer of 1024 bytes, one line. */
    static final int MAX_BYTES = 1023;
    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9/._+-]*");
    private static final int ROOT = 0;

    private PassphraseCommand() {
    }

    /** The file beside {@code key}: {@code server.key.passphrase} for {@code server.key}. */
    static Path fileFor(Path key) {
        return key.resolveSibling(key.getFileName() + ".passphrase");
    }

    static Map<String, String> parameters(Path file) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("ssl_passphrase_command", PROGRAM + " " + file);
        parameters.put("ssl_passphrase_command_supports_reload", "on");
        return parameters;
    }

    /** Why the command for {@code file} and this passphrase must not be given to the server; empty when it may. */
    static List<String> problems(Path file, Secret passphrase) {
        List<String> problems = new ArrayList<>();
        if (!SAFE_PATH.matcher(file.toString()).matches() || file.toString().contains("..")) {
            problems.add("the passphrase file " + file + " (beside tls.key's destination) may hold only letters, "
                    + "digits and / . _ + -: the server runs ssl_passphrase_command through the shell");
        }
        FileTrust.ofUser(ROOT).fileProblem(PROGRAM, FileTrust.Readers.ANYONE)
                .ifPresent(problem -> problems.add("ssl_passphrase_command would run " + PROGRAM + ": " + problem));
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null && parent.toFile().isDirectory()) {
                FileTrust.othersMayReplaceEntries(parent).ifPresent(problems::add);
            }
        } catch (IOException e) {
            problems.add("cannot check the directory of " + file + ": " + e.getMessage());
        }
        textProblem(passphrase).ifPresent(problems::add);
        return problems;
    }

    /** The server reads one line of at most {@value #MAX_BYTES} bytes, and OpenSSL stops at a NUL. */
    private static Optional<String> textProblem(Secret passphrase) {
        char[] chars = passphrase.chars();
        try {
            for (char c : chars) {
                if (c == '\n' || c == '\r' || c == '\0') {
                    return Optional.of("the passphrase from tls.key.passphrase holds a line break or NUL, which the "
                            + "server cannot read back from ssl_passphrase_command");
                }
            }
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
            int length = bytes.remaining();
            Arrays.fill(bytes.array(), (byte) 0);
            return length > MAX_BYTES ? Optional.of("the passphrase from tls.key.passphrase is longer than "
                    + MAX_BYTES + " bytes, the most the server reads from ssl_passphrase_command") : Optional.empty();
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /** The passphrase file's text: the passphrase alone, no line end. */
    static String content(Secret passphrase) {
        char[] chars = passphrase.chars();
        try {
            return new String(chars);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }
}
