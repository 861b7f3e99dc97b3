/**
 * memctl for every operating system in one module: the core, re-exported, and the Linux, macOS and
 * Windows providers. Each provider decides at run time whether it can serve this OS, and {@link
 * dev.memctl.spi.Providers} picks the one that can; requiring this module only makes sure that all
 * of them are resolved. (Service binding resolves them too, from any module path that holds them:
 * {@code requires dev.memctl.core} is enough where the jars are there.)
 */
module dev.memctl.all {
    requires transitive dev.memctl.core;

    // Not transitive: the providers are used through dev.memctl.spi.MemoryProvider, never by name.
    requires dev.memctl.linux;
    requires dev.memctl.macos;
    requires dev.memctl.windows;
}
