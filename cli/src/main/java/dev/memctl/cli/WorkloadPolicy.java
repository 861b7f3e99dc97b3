package dev.memctl.cli;

import dev.memctl.DiscardPolicy;
import dev.memctl.MemoryConfig;
import dev.memctl.spi.DiscardStrategy;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What {@code memctl measure --workload} runs a program under: the three {@link DiscardPolicy}s
 * and {@code fill-zero}, the control (a valid discard that gives nothing back), in the order the
 * output lists them.
 */
enum WorkloadPolicy {
    RELEASE("release"),
    LAZY("lazy"),
    DEFERRED("deferred"),
    FILL_ZERO("fill-zero");

    private final String id;

    WorkloadPolicy(String id) {
        this.id = id;
    }

    /** The name on the command line and in the output. */
    String id() {
        return id;
    }

    /** Whether the provider must support lazy free ({@code MADV_FREE}) for this policy. */
    boolean needsLazyFree() {
        return this == LAZY || this == DEFERRED;
    }

    /**
     * The configuration of a memory under this policy: {@code provider} (null: the default one)
     * and, for {@link #DEFERRED}, {@code decay} and {@code maxPendingBytes}.
     */
    MemoryConfig config(String provider, Duration decay, long maxPendingBytes) {
        MemoryConfig.Builder b = MemoryConfig.builder();
        if (provider != null) {
            b.provider(provider);
        }
        switch (this) {
            case RELEASE -> b.discardPolicy(DiscardPolicy.release());
            case LAZY -> b.discardPolicy(DiscardPolicy.lazy());
            case DEFERRED -> b.discardPolicy(DiscardPolicy.deferred(decay, maxPendingBytes));
            case FILL_ZERO -> b.discardStrategy(DiscardStrategy.FILL_ZERO.name());
        }
        return b.build();
    }

    /** {@code release, lazy, deferred, fill-zero}. */
    static String ids() {
        return String.join(", ", Arrays.stream(values()).map(WorkloadPolicy::id).toList());
    }

    /**
     * The policy called {@code id}.
     *
     * @throws IllegalArgumentException naming the valid ones if there is none
     */
    static WorkloadPolicy byId(String id) {
        String name = id.strip().toLowerCase(Locale.ROOT);
        for (WorkloadPolicy p : values()) {
            if (p.id.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown policy '" + id + "'; valid: " + ids());
    }

    /** Every policy, in output order. */
    static List<WorkloadPolicy> all() {
        return List.of(values());
    }
}
