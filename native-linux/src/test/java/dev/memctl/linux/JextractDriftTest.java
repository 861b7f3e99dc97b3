package dev.memctl.linux;

import dev.memctl.testkit.JextractDrift;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * {@code dev.memctl.linux.bindings} is exactly what {@code native-linux/jextract/regenerate.sh}
 * generates (skipped, saying why, where no jextract or libclang is found).
 */
@EnabledOnOs(OS.LINUX)
class JextractDriftTest {

    @Test
    void committedBindingsAreJextractsOutput() throws Exception {
        JextractDrift.assertCommittedBindingsAreGenerated(Path.of("").toAbsolutePath(), "dev/memctl/linux/bindings");
    }
}
