package dev.memctl.windows;

import dev.memctl.windows.bindings.windows_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The names and texts of the Win32 error codes that {@code GetLastError()} reports: names from a
 * table of the codes the memory calls return, texts from {@code FormatMessageW}. The linker
 * captures the code itself ({@link WindowsCalls#LAST_ERROR}), on Windows only, so this class
 * holds no capture and may be read on any OS.
 */
final class LastError {

    private LastError() {}

    /**
     * The symbolic name of a Win32 error code the memory calls return, or {@code ERROR_<n>}
     * for another one (so the message keeps the Windows shape, "error N").
     */
    static String name(int error) {
        return Names.BY_CODE.getOrDefault(error, "ERROR_" + Integer.toUnsignedString(error));
    }

    /**
     * Names of the Win32 error codes the memory calls return; values checked against winerror.h.
     * A holder: reading {@code windows_h} initialises it, and its initialiser calls a restricted
     * method ({@code AddressLayout.withTargetLayout}), which must not happen on another OS, where
     * the provider is created only to say it is unavailable.
     */
    static final class Names {
        static final Map<Integer, String> BY_CODE = Map.ofEntries(
                Map.entry(windows_h.ERROR_ACCESS_DENIED(), "ERROR_ACCESS_DENIED"),
                Map.entry(windows_h.ERROR_INVALID_HANDLE(), "ERROR_INVALID_HANDLE"),
                Map.entry(windows_h.ERROR_NOT_ENOUGH_MEMORY(), "ERROR_NOT_ENOUGH_MEMORY"),
                Map.entry(windows_h.ERROR_OUTOFMEMORY(), "ERROR_OUTOFMEMORY"),
                Map.entry(windows_h.ERROR_BAD_LENGTH(), "ERROR_BAD_LENGTH"),
                Map.entry(windows_h.ERROR_NOT_SUPPORTED(), "ERROR_NOT_SUPPORTED"),
                Map.entry(windows_h.ERROR_INVALID_PARAMETER(), "ERROR_INVALID_PARAMETER"),
                Map.entry(windows_h.ERROR_INSUFFICIENT_BUFFER(), "ERROR_INSUFFICIENT_BUFFER"),
                Map.entry(windows_h.ERROR_NOT_LOCKED(), "ERROR_NOT_LOCKED"),
                Map.entry(windows_h.ERROR_PARTIAL_COPY(), "ERROR_PARTIAL_COPY"),
                Map.entry(windows_h.ERROR_INVALID_ADDRESS(), "ERROR_INVALID_ADDRESS"),
                Map.entry(windows_h.ERROR_NOACCESS(), "ERROR_NOACCESS"),
                Map.entry(windows_h.ERROR_WORKING_SET_QUOTA(), "ERROR_WORKING_SET_QUOTA"),
                Map.entry(windows_h.ERROR_PAGEFILE_QUOTA(), "ERROR_PAGEFILE_QUOTA"),
                Map.entry(windows_h.ERROR_COMMITMENT_LIMIT(), "ERROR_COMMITMENT_LIMIT"));

        private Names() {}
    }

    /** The system's text for {@code error} from {@code FormatMessageW}, or null if it has none; asked only to explain a failure. */
    static String text(int error) {
        try (Arena arena = Arena.ofConfined()) {
            int capacity = 512;
            MemorySegment buffer = arena.allocate((long) capacity * Character.BYTES, 2);
            int n = windows_h.FormatMessageW(
                    windows_h.FORMAT_MESSAGE_FROM_SYSTEM() | windows_h.FORMAT_MESSAGE_IGNORE_INSERTS(),
                    MemorySegment.NULL,
                    error,
                    0,
                    buffer,
                    capacity,
                    MemorySegment.NULL);
            if (n <= 0) {
                return null;
            }
            byte[] utf16 = buffer.asSlice(0, (long) n * Character.BYTES).toArray(ValueLayout.JAVA_BYTE);
            return new String(utf16, StandardCharsets.UTF_16LE).strip();
        } catch (RuntimeException | LinkageError e) {
            return null; // the message keeps the number and the name
        }
    }
}
