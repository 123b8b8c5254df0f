package dev.pgstate.agent.fleet;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Commands and the spec's files over one logged-in session, each bounded by the box's deadline. What the box's agent
 * does and the spec's files go through the box's {@link Become} when it has one, so they are the agent's user's.
 */
final class RemoteShell implements AutoCloseable {

    /** Permission bits of the spec on the box: its agent refuses one that group or others may change. */
    static final int SPEC_MODE = 0600;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** What {@link #runInTurn} prints between its two commands' outputs. */
    private static final String FIRST_DONE = "pgstate-push: the first command succeeded";

    private final Session session;
    private Instant deadline;
    private final Optional<Become> become;

    RemoteShell(Session session, Instant deadline, Optional<Become> become) {
        this.session = session;
        this.deadline = deadline;
        this.become = become;
    }

    /** What a command printed and how it ended. */
    record Exit(int code, String out, String err) {

        /**
         * What OpenSSH's sshd prints before the command when the login user's home directory is missing (system
         * accounts): not the command's word, which would be hidden behind it.
         */
        private static final String SSHD_NO_HOME = "Could not chdir to home directory";

        /** The first line of stderr, or of stdout when stderr has none, for a report. */
        String firstLine() {
            return Stream.of(err, out).flatMap(String::lines)
                    .filter(line -> !line.isBlank() && !line.startsWith(SSHD_NO_HOME)).findFirst()
                    .map(String::strip).orElse("(no output)");
        }
    }

    /** A file written beside its target, to be renamed over it. */
    record Staged(String path, String target) {
    }

    /** Runs {@code command} (shell words) as the agent's user. */
    Exit runAsAgent(String command, String stage) throws BoxFailure {
        return exec(asAgent(command), Optional.empty(), stage);
    }

    /**
     * Fails, with what sudo or runuser said, when the box's {@link Become} does not work: a rule that asks for a
     * password, a user that does not exist, runuser for a login user that is not root.
     */
    void checkBecome() throws BoxFailure {
        if (become.isEmpty()) {
            return;
        }
        Exit exit = exec(become.get().wrap("true"), Optional.empty(), "become");
        if (exit.code() != 0) {
            throw BoxFailure.failed("cannot become the agent's user (" + become.get().describe() + ", exit "
                    + exit.code() + "): " + exit.firstLine() + switch (become.get().method()) {
                        case SUDO -> " (sudo -n never asks for a password: the login user needs a NOPASSWD rule "
                                + "for commands as " + become.get().user() + ")";
                        case RUNUSER -> " (runuser works only for a login user that is root)";
                    });
        }
    }

    /** A name beside {@code path}, in the same directory so that a rename puts it in place whole. */
    static String temporaryNameFor(String path) {
        int slash = path.lastIndexOf('/');
        return path.substring(0, slash + 1) + "." + path.substring(slash + 1) + ".pgstate-push-" + randomSuffix();
    }

    /**
     * Writes {@code content} to {@code path}, a name no one uses ({@link #temporaryNameFor} of {@code target}), mode
     * {@value #SPEC_MODE} from the moment it exists, so no one else can read it at any moment. Without a become
     * that is SFTP; with one, the content goes to {@code cat} run as the agent's user, since SFTP can only write as
     * the login user. A write that fails (a full disk) removes what it wrote.
     */
    void write(byte[] content, String path, String target) throws BoxFailure {
        if (become.isPresent()) {
            Exit written = exec(asAgent("set -C && umask 077 && cat > " + BoxPush.shellQuoted(path)),
                    Optional.of(content), "upload");
            if (written.code() != 0) {
                throw BoxFailure.failed("upload of " + target + " failed (" + become.get().describe() + ", exit "
                        + written.code() + "): " + written.firstLine() + leftOver(path));
            }
            return;
        }
        boolean created = false;
        try {
            ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
            sftp.connect(remainingMillis("upload"));
            try {
                sftp.put(new ByteArrayInputStream(new byte[0]), path, ChannelSftp.OVERWRITE);
                created = true;
                sftp.chmod(SPEC_MODE, path);
                sftp.put(new ByteArrayInputStream(content), path, ChannelSftp.OVERWRITE);
            } finally {
                sftp.disconnect();
            }
        } catch (JSchException | SftpException e) {
            remainingMillis("upload");
            throw BoxFailure.failed("upload of " + target + " failed: " + e.getMessage()
                    + (created ? leftOver(path) : ""));
        }
    }

    /**
     * Puts {@code files} in place in their order, durably: each is flushed to disk before it is renamed over its
     * target (POSIX rename: the old file is replaced in one step), and the directories after, so a crash leaves the
     * old file or the new one, whole. The box's {@code sync} does the flushing: SFTP has it only as an OpenSSH
     * extension, which JSch does not speak.
     */
    void commit(List<Staged> files) throws BoxFailure {
        Exit committed = runAsAgent(commitScript(files), "in place");
        if (committed.code() != 0) {
            throw commitFailed(files, committed);
        }
    }

    /**
     * {@link #commit}s {@code files} and then, once they are in place, runs {@code command} (shell words) as the agent's
     * user, in one command on the box: one exchange less per box than two.
     *
     * @return what {@code command} printed and how it ended
     * @throws BoxFailure when the files could not be put in place; {@code command} did not run then
     */
    Exit commitThen(List<Staged> files, String command, String stage) throws BoxFailure {
        InTurn inTurn = runInTurn(commitScript(files), command, stage);
        if (inTurn.second().isEmpty()) {
            throw commitFailed(files, inTurn.first());
        }
        return inTurn.second().get();
    }

    /** Two commands run in turn by one command on the box; the second ran only when the first exited 0. */
    record InTurn(Exit first, Optional<Exit> second) {
    }

    /**
     * Runs {@code first} and, when it exits 0, {@code second} (shell words) as the agent's user, in one command on the
     * box: one exchange with the box where there would be two. A line between their outputs, on stdout and on
     * stderr, tells what each printed.
     */
    InTurn runInTurn(String first, String second, String stage) throws BoxFailure {
        String between = "printf '\\n%s\\n' " + BoxPush.shellQuoted(FIRST_DONE);
        Exit both = runAsAgent("{ " + first + "; } && " + between + " && " + between + " >&2 && " + second, stage);
        String line = "\n" + FIRST_DONE + "\n";
        int out = both.out().indexOf(line);
        int err = both.err().indexOf(line);
        if (out < 0 || err < 0) {
            return new InTurn(both, Optional.empty());
        }
        return new InTurn(new Exit(0, both.out().substring(0, out), both.err().substring(0, err)),
                Optional.of(new Exit(both.code(), both.out().substring(out + line.length()),
                        both.err().substring(err + line.length()))));
    }

    private static String commitScript(List<Staged> files) {
        String staged = files.stream().map(file -> BoxPush.shellQuoted(file.path())).collect(Collectors.joining(" "));
        String renames = files.stream().map(file -> "mv -f -T -- " + BoxPush.shellQuoted(file.path()) + " "
                + BoxPush.shellQuoted(file.target())).collect(Collectors.joining(" && "));
        String directories = files.stream().map(file -> BoxPush.shellQuoted(directoryOf(file.target()))).distinct()
                .collect(Collectors.joining(" "));
        return "sync -- " + staged + " && " + renames + " && sync -- " + directories;
    }

    private static BoxFailure commitFailed(List<Staged> files, Exit exit) {
        return BoxFailure.failed("putting " + files.get(files.size() - 1).target() + " in place failed (exit "
                + exit.code() + "): " + exit.firstLine());
    }

    /**
     * The text of {@code path} on the box, read as the agent's user; empty when there is no such file. {@code stage}
     * names the read in a timeout.
     */
    Optional<String> read(String path, String stage) throws BoxFailure {
        String quoted = BoxPush.shellQuoted(path);
        Exit read = runAsAgent("if [ -e " + quoted + " ]; then exec cat -- " + quoted + "; fi", stage);
        if (read.code() != 0) {
            throw BoxFailure.failed("reading " + path + " failed (exit " + read.code() + "): " + read.firstLine());
        }
        return read.out().isEmpty() ? Optional.empty() : Optional.of(read.out());
    }

    /** Moves the deadline {@code by} later: time spent waiting for the rollout, not on the box. */
    void postpone(Duration by) {
        deadline = deadline.plus(by);
    }

    /** Sleeps {@code millis}, or less when the box's deadline comes first, after which this fails. */
    void pause(long millis, String stage) throws BoxFailure {
        try {
            Thread.sleep(Math.min(millis, remainingMillis(stage)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BoxFailure.failed(stage + ": interrupted");
        }
        remainingMillis(stage);
    }

    /** Removes {@code paths}, as the agent's user; what went wrong when it could not, for the report. */
    Optional<String> removed(List<String> paths) {
        String quoted = paths.stream().map(BoxPush::shellQuoted).collect(Collectors.joining(" "));
        try {
            Exit removed = runAsAgent("rm -f -- " + quoted, "remove");
            return removed.code() == 0 ? Optional.empty()
                    : Optional.of(String.join(", ", paths) + " left on the box: " + removed.firstLine());
        } catch (BoxFailure e) {
            return Optional.of(String.join(", ", paths) + " left on the box: " + e.getMessage());
        }
    }

    private String leftOver(String path) {
        return removed(List.of(path)).map(left -> " (" + left + ")").orElse("");
    }

    private String asAgent(String command) {
        return become.map(how -> how.wrap(command)).orElse(command);
    }

    /** Runs {@code command}, its stdin {@code input} or nothing, and waits for the channel to close. */
    private Exit exec(String command, Optional<byte[]> input, String stage) throws BoxFailure {
        ChannelExec channel = null;
        try {
            channel = (ChannelExec) session.openChannel("exec");
            channel.setCommand(command);
            channel.setInputStream(input.map(ByteArrayInputStream::new).orElse(null));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ClosedWithChannel err = new ClosedWithChannel();
            channel.setOutputStream(out);
            channel.setErrStream(err);
            channel.connect(remainingMillis(stage));
            while (!err.closed.await(remainingMillis(stage), TimeUnit.MILLISECONDS)) {
                // the deadline is checked again at the top
            }
            return new Exit(channel.getExitStatus(), out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } catch (JSchException e) {
            remainingMillis(stage); // a channel cut short by the box's deadline failed because time ran out
            throw BoxFailure.failed(stage + ": the SSH channel failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BoxFailure.failed(stage + ": interrupted");
        } finally {
            if (channel != null) {
                channel.disconnect();
            }
        }
    }

    /**
     * A command's stderr, which JSch closes when the channel closes; the exit status has come before (the server
     * sends it before closing), so the command is over when this is closed, without polling for it.
     */
    private static final class ClosedWithChannel extends ByteArrayOutputStream {
        private final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void close() {
            closed.countDown();
        }
    }

    private static String directoryOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash == 0 ? "/" : path.substring(0, slash);
    }

    private static String randomSuffix() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private int remainingMillis(String stage) throws BoxFailure {
        OptionalInt left = millisLeft(Instant.now(), deadline);
        if (left.isEmpty()) {
            session.disconnect();
            throw BoxFailure.failed(stage + ": timed out (the box's --timeout passed)");
        }
        return left.getAsInt();
    }

    /**
     * The milliseconds to wait at {@code now} for {@code deadline}, rounded up, so that a wait never ends before it
     * (the part of a millisecond left is a whole one); empty once the deadline has come.
     */
    static OptionalInt millisLeft(Instant now, Instant deadline) {
        Duration left = Duration.between(now, deadline);
        if (left.isNegative() || left.isZero()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) Math.min(Integer.MAX_VALUE, left.plusNanos(999_999).toMillis()));
    }

    @Override
    public void close() {
        session.disconnect();
    }
}
