package dev.pgstate.reconcilers.kind.hba;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HbaStateTest {

    @Test
    void theCommentsInitdbWritesNameNoFile() {
        assertThat(HbaState.mayNameAFile("""
                # a file name prefixed with "@" to include names from a separate file.
                # include_dir       DIRECTORY
                local all all trust # not @ here either
                host all all 127.0.0.1/32 trust
                """)).isFalse();
    }

    @Test
    void aReferenceOrADirectiveOutsideACommentNamesOne() {
        assertThat(HbaState.mayNameAFile("host all @admins 10.0.0.0/8 trust\n")).isTrue();
        assertThat(HbaState.mayNameAFile("include_if_exists extra.conf\n")).isTrue();
        assertThat(HbaState.mayNameAFile("include extra.conf # more\n")).isTrue();
    }

    @Test
    void aQuoteBeforeTheHashOrAContinuationKeepsTheWholeLine() {
        assertThat(HbaState.mayNameAFile("host all \"a#b\" @admins 10.0.0.0/8 trust\n")).isTrue();
        assertThat(HbaState.mayNameAFile("host all all \\\n  10.0.0.0/8 trust # @admins\n")).isTrue();
        assertThat(HbaState.mayNameAFile("host all # @admins \\\n")).isTrue();
    }
}
