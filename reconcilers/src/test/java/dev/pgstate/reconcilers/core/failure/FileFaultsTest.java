package dev.pgstate.reconcilers.core.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class FileFaultsTest {

    @Test
    void theJdksPathOnlyExceptionsSayWhatWentWrong() {
        assertThat(FileFaults.describe(new AccessDeniedException("/etc/x"))).isEqualTo("permission denied: /etc/x");
        assertThat(FileFaults.describe(new NoSuchFileException("/a", "/b", null)))
                .isEqualTo("no such file or directory: /a -> /b");
    }

    @Test
    void aMessageIsKeptAsItIsWithoutTheExceptionsName() {
        assertThat(FileFaults.describe(new IOException("refusing to write /x: it is open to others")))
                .isEqualTo("refusing to write /x: it is open to others");
        assertThat(FileFaults.describe(new FileSystemException("/x", null, "Read-only file system")))
                .isEqualTo("/x: Read-only file system");
    }

    @Test
    void anExceptionWithoutWordsIsNamedByItsShortType() {
        assertThat(FileFaults.describe(new IOException())).isEqualTo("IOException");
    }
}
