package dev.pgstate.reconcilers.kind.extension;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PreloadTest {

    @Test
    void librariesReadByBareNameWhateverTheSpelling() {
        assertThat(Preload.libraries("pg_stat_statements, $libdir/pg_cron.so,\"auto_explain\""))
                .containsExactly("pg_stat_statements", "pg_cron", "auto_explain");
        assertThat(Preload.libraries("")).isEmpty();
    }

    @Test
    void onlyTheListedExtensionsNeedALibraryAtStart() {
        assertThat(Preload.libraryOf("pg_stat_statements")).contains("pg_stat_statements");
        assertThat(Preload.libraryOf("hstore")).isEmpty();
    }
}
