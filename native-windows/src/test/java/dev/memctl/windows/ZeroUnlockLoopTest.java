package dev.memctl.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code zero-unlock} loop without the system calls, on every OS: each piece is zeroed and
 * then unlocked before the next is touched, and a failed unlock stops the unlocking but not the
 * zeroing. {@code WindowsProviderTest} checks the same loop with the real calls on Windows.
 */
class ZeroUnlockLoopTest {

    private static final long PIECE = WindowsMemoryProvider.UNLOCK_PIECE;
    private static final long BASE = 0x7f00_0000_0000L;
    private static final int ERROR_ACCESS_DENIED = 5;

    /** Records the calls in order; {@code unlock} fails with {@code error} at piece {@code failAt}. */
    static final class Recorder implements WindowsMemoryProvider.PieceCalls {
        final List<String> calls = new ArrayList<>();
        final long failAt;
        final int error;

        Recorder(long failAt, int error) {
            this.failAt = failAt;
            this.error = error;
        }

        @Override
        public void zero(long address, long length) {
            calls.add("zero " + (address - BASE) / PIECE + " " + length);
        }

        @Override
        public int unlock(long address, long length) {
            long piece = (address - BASE) / PIECE;
            calls.add("unlock " + piece + " " + length);
            return piece == failAt ? error : 0;
        }
    }

    @Test
    void eachPieceIsZeroedThenUnlockedBeforeTheNext() {
        Recorder r = new Recorder(-1, 0);
        assertNull(WindowsMemoryProvider.zeroUnlockPieces(BASE, 3 * PIECE, PIECE, r));
        assertEquals(
                List.of(
                        "zero 0 65536",
                        "unlock 0 65536",
                        "zero 1 65536",
                        "unlock 1 65536",
                        "zero 2 65536",
                        "unlock 2 65536"),
                r.calls);
    }

    @Test
    void aFailedUnlockStopsTheUnlockingButEveryPieceIsStillZeroed() {
        Recorder r = new Recorder(1, ERROR_ACCESS_DENIED);
        WindowsMemoryProvider.UnlockFailure failed = WindowsMemoryProvider.zeroUnlockPieces(BASE, 4 * PIECE, PIECE, r);
        assertEquals(new WindowsMemoryProvider.UnlockFailure(BASE + PIECE, PIECE, ERROR_ACCESS_DENIED), failed);
        assertEquals(
                List.of(
                        "zero 0 65536",
                        "unlock 0 65536",
                        "zero 1 65536",
                        "unlock 1 65536",
                        "zero 2 65536",
                        "zero 3 65536"),
                r.calls);
    }

    @Test
    void aFailureAtTheFirstPieceIsReportedThere() {
        Recorder r = new Recorder(0, ERROR_ACCESS_DENIED);
        assertEquals(
                new WindowsMemoryProvider.UnlockFailure(BASE, PIECE, ERROR_ACCESS_DENIED),
                WindowsMemoryProvider.zeroUnlockPieces(BASE, 2 * PIECE, PIECE, r));
        assertEquals(List.of("zero 0 65536", "unlock 0 65536", "zero 1 65536"), r.calls);
    }

    @Test
    void anEmptyRangeMakesNoCallAndAShortLastPieceIsItsOwnSize() {
        Recorder empty = new Recorder(-1, 0);
        assertNull(WindowsMemoryProvider.zeroUnlockPieces(BASE, 0, PIECE, empty));
        assertEquals(List.of(), empty.calls);
        // The core only discards whole 64 KiB pages; the loop still never passes the range's end.
        Recorder r = new Recorder(-1, 0);
        assertNull(WindowsMemoryProvider.zeroUnlockPieces(BASE, PIECE + 4096, PIECE, r));
        assertEquals(List.of("zero 0 65536", "unlock 0 65536", "zero 1 4096", "unlock 1 4096"), r.calls);
    }
}
