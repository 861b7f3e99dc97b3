package dev.memctl.linux;

import dev.memctl.linux.bindings.sys_mman_h;
import dev.memctl.testkit.DiscardPolicyStressContract;
import java.lang.foreign.MemorySegment;
import java.util.Optional;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The discard-policy stress tests on the Linux provider, with memory pressure simulated by
 * {@code madvise(MADV_PAGEOUT)} (Linux 5.4+) over the whole lazy memory, in a loop.
 *
 * <p><b>How pressure is simulated.</b> {@code MADV_PAGEOUT} hands the range's pages to the
 * kernel's reclaim path ({@code reclaim_pages}, then {@code shrink_folio_list}), the code kswapd
 * and direct reclaim run when memory runs short: a lazily freed page that is still clean is
 * unmapped and freed, and reads zero afterwards; one written since {@code MADV_FREE} is found
 * dirty (atomically with the unmapping, in {@code try_to_unmap_one}) and kept. That is the race
 * the {@code lazy} policy relies on, run thousands of times against the workers' stores. The
 * test checks that the memory's resident bytes did fall during the run, so that it would have
 * seen a page dropped wrongly.
 *
 * <p><b>What it does not cover.</b> Reclaim chosen by the kernel itself: which pages kswapd or
 * direct reclaim pick, and when, under real shortage; reclaim driven by a cgroup's {@code
 * memory.high}/{@code memory.max} (the same {@code shrink_folio_list}, reached another way);
 * swap (this machine has none, so written anonymous pages are never paged out, and a page
 * written after {@code MADV_FREE} is not tested going to swap and coming back); transparent huge
 * pages (the memory is not advised {@code MADV_HUGEPAGE}, and lazily freed huge pages are split
 * first); and a page that sits in another CPU's LRU batch when the call runs, which the call
 * skips (a later round gets it).
 */
@EnabledOnOs(
        value = OS.LINUX,
        architectures = {"amd64", "aarch64"})
class LinuxDiscardPolicyStressTest extends DiscardPolicyStressContract {

    @Override
    protected String provider() {
        return LinuxMemoryProvider.NAME;
    }

    @Override
    protected Optional<Pressure> pressure() {
        return Optional.of(new Pressure() {
            @Override
            public void reclaim(MemorySegment segment) {
                LinuxCalls.madvise(segment.address(), segment.byteSize(), sys_mman_h.MADV_PAGEOUT());
            }

            @Override
            public String description() {
                return "madvise(MADV_PAGEOUT) over the whole memory every 0.5 ms";
            }
        });
    }
}
